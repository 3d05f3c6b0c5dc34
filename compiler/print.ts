// IR → program text in the language's own syntax: what `optic simplify` prints, valid input to every other
// command. One statement per named value (the names come from the source via Node.name), unnamed values
// used once written inline, constants as literals, declared defaults as module-level lines.
//
// The printer builds an AST (grammar/ast.ts) and hands it to grammar/format.ts, so its text is `optic fmt`'s
// canonical form by construction and precedence and parentheses are decided in one place. The AST has no
// source: every printed line gets a span of its own, consecutive, so format keeps no blank lines but the one
// before the def; expressions carry NOWHERE (format reads only a statement's own line).
//
// The IR is SSA and the text is not, so names are allocated like registers: a value takes its source name
// when the value that name holds is no longer read, else a fresh `name_1`. Each state slot must end up in
// its parameter's name (the return lists slots by name), and hyperparameter names and `step` can never be
// assigned (that would make them locals): what cannot be arranged in order is fixed by copies at the end.

import type * as ast from '../grammar/ast.ts';
import type { Span } from '../grammar/diagnostics.ts';
import { format, formatExpression } from '../grammar/format.ts';
import { RESERVED } from '../grammar/lexer.ts';
import { isLeaf, liveNodes, type Node, type Program, type ValueId } from './ir.ts';
import { CALLABLE, op, STEP, type OpName } from './ops.ts';

/** The span of an expression the printer made: it has no source (line 0 never decides a blank line). */
const NOWHERE: Span = { file: '', line: 0, col: 0, start: 0, end: 0 };

/** An expression and its canonical text, for the passes' logs. */
export interface Text {
  text: string;
  expr: ast.Expr;
}

const show = (expr: ast.Expr): Text => ({ text: formatExpression(expr), expr });
const name = (n: string): ast.Expr => ({ kind: 'name', name: n, span: NOWHERE });
const num = (x: number): ast.Expr => ({ kind: 'num', value: x, text: String(x), span: NOWHERE });
const binary = (o: ast.BinaryOp, left: ast.Expr, right: ast.Expr): ast.Expr => ({
  kind: 'binary',
  op: o,
  left,
  right,
  span: NOWHERE,
});
const neg = (operand: ast.Expr): ast.Expr => ({ kind: 'neg', operand, span: NOWHERE });

/**
 * A number literal. The lexer has no signs and no Inf/NaN: negatives are a unary minus, and non-finite
 * values (which the passes never make: fold.ts leaves them unfolded) an expression computing them.
 */
export function literalExpr(x: number): ast.Expr {
  if (Number.isNaN(x)) return binary('/', num(0), num(0));
  if (!Number.isFinite(x)) return binary('/', x > 0 ? num(1) : neg(num(1)), num(0));
  return x < 0 || Object.is(x, -0) ? neg(num(-x)) : num(x);
}

export const literal = (x: number): Text => show(literalExpr(x));

/** An op applied to arguments, written as the language writes it: an operator, unary minus or a call. */
export function opExpr(opName: OpName, args: readonly ast.Expr[]): ast.Expr {
  const def = op(opName);
  if (def.prefix) return neg(args[0]);
  if (def.infix) return binary(def.infix, args[0], args[1]);
  return { kind: 'call', callee: def.name, calleeSpan: NOWHERE, args: [...args], span: NOWHERE };
}

/** A node as a short expression over the source names of its arguments, for logs: `m / m_abs`. */
export const describe = (program: Program, id: ValueId, depth = 2): Text => show(describeExpr(program, id, depth));

function describeExpr(program: Program, id: ValueId, depth: number): ast.Expr {
  const node = program.nodes[id];
  if (node.op === 'const') return literalExpr(node.value!);
  if (isLeaf(node.op)) return name(node.name ?? node.op);
  const args = node.args.map((a) => {
    const arg = program.nodes[a];
    if (arg.name !== undefined && !(arg.op === 'const')) return name(arg.name);
    return depth > 0 || isLeaf(arg.op) ? describeExpr(program, a, depth - 1) : name('…');
  });
  return opExpr(node.op as OpName, args);
}

export interface PrintOptions {
  /** Comment lines (without `#`) printed before the program. */
  header?: readonly string[];
  /** Comment lines printed after it. */
  footer?: readonly string[];
}

/** Deeper inline expressions become statements: the parser limits nesting (grammar/depth.ts). */
const MAX_INLINE_DEPTH = 40;

export function printProgram(program: Program, options: PrintOptions = {}): string {
  return format(printAst(program, options));
}

