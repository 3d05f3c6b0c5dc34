// Well-formed random programs (Csmith's idea: valid by construction), for property tests of the formatter,
// the simplifier and the targets, and for the program search. Every generated program lowers without
// errors: locals are read only after they are assigned, calls have the op table's arity, w and g come
// first, 0-3 state slots are returned after the update in parameter order, reductions get tensors where
// the op table asks for them (the generator tracks which names are tensors), and expressions stay far
// below the parser's nesting limit. `arbIRProgram` gives the same programs lowered, and a caller may plant an
// expression of its own (a rewrite rule's pattern, a mutation) in the body, reading generated values.
// The ops are drawn by generate-ops.ts, the names by generate-names.ts.

import fc from 'fast-check';
import type { Default, Expr, Param, Program } from '../grammar/ast.ts';
import type { Span } from '../grammar/diagnostics.ts';
import { format } from '../grammar/format.ts';
import { arbName, isConstant, isTaken } from './generate-names.ts';
import { type Callable, callables, DOMAINS, type Domain, drawOp, operands } from './generate-ops.ts';
import * as ir from './ir.ts';
import { lower } from './lower.ts';
import { CALLABLE, CONSTANTS, STEP } from './ops.ts';

export interface GenerateOptions {
  /** Callable spellings to draw calls from (names or aliases); default: all of them. */
  ops?: readonly string[];
  /** Whether to call reductions (norm, dot, clip_by_global_norm, ...); default true. */
  reductions?: boolean;
  /**
   * Whether to compute rows and cols values (sum_rows, mean_cols, …: ops.ts kind 'axis_reduce'), outside Hero's
   * search space; default false.
   */
  shapes?: boolean;
  /** Whether names include JS/WGSL keywords, Object.prototype members and Unicode; default true. */
  hostileNames?: boolean;
  /** Body statements before the return: 1 to this many; default 8. */
  maxStatements?: number;
  /** Operators and calls nested in one expression; default 3. */
  maxDepth?: number;
  /** Default 3. */
  maxStateSlots?: number;
  /** Per-step scalar inputs such as `lr`; default 2. */
  maxInputs?: number;
  /** Whether some hyperparameters get declared defaults; default true. */
  defaults?: boolean;
  /**
   * Infix operators to draw from, a repeated one more often; default + - * / ** twice as often as each of
   * % and the six comparisons (which give 0 or 1: a program full of them computes little).
   */
  operators?: readonly BinaryOperator[];
  /**
   * Keep arguments inside their ops' domains (`sqrt(abs(x) + 0.5)`, `arcsin(0.9 * tanh(x))`, a divisor or a
   * power's base `abs(y) + 1`), so that most programs stay finite on random inputs: what differential tests
   * want, since a program whose reference meets a NaN compares nothing. Default false.
   */
  inDomain?: boolean;
  /** An expression to plant in the body; none by default. */
  plant?: Plant;
}

/** ir.ts's types; rows and cols only with the `shapes` option. */
export type Type = ir.Type;

/** What a planted expression is built with: values the program has computed, and the generator's randomness. */
export interface PlantContext {
  /** A name holding a value of this type (the same name read twice is the same IR value). */
  value(type: Type): Expr;
  pick<T>(choices: readonly T[]): T;
}

export interface Plant {
  build(context: PlantContext): Expr;
  /**
   * The planted expression is the update itself, with nothing computed from it; otherwise it is a new local
   * at a random point of the body, which later statements and the update may read (the update does half the
   * time, when it is a tensor).
   */
  last?: boolean;
}

export type BinaryOperator = Extract<Expr, { kind: 'binary' }>['op'];

type Settings = Required<Omit<GenerateOptions, 'plant'>> & Pick<GenerateOptions, 'plant'>;

const DEFAULTS: Settings = {
  ops: [...CALLABLE.keys()],
  reductions: true,
  shapes: false,
  hostileNames: true,
  maxStatements: 8,
  maxDepth: 3,
  maxStateSlots: 3,
  maxInputs: 2,
  defaults: true,
  operators: ['+', '-', '*', '/', '**', '+', '-', '*', '/', '**', '%', '<', '<=', '>', '>=', '==', '!='],
  inDomain: false,
};

/** Number literals as users write them; printed back from this text, so every form is exercised. */
const NUMBER_TEXTS = [
  '0.9',
  '0.999',
  '0.99',
  '1e-8',
  '3',
  '.5',
  '5.',
  '1E+3',
  '0.001',
  '2',
  '1',
  '0',
  '1e-3',
  '10',
  '1.0',
];

