// Invalid programs for property tests of the front end: a well-formed generated program (generate.ts) with
// one mutation that the names pass, the signature check or the type pass must reject, each paired with the
// diagnostic code it must produce (grammar/diagnostics.ts). The mutations are those users make: reading a
// local before assigning it, calling an unknown function or one with the wrong number of arguments, a
// tensor where a scalar is required (and the reverse), a bad return, assigning to a built-in's name, a
// function used as a value, a duplicate parameter or default, too few parameters, calling a variable.

import fc from 'fast-check';
import type { Assign, Expr, Program } from '../grammar/ast.ts';
import type { Code, Span } from '../grammar/diagnostics.ts';
import { format } from '../grammar/format.ts';
import { arbProgram, type GenerateOptions } from './generate.ts';
import { arbName, isConstant, isTaken } from './generate-names.ts';
import { CALLABLE, STEP } from './ops.ts';

type Gen = fc.GeneratorValue;
type Mutation = (p: Program, g: Gen) => Program;

export interface InvalidProgram {
  source: string;
  /** The code at least one diagnostic must have. */
  code: Code;
  mutation: string;
}

const span: Span = { file: 'generated.opt', line: 1, col: 1, start: 0, end: 0 };
const name = (n: string): Expr => ({ kind: 'name', name: n, span });
const num = (text: string): Expr => ({ kind: 'num', value: Number(text), text, span });
const call = (callee: string, args: Expr[]): Expr => ({ kind: 'call', callee, calleeSpan: span, args, span });
const assign = (target: string, value: Expr): Assign => ({ kind: 'assign', target, targetSpan: span, value, span });

function namesIn(e: Expr, out: Set<string>): void {
  if (e.kind === 'name') out.add(e.name);
  else if (e.kind === 'neg') namesIn(e.operand, out);
  else if (e.kind === 'binary') [e.left, e.right].forEach((x) => namesIn(x, out));
  else if (e.kind === 'call') e.args.forEach((x) => namesIn(x, out));
}

/** A name the program does not mention and the language does not take. */
function fresh(p: Program, g: Gen): string {
  const taken = new Set([
    p.name,
    ...p.params.map((x) => x.name),
    ...p.defaults.map((d) => d.name),
    ...p.body.map((s) => s.target),
  ]);
  [...p.body.map((s) => s.value), ...p.returns].forEach((e) => namesIn(e, taken));
  const base = g(arbName, true);
  let n = base;
  for (let k = 2; taken.has(n) || isTaken(n) || isConstant(n); k++) n = `${base}_${k}`;
  return n;
}

/** The program with `stmt` inserted at a random place in the body. */
function insert(p: Program, g: Gen, stmt: Assign, max = p.body.length): Program {
  const at = g(fc.integer, { min: 0, max });
  return { ...p, body: [...p.body.slice(0, at), stmt, ...p.body.slice(at)] };
}

/** The program with one statement's value (or the update) replaced by `wrap(value)`. */
function wrapValue(p: Program, g: Gen, wrap: (e: Expr) => Expr): Program {
  const k = g(fc.integer, { min: 0, max: p.body.length });
  if (k === p.body.length) return { ...p, returns: [wrap(p.returns[0]), ...p.returns.slice(1)] };
  return { ...p, body: p.body.map((s, i) => (i === k ? { ...s, value: wrap(s.value) } : s)) };
}

const CALLS = [...CALLABLE].filter(([, def]) => def.arity >= 1);
const locals = (p: Program) =>
  [...new Set(p.body.map((s) => s.target))].filter((t) => !p.params.some((x) => x.name === t));