/** The program as an AST whose lines are numbered in print order (see the header comment). */
export function printAst(program: Program, options: PrintOptions = {}): ast.Program {
  const layout = planStatements(program);
  const { body, update } = new NameAllocator(program, layout).statements();
  let line = 0;
  const next = (): Span => ({ file: program.file, line: ++line, col: 1, start: 2 * line, end: 2 * line + 1 });
  // Comments are whole lines of their own; a newline inside one would end it and start code.
  const comment = (text: string): ast.Comment => ({
    text: `# ${text.replace(/[\r\n]+/g, ' ')}`.trimEnd(),
    span: next(),
  });
  const header = (options.header ?? []).map(comment);
  const defaults = defaultsRead(program, layout.live).map(([n, value]): ast.Default => {
    const span = next();
    return { name: n, nameSpan: span, value, text: formatExpression(literalExpr(value)), span };
  });
  const defSpan = next();
  const params = paramNames(program).map((n) => ({ name: n, span: defSpan }));
  const statements = body.map(([target, value]): ast.Assign => {
    const span = next();
    return { kind: 'assign', target, targetSpan: span, value, span };
  });
  const returnSpan = next();
  const returns = [update, ...program.signature.state.map(name)];
  const footer = (options.footer ?? []).map(comment);
  return {
    file: program.file,
    comments: [...header, ...footer],
    defaults,
    name: program.signature.fn,
    nameSpan: defSpan,
    params,
    body: statements,
    returns,
    returnSpan,
    span: defSpan,
  };
}

function paramNames(program: Program): string[] {
  const s = program.signature;
  return [s.w, s.g, ...s.state, ...s.inputs];
}

/** The hyperparameters the program still reads that declare a default, with it. */
function defaultsRead(program: Program, live: ReadonlySet<ValueId>): Array<[string, number]> {
  const read = new Set<number>();
  for (const id of live) if (program.nodes[id].op === 'hyper') read.add(program.nodes[id].index!);
  return program.signature.hypers.flatMap(
    (h, i): Array<[string, number]> => (h.default !== undefined && read.has(i) ? [[h.name, h.default]] : []),
  );
}
/** Which live ops get a statement (the rest are written inline in their one user), in node order. */
interface Layout {
  live: ReadonlySet<ValueId>;
  statements: ValueId[];
  inline: ReadonlySet<ValueId>;
}

function planStatements(program: Program): Layout {
  const live = liveNodes(program);
  const { update, state } = program.outputs;
  const uses = new Map<ValueId, number>();
  for (const id of live) for (const a of program.nodes[id].args) uses.set(a, (uses.get(a) ?? 0) + 1);
  const outputs = new Set([update, ...state]);
  const inline = new Set<ValueId>();
  const depth = new Map<ValueId, number>();
  const statements: ValueId[] = [];
  for (const node of program.nodes) {
    if (!live.has(node.id) || isLeaf(node.op)) continue;
    const d = 1 + Math.max(0, ...node.args.map((a) => (inline.has(a) ? depth.get(a)! : 0)));
    const inlinable =
      node.name === undefined && uses.get(node.id) === 1 && !outputs.has(node.id) && d < MAX_INLINE_DEPTH;
    if (inlinable) {
      inline.add(node.id);
      depth.set(node.id, d);
    } else {
      statements.push(node.id);
    }
  }
  return { live, statements, inline };
}

class NameAllocator {
  /** Which value each variable holds now. */
  private readonly holder = new Map<string, ValueId>();
  /** The variable that holds each value (statements and parameter leaves). */
  private readonly nameOf = new Map<ValueId, string>();
  /** The last statement that reads each value; outputs are read at the end (Infinity). */
  private readonly lastUse = new Map<ValueId, number>();
  private readonly reserved = new Set<string>([STEP, ...CALLABLE.keys(), ...RESERVED, 'def', 'return']);
  private readonly lines: Array<[string, ast.Expr]> = [];

  /** Parameter leaves by parameter: an unsimplified IR may hold several nodes for one parameter. */
  private readonly leafOf = new Map<string, ValueId>();

  constructor(
    private readonly program: Program,
    private readonly layout: Layout,
  ) {
    for (const h of program.signature.hypers) this.reserved.add(h.name);
    for (const node of program.nodes) {
      if (!PARAM_LEAVES.has(node.op)) continue;
      const name = paramName(program, node);
      if (!this.leafOf.has(name)) this.bind(name, node.id);
      this.leafOf.set(name, this.leafOf.get(name) ?? node.id);
    }
    layout.statements.forEach((id, i) => this.reads(id, (r) => this.lastUse.set(this.canon(r), i)));
    for (const id of [program.outputs.update, ...program.outputs.state]) this.lastUse.set(this.canon(id), Infinity);
  }

  /** The one id that stands for a value: the first leaf of its parameter, or itself. */
  private canon(id: ValueId): ValueId {
    const node = this.program.nodes[id];
    return PARAM_LEAVES.has(node.op) ? this.leafOf.get(paramName(this.program, node))! : id;
  }