export function arbProgram(options: GenerateOptions = {}): fc.Arbitrary<Program> {
  const settings = { ...DEFAULTS, ...options };
  return fc.gen().map((g) => new ProgramBuilder(g, settings).build());
}

/** Generated programs lowered to IR (every one lowers without errors). */
export function arbIRProgram(options: GenerateOptions = {}): fc.Arbitrary<ir.Program> {
  return arbProgram(options).map((ast) => lower(ast).program!);
}

/** A generated program's canonical source text. */
export function arbProgramSource(options: GenerateOptions = {}): fc.Arbitrary<string> {
  return arbProgram(options).map(format);
}

const FILE = 'generated.opt';
/** Generated nodes have no source: every span is the start of the file. */
const span = (): Span => ({ file: FILE, line: 1, col: 1, start: 0, end: 0 });

class ProgramBuilder {
  private readonly used = new Set<string>();
  /** What the body can read at this point, with each name's type. */
  private readonly readable = new Map<string, Type>();
  private readonly hypers: string[] = [];
  /** The gradient's name (never reassigned with shapes: it anchors the state slots' types). */
  private grad = 'g';
  private readonly calls: readonly Callable[];
  private plantedName?: string;

  constructor(
    private readonly g: fc.GeneratorValue,
    private readonly settings: Settings,
  ) {
    this.calls = callables(settings.ops).filter(
      (c) => (settings.reductions || c.def.kind === 'elementwise') && (settings.shapes || c.def.kind !== 'axis_reduce'),
    );
  }

  build(): Program {
    const w = this.g(fc.boolean) ? this.claim('w') : this.fresh();
    const grad = this.g(fc.boolean) ? this.claim('g') : this.fresh();
    const state = this.names(this.g(fc.integer, { min: 0, max: this.settings.maxStateSlots }));
    const inputs = this.names(this.g(fc.integer, { min: 0, max: this.settings.maxInputs }));
    // State slots and inputs may interleave; the return lists the slots in parameter order.
    const extra = this.g(fc.shuffledSubarray, [...state, ...inputs], { minLength: state.length + inputs.length });
    for (const name of [w, grad]) this.readable.set(name, 'tensor');
    // With shapes, a slot may hold one number per row or per column; its every assignment has that type.
    for (const name of state)
      this.readable.set(
        name,
        this.settings.shapes ? this.g(fc.constantFrom, 'tensor', 'tensor', 'rows', 'cols') : 'tensor',
      );
    for (const name of inputs) this.readable.set(name, 'scalar');
    this.grad = grad;
    const body = this.body(extra.filter((name) => state.includes(name)));
    const update = this.update();
    const slots = extra.filter((name) => state.includes(name));
    const params: Param[] = [w, grad, ...extra].map((name) => ({ name, span: span() }));
    return {
      file: FILE,
      comments: [],
      defaults: this.declaredDefaults(),
      name: this.g(fc.boolean) ? 'train' : this.fresh(),
      nameSpan: span(),
      params,
      body,
      returns: [update, ...slots.map((name): Expr => ({ kind: 'name', name, span: span() }))],
      returnSpan: span(),
      span: span(),
    };
  }

  /** Assignments to new locals, to parameters and locals again, and to every state slot at least once. */
  private body(slots: string[]): Program['body'] {
    const body: Program['body'] = [];
    const assign = (target: string, type: Type) => {
      const value = slots.includes(target) ? this.slotValue(type) : this.expr(type, this.settings.maxDepth);
      body.push({ kind: 'assign', target, targetSpan: span(), value, span: span() });
      this.readable.set(target, type);
    };
    const unassigned = new Set(slots);
    const count = this.g(fc.integer, { min: 1, max: this.settings.maxStatements });
    const plantAt = this.settings.plant && !this.settings.plant.last ? this.g(fc.integer, { min: 0, max: count }) : -1;
    for (let i = 0; i <= count; i++) {
      if (i === plantAt) {
        const value = this.planted();
        this.plantedName = this.fresh();
        body.push({ kind: 'assign', target: this.plantedName, targetSpan: span(), value, span: span() });
        this.readable.set(this.plantedName, this.typeOf(value));
      }
      if (i === count) break;
      const kind = this.g(fc.constantFrom, 'local', 'local', 'again', 'slot');
      if (kind === 'slot' && unassigned.size > 0) {
        const slot = this.g(fc.constantFrom, ...unassigned);
        unassigned.delete(slot);
        assign(slot, this.readable.get(slot)!);
      } else if (kind === 'again') {
        const again = [...this.readable.keys()].filter((name) => !(this.settings.shapes && name === this.grad));
        const target = this.g(fc.constantFrom, ...again);
        assign(target, this.readable.get(target)!);
      } else {
        assign(this.fresh(), this.g(fc.constantFrom, 'tensor', 'tensor', 'scalar', ...this.shaped()));
      }
    }
    for (const slot of unassigned) assign(slot, this.readable.get(slot)!);
    return body;
  }

