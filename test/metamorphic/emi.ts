// Equivalence modulo inputs (Le, Afshari and Su, PLDI 2014), on optic's ASTs: transformations of a program
// that cannot change what it computes. Each takes a generated program (compiler/generate.ts) and a fast-check
// generator value, and returns a new program:
// - insertDead: statements assigning fresh names that nothing reads, reading only what is readable there;
// - reorder: swaps of adjacent statements that neither read nor write what the other writes;
// - renameLocals: every local (a body target that is not a parameter) renamed consistently, hostile and
//   Unicode names included.

import fc from 'fast-check';
import { arbName, isConstant, isTaken } from '../../compiler/generate-names.ts';
import { CALLABLE } from '../../compiler/ops.ts';
import type { Assign, Expr, Program } from '../../grammar/ast.ts';

type Gen = fc.GeneratorValue;

const span = { file: 'generated.opt', line: 1, col: 1, start: 0, end: 0 };

/** Every name an expression reads. */
export function readsOf(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case 'num':
      break;
    case 'name':
      out.add(e.name);
      break;
    case 'neg':
      readsOf(e.operand, out);
      break;
    case 'binary':
      readsOf(e.left, out);
      readsOf(e.right, out);
      break;
    case 'call':
      e.args.forEach((a) => readsOf(a, out));
      break;
  }
  return out;
}

/** Every name the program mentions anywhere: a fresh name must avoid all of them. */
function namesOf(p: Program): Set<string> {
  const names = new Set([
    p.name,
    ...p.params.map((x) => x.name),
    ...p.defaults.map((d) => d.name),
    ...p.body.map((s) => s.target),
  ]);
  for (const e of [...p.body.map((s) => s.value), ...p.returns]) readsOf(e, names);
  return names;
}

function freshName(g: Gen, taken: Set<string>): string {
  const base = g(arbName, true);
  let name = base;
  for (let k = 2; taken.has(name) || isTaken(name) || isConstant(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

/** Elementwise calls that accept anything (the dead code needs no types: its value is never used). */
const ANY_CALLS = [...CALLABLE].filter(
  ([, def]) => def.kind === 'elementwise' && def.argTypes.every((t) => t === 'any'),
);

function deadExpr(g: Gen, readable: readonly string[], depth: number): Expr {
  if (depth === 0 || g(fc.integer, { min: 0, max: 2 }) === 0) {
    if (readable.length > 0 && g(fc.boolean)) return { kind: 'name', name: g(fc.constantFrom, ...readable), span };
    const text = g(fc.constantFrom, '0', '1', '0.5', '1e-8', '3');
    return { kind: 'num', value: Number(text), text, span };
  }
  if (g(fc.boolean)) {
    const [callee, def] = g(fc.constantFrom, ...ANY_CALLS);
    return {
      kind: 'call',
      callee,
      calleeSpan: span,
      args: Array.from({ length: def.arity }, () => deadExpr(g, readable, depth - 1)),
      span,
    };
  }
  const op = g(fc.constantFrom, '+', '-', '*', '/', '**');
  return { kind: 'binary', op, left: deadExpr(g, readable, depth - 1), right: deadExpr(g, readable, depth - 1), span };
}

/**
 * What a statement at `index` may read without changing the program: parameters, locals assigned before
 * it, and names read anywhere but assigned nowhere (hyperparameters, `step`, constants), which resolve the
 * same wherever they are read.
 */
function readableAt(p: Program, index: number): string[] {
  const assigned = new Set(p.body.map((s) => s.target));
  const free = [...namesOf(p)].filter((n) => !assigned.has(n) && !p.params.some((x) => x.name === n) && n !== p.name);
  const read = new Set<string>();
  for (const e of [...p.body.map((s) => s.value), ...p.returns]) readsOf(e, read);
  return [
    ...p.params.map((x) => x.name),
    ...p.body.slice(0, index).map((s) => s.target),
    ...free.filter((n) => read.has(n)),
  ];
}

export function insertDead(p: Program, g: Gen): Program {
  const taken = namesOf(p);
  let body = [...p.body];
  const count = g(fc.integer, { min: 1, max: 3 });
  for (let k = 0; k < count; k++) {
    const at = g(fc.integer, { min: 0, max: body.length });
    const readable = [...new Set(readableAt({ ...p, body }, at))];
    const stmt: Assign = {
      kind: 'assign',
      target: freshName(g, taken),
      targetSpan: span,
      value: deadExpr(g, readable, 3),
      span,
    };
    body = [...body.slice(0, at), stmt, ...body.slice(at)];
  }
  return { ...p, body };
}

function independent(a: Assign, b: Assign): boolean {
  return a.target !== b.target && !readsOf(b.value).has(a.target) && !readsOf(a.value).has(b.target);
}

export function reorder(p: Program, g: Gen): Program {
  const body = [...p.body];
  if (body.length < 2) return p;
  const attempts = g(fc.integer, { min: 1, max: 3 * body.length });
  for (let k = 0; k < attempts; k++) {
    const i = g(fc.integer, { min: 0, max: body.length - 2 });
    if (independent(body[i], body[i + 1])) [body[i], body[i + 1]] = [body[i + 1], body[i]];
  }
  return { ...p, body };
}

function renameIn(e: Expr, map: ReadonlyMap<string, string>): Expr {
  switch (e.kind) {
    case 'num':
      return e;
    case 'name':
      return { ...e, name: map.get(e.name) ?? e.name };
    case 'neg':
      return { ...e, operand: renameIn(e.operand, map) };
    case 'binary':
      return { ...e, left: renameIn(e.left, map), right: renameIn(e.right, map) };
    case 'call':
      return { ...e, args: e.args.map((a) => renameIn(a, map)) };
  }
}

export function renameLocals(p: Program, g: Gen): Program {
  const taken = namesOf(p);
  const params = new Set(p.params.map((x) => x.name));
  const map = new Map<string, string>();
  for (const s of p.body) if (!params.has(s.target) && !map.has(s.target)) map.set(s.target, freshName(g, taken));
  return {
    ...p,
    body: p.body.map((s) => ({ ...s, target: map.get(s.target) ?? s.target, value: renameIn(s.value, map) })),
    returns: p.returns.map((e) => renameIn(e, map)),
  };
}

export const TRANSFORMS = { insertDead, reorder, renameLocals } as const;
export type TransformName = keyof typeof TRANSFORMS;

/** A program with one to three transformations applied, and their names (for the failure message). */
export function arbVariant(p: Program): fc.Arbitrary<{ variant: Program; applied: TransformName[] }> {
  const names = Object.keys(TRANSFORMS) as TransformName[];
  return fc
    .tuple(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }), fc.gen())
    .map(([applied, g]) => ({
      variant: applied.reduce((q, name) => TRANSFORMS[name](q, g), p),
      applied,
    }));
}