  /** The body's assignments, then what the return gives as the update (the state slots are their names). */
  statements(): { body: Array<[string, ast.Expr]>; update: ast.Expr } {
    this.layout.statements.forEach((id, i) => {
      const rhs = this.expr(id, true);
      const target = this.pick(id, i);
      this.lines.push([target, rhs]);
      this.bind(target, id);
    });
    this.finalMoves();
    return { body: this.lines, update: this.expr(this.program.outputs.update) };
  }

  private bind(name: string, id: ValueId): void {
    const previous = this.holder.get(name);
    if (previous !== undefined && this.nameOf.get(previous) === name) this.nameOf.delete(previous);
    this.holder.set(name, id);
    this.nameOf.set(id, name);
  }

  /** The values a statement's right-hand side reads (its inline subtrees included). */
  private reads(id: ValueId, visit: (read: ValueId) => void): void {
    for (const a of this.program.nodes[id].args) {
      if (this.layout.inline.has(a)) this.reads(a, visit);
      else visit(a);
    }
  }

  /** A value as text: its variable, a literal, or (inline values, and `top` statements) the op itself. */
  private expr(id: ValueId, top = false): ast.Expr {
    const node = this.program.nodes[id];
    const held = this.nameOf.get(this.canon(id));
    if (!top && held !== undefined) return name(held);
    if (node.op === 'const') return literalExpr(node.value!);
    if (node.op === 'hyper') return name(this.program.signature.hypers[node.index!].name);
    if (node.op === 'step') return name(STEP);
    if (isLeaf(node.op))
      throw new Error(`print: parameter '${paramName(this.program, node)}' was overwritten while still needed`);
    return opExpr(
      node.op as OpName,
      node.args.map((a) => this.expr(a)),
    );
  }

  /** The variable for statement `i`'s value: its preferred name if that is free by now, else a fresh one. */
  private pick(id: ValueId, i: number): string {
    return this.firstFree(this.preferred(id, i), (held) => (this.lastUse.get(held) ?? -1) <= i);
  }

  /** `base`, else `base_1`, `base_2`…: the first name not reserved whose current value `reusable` allows. */
  private firstFree(base: string, reusable: (held: ValueId) => boolean): string {
    const free = (name: string) => {
      if (this.reserved.has(name)) return false;
      const held = this.holder.get(name);
      return held === undefined || reusable(held);
    };
    if (free(base)) return base;
    for (let k = 1; ; k++) if (free(`${base}_${k}`)) return `${base}_${k}`;
  }

  /** A state slot's final value wants the slot's name, if that is free by then; else its source name. */
  private preferred(id: ValueId, i: number): string {
    const { update, state } = this.program.outputs;
    const slot = state.indexOf(id);
    const own = this.program.nodes[id].name ?? (id === update ? 'update' : 't');
    if (slot < 0) return own;
    const name = this.program.signature.state[slot];
    const held = this.holder.get(name);
    return held === undefined || (this.lastUse.get(held) ?? -1) <= i ? name : own;
  }

  /**
   * Copies each state slot's value into its parameter's name where it is not there yet: a parallel move.
   * A copy goes first when no other pending copy (nor the return) still reads the name it overwrites; when
   * only cycles are left (a swap), one name is saved to a fresh variable first.
   */
  private finalMoves(): void {
    const { update, state } = this.program.outputs;
    const slots = this.program.signature.state;
    let pending = state
      .map((id, k) => ({ target: slots[k], id: this.canon(id) }))
      .filter((m) => this.holder.get(m.target) !== m.id);
    const needed = (name: string) =>
      [this.canon(update), ...pending.map((m) => m.id)].some(
        (id) => this.nameOf.get(id) === name && this.holder.get(name) === id,
      );
    while (pending.length > 0) {
      const ready = pending.find(
        (m) =>
          !pending.some((o) => o !== m && this.nameOf.get(o.id) === m.target) &&
          !(this.nameOf.get(this.canon(update)) === m.target),
      );
      if (!ready) {
        const blocked = pending.find((m) => needed(m.target))!;
        const saved = this.firstFree(`${blocked.target}_old`, () => false);
        this.lines.push([saved, name(blocked.target)]);
        this.bind(saved, this.holder.get(blocked.target)!);
        continue;
      }
      this.lines.push([ready.target, this.expr(ready.id)]);
      this.bind(ready.target, ready.id);
      pending = pending.filter((m) => m !== ready);
    }
  }
}

const PARAM_LEAVES = new Set<Node['op']>(['w', 'g', 'state', 'input']);

function paramName(program: Program, node: Node): string {
  const s = program.signature;
  if (node.op === 'w') return s.w;
  if (node.op === 'g') return s.g;
  return node.op === 'state' ? s.state[node.index!] : s.inputs[node.index!];
}