  /**
   * A state slot's new value. With shapes, one operand is the gradient itself (or its row or column means),
   * whose type does not depend on any slot's: a slot's type is the least fixpoint over what is assigned to it
   * (types.ts), and without this anchor a slot meant to be a tensor could be consistently typed as rows
   * (`s = sign(s) * mean_rows(g)` is rows if s is), and a rows slot as a scalar.
   */
  private slotValue(type: Type): Expr {
    const value = this.expr(type, this.settings.maxDepth);
    if (!this.settings.shapes) return value;
    const g = this.name(this.grad);
    const anchor: Expr =
      type === 'tensor'
        ? g
        : {
            kind: 'call',
            callee: type === 'rows' ? 'mean_rows' : 'mean_cols',
            calleeSpan: span(),
            args: [g],
            span: span(),
          };
    const [left, right] = this.g(fc.boolean) ? [value, anchor] : [anchor, value];
    return { kind: 'binary', op: this.g(fc.constantFrom, '+', '*', '-'), left, right, span: span() };
  }

  /** Rows and cols, with the shapes option. */
  private shaped(): Type[] {
    return this.settings.shapes ? ['rows', 'cols'] : [];
  }

  private update(): Expr {
    const plant = this.settings.plant;
    if (plant?.last) return this.planted();
    const name = this.plantedName;
    if (name !== undefined && this.readable.get(name) === 'tensor' && this.g(fc.boolean)) return this.name(name);
    return this.expr('tensor', this.settings.maxDepth);
  }

  private planted(): Expr {
    return this.settings.plant!.build({
      value: (type) => this.leaf(type, true),
      pick: (choices) => this.g(fc.constantFrom, ...choices),
    });
  }

  /** The type of an expression over the names readable now (the type pass's rules, without diagnostics). */
  private typeOf(e: Expr): Type {
    const broadcast = ir.broadcastTypes;
    switch (e.kind) {
      case 'num':
        return 'scalar';
      case 'name':
        return this.readable.get(e.name) ?? 'scalar';
      case 'neg':
        return this.typeOf(e.operand);
      case 'binary':
        return broadcast([this.typeOf(e.left), this.typeOf(e.right)]);
      case 'call': {
        const def = CALLABLE.get(e.callee)!;
        if (def.result === 'axis') return ir.axisType(def.axis!, this.typeOf(e.args[0]));
        return def.result === 'broadcast' ? broadcast(e.args.map((a) => this.typeOf(a))) : def.result;
      }
    }
  }

  private expr(type: Type, depth: number): Expr {
    if (depth <= 0 || this.g(fc.integer, { min: 0, max: 3 }) === 0) return this.leaf(type);
    const kind = this.g(fc.constantFrom, 'binary', 'binary', 'neg', 'call', 'call');
    if (kind === 'neg') return { kind: 'neg', operand: this.expr(type, depth - 1), span: span() };
    if (kind === 'call') {
      const call = this.call(type, depth);
      if (call) return call;
    }
    const op = this.g(fc.constantFrom, ...this.settings.operators);
    const [left, right] =
      type === 'scalar'
        ? (['scalar', 'scalar'] as const)
        : this.g(fc.constantFrom, ...operands(type, this.settings.shapes));
    const [l, r] = [this.expr(left, depth - 1), this.expr(right, depth - 1)];
    // x / y and x % y away from y = 0, x ** y with x > 0 (a negative base to a fractional power is NaN).
    const guarded =
      op === '/' || op === '%'
        ? [l, this.inDomain('positive', r)]
        : op === '**'
          ? [this.inDomain('positive', l), r]
          : [l, r];
    return { kind: 'binary', op, left: guarded[0], right: guarded[1], span: span() };
  }