export const INVALID_MUTATIONS: Readonly<Record<string, { code: Code; mutate: Mutation }>> = {
  'local read before assignment': {
    code: 'E0202',
    mutate: (p, g) => {
      const candidates = locals(p);
      if (candidates.length === 0 || g(fc.boolean)) {
        const q = fresh(p, g);
        return insert(p, g, assign(q, { kind: 'binary', op: '+', left: name(q), right: num('1'), span }));
      }
      const local = g(fc.constantFrom, ...candidates);
      return insert(
        p,
        g,
        assign(fresh(p, g), name(local)),
        p.body.findIndex((s) => s.target === local),
      );
    },
  },
  'unknown function': { code: 'E0200', mutate: (p, g) => wrapValue(p, g, (e) => call(fresh(p, g), [e])) },
  'wrong number of arguments': {
    code: 'E0201',
    mutate: (p, g) => {
      const [callee, def] = g(fc.constantFrom, ...CALLS);
      const count = def.arity >= 2 && g(fc.boolean) ? def.arity - 1 : def.arity + 1;
      return wrapValue(p, g, (e) => call(callee, [e, ...Array.from({ length: count - 1 }, () => num('1'))]));
    },
  },
  'tensor where a scalar is required': {
    code: 'E0300',
    mutate: (p, g) =>
      insert(p, g, assign(fresh(p, g), call('clip_by_global_norm', [name(p.params[1].name), name(p.params[0].name)]))),
  },
  'scalar where a tensor is required': {
    code: 'E0300',
    mutate: (p, g) =>
      insert(
        p,
        g,
        assign(
          fresh(p, g),
          call(g(fc.constantFrom, 'norm', 'global_norm'), [num(g(fc.constantFrom, '1', '0.5', '3'))]),
        ),
      ),
  },
  'bad return': {
    code: 'E0206',
    mutate: (p, g) => {
      const slots = p.returns.slice(1);
      const choices = [
        'weights',
        'gradient',
        'not a parameter',
        'expression',
        ...(slots.length >= 1 ? ['twice'] : []),
        ...(slots.length >= 2 ? ['order'] : []),
      ];
      const kind = g(fc.constantFrom, ...choices);
      if (kind === 'order') {
        const i = g(fc.integer, { min: 0, max: slots.length - 2 });
        const swapped = [...slots];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
        return { ...p, returns: [p.returns[0], ...swapped] };
      }
      const extra: Record<string, () => Expr> = {
        weights: () => name(p.params[0].name),
        gradient: () => name(p.params[1].name),
        'not a parameter': () => name(fresh(p, g)),
        expression: () => num('1'),
        twice: () => slots[0],
      };
      return { ...p, returns: [...p.returns, extra[kind]()] };
    },
  },
  'assignment to a built-in name': {
    code: 'E0203',
    mutate: (p, g) => insert(p, g, assign(g(fc.constantFrom, STEP, ...CALLABLE.keys()), num('1'))),
  },
  'function used as a value': {
    code: 'E0209',
    mutate: (p, g) =>
      wrapValue(p, g, (e) => ({
        kind: 'binary',
        op: '*',
        left: e,
        right: name(g(fc.constantFrom, ...CALLABLE.keys())),
        span,
      })),
  },
  'duplicate parameter': {
    code: 'E0204',
    mutate: (p, g) => ({ ...p, params: [...p.params, g(fc.constantFrom, ...p.params)] }),
  },
  'too few parameters': { code: 'E0205', mutate: (p) => ({ ...p, params: p.params.slice(0, 1) }) },
  'duplicate default': {
    code: 'E0207',
    mutate: (p, g) => {
      const n = p.defaults.length > 0 && g(fc.boolean) ? g(fc.constantFrom, ...p.defaults).name : fresh(p, g);
      const d = { name: n, nameSpan: span, value: 1, text: '1', span };
      return { ...p, defaults: [...p.defaults, d, d] };
    },
  },
  'variable called as a function': {
    code: 'E0208',
    mutate: (p, g) => wrapValue(p, g, (e) => call(g(fc.constantFrom, ...p.params).name, [e])),
  },
};

/** A generated program with one of `mutations`, as source text (the canonical printing of the mutated AST). */
export function arbInvalidProgram(
  options: GenerateOptions = {},
  mutations: readonly string[] = Object.keys(INVALID_MUTATIONS),
): fc.Arbitrary<InvalidProgram> {
  return fc.tuple(arbProgram(options), fc.constantFrom(...mutations), fc.gen()).map(([p, mutation, g]) => {
    const { code, mutate } = INVALID_MUTATIONS[mutation];
    return { source: format(mutate(p, g)), code, mutation };
  });
}

export function arbInvalidProgramSource(options: GenerateOptions = {}): fc.Arbitrary<string> {
  return arbInvalidProgram(options).map((x) => x.source);
}