  /** A call whose result has `type`, or undefined when no allowed op gives one. */
  private call(type: Type, depth: number): Expr | undefined {
    const drawn = drawOp(this.g, this.calls, type, this.settings.shapes);
    if (drawn === undefined) return undefined;
    const { def, spelling, types } = drawn;
    const args = types.map((t: Type, i) => this.inDomain(DOMAINS[def.name]?.[i], this.expr(t, depth - 1)));
    return { kind: 'call', callee: spelling, calleeSpan: span(), args, span: span() };
  }

  /** `e` moved into `domain` when the settings ask for it (`abs(e) + 0.5`, `0.9 * tanh(e)`), else `e`. */
  private inDomain(domain: Domain | undefined, e: Expr): Expr {
    if (!this.settings.inDomain || domain === undefined) return e;
    const num = (text: string): Expr => ({ kind: 'num', value: Number(text), text, span: span() });
    const call = (callee: string, arg: Expr): Expr => ({
      kind: 'call',
      callee,
      calleeSpan: span(),
      args: [arg],
      span: span(),
    });
    const binary = (op: BinaryOperator, left: Expr, right: Expr): Expr => ({
      kind: 'binary',
      op,
      left,
      right,
      span: span(),
    });
    if (domain === 'unit') return binary('*', num('0.9'), call('tanh', e));
    const offset =
      domain === 'above1' ? this.g(fc.constantFrom, '1.5', '2') : this.g(fc.constantFrom, '0.1', '0.5', '1');
    return binary('+', call('abs', e), num(offset));
  }

  /** A name, number or constant of `type`; only a name when `named` (a value a planted pattern may bind twice). */
  private leaf(type: Type, named = false): Expr {
    const names = [...this.readable].filter(([, t]) => t === type).map(([name]) => name);
    if (type === 'rows' || type === 'cols') {
      // A rows or cols name, or a reduction of a tensor name to one (there may be no such name yet).
      if (names.length > 0 && (named || this.g(fc.boolean))) return this.name(this.g(fc.constantFrom, ...names));
      const callee = this.g(
        fc.constantFrom,
        ...(type === 'rows' ? ['sum_rows', 'mean_rows'] : ['sum_cols', 'mean_cols']),
      );
      return { kind: 'call', callee, calleeSpan: span(), args: [this.leaf('tensor', named)], span: span() };
    }
    if (type === 'tensor' || (named && names.length > 0)) return this.name(this.g(fc.constantFrom, ...names));
    if (named) return this.name(this.g(fc.boolean) ? STEP : this.hyper());
    const kind = this.g(fc.constantFrom, 'number', 'number', 'hyper', 'hyper', 'name', 'step', 'constant');
    if (kind === 'name' && names.length > 0) return this.name(this.g(fc.constantFrom, ...names));
    if (kind === 'step') return this.name(STEP);
    if (kind === 'constant') return this.name(this.g(fc.constantFrom, ...Object.keys(CONSTANTS)));
    if (kind === 'hyper') return this.name(this.hyper());
    const text = this.g(fc.constantFrom, ...NUMBER_TEXTS);
    return { kind: 'num', value: Number(text), text, span: span() };
  }

  /** A hyperparameter to read: a new one (up to four), or one already read. */
  private hyper(): string {
    if (this.hypers.length > 0 && (this.hypers.length >= 4 || this.g(fc.boolean)))
      return this.g(fc.constantFrom, ...this.hypers);
    const name = this.fresh();
    this.hypers.push(name);
    return name;
  }

  private declaredDefaults(): Default[] {
    if (!this.settings.defaults) return [];
    return this.hypers
      .filter(() => this.g(fc.boolean))
      .map((name) => {
        const digits = this.g(fc.constantFrom, ...NUMBER_TEXTS);
        const text = this.g(fc.boolean) ? digits : `-${digits}`;
        return { name, nameSpan: span(), value: Number(text), text, span: span() };
      });
  }

  private name(name: string): Expr {
    return { kind: 'name', name, span: span() };
  }

  private names(count: number): string[] {
    return Array.from({ length: count }, () => this.fresh());
  }

  /**
   * A new name no other role has and the language does not take. Constants' names are avoided too: a local
   * named `e` would make an earlier read of the constant `e` a read before assignment.
   */
  private fresh(): string {
    const base = this.g(arbName, this.settings.hostileNames);
    let name = base;
    for (let k = 2; this.used.has(name) || isTaken(name) || isConstant(name); k++) name = `${base}_${k}`;
    return this.claim(name);
  }

  private claim(name: string): string {
    if (this.used.has(name)) return this.fresh();
    this.used.add(name);
    return name;
  }
}
