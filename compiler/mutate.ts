// Mutations of IR programs for the program search (seeds/001 §2, hero/core.py): insert a statement, delete one,
// or modify an argument of one. The IR's op nodes are the statements; a "variable" is a value an assignment
// made, and assigning it again is, in SSA, redirecting the later reads of that value:
//
// - insert: a new op drawn from the search space (generate-ops.ts's `drawOp`, as the generator draws ops) over
//   values computed before it or new constants, which either takes over the later reads of a value of its type
//   (`m = sign(m)`) or is a new local nothing reads yet (dead code a later mutation may use);
// - delete: the statement goes and its readers read what its variable held before (the last earlier value of
//   the same name), or else one of its arguments of its type (`sign(m)` becomes `m`);
// - modify: one argument becomes another value of its type computed before, or, when it is a constant, a new
//   one: resampled from N(0, 1) or multiplied by 2^N(0, 1), within ±1e10 (hero's Atom).
//
// A child that fails abstract execution (`abstractProblems`: types, arity, the verifier, and an update that
// still depends on g) is redrawn. Mutations are fast-check arbitraries, so property tests shrink them, and
// `mutate(parent, seed)` is deterministic for its seed.

import fc from 'fast-check';
import { drawOp, opChoices } from './generate-ops.ts';
import { IRBuilder, isLeaf, type Node, type Program, resultType, slotType, type Type, type ValueId } from './ir.ts';
import { HERO_OPS, OPS, type OpName } from './ops.ts';

/**
 * Every op an insertion can draw: all but the row and column reductions (an insertion makes a tensor or a scalar
 * value, never a rows or cols one). Hero's search space (HERO_OPS) is the default; these go beyond it by option.
 */
export const MUTABLE_OPS: readonly OpName[] = [...OPS.values()]
  .filter((d) => d.kind !== 'axis_reduce')
  .map((d) => d.name as OpName);
import { verify } from './verify.ts';

export type MutationKind = 'insert' | 'delete' | 'modify';

export interface MutateOptions {
  /** The ops an insertion draws from; default Hero's (ops.ts HERO_OPS). */
  ops?: readonly OpName[];
  /** Relative weights of the three kinds, whole numbers; default 1 each. */
  weights?: Partial<Record<MutationKind, number>>;
  /** No insertion once the program has this many statements, dead ones included (hero's max_program_len). */
  maxStatements?: number;
  /** Draws before giving up on a parent no mutation of which is valid. */
  attempts?: number;
}

export interface Mutant {
  program: Program;
  kind: MutationKind;
  /** Draws it took, the accepted one included. */
  attempts: number;
}

const MAX_CONSTANT = 1e10;

/** Values no statement assigns: literals, hyperparameters and the step counter. */
const BUILT_IN = new Set<Node['op']>(['const', 'hyper', 'step']);

/** A mutable node: arguments are references, so inserting or removing nodes needs no renumbering until `build`. */
interface Draft {
  readonly node: Node;
  args: Draft[];
  value?: number;
  name?: string;
}

interface Drafts {
  list: Draft[];
  update: Draft;
  state: Draft[];
}

/** Why a program fails abstract execution, or nothing: the verifier's findings, tensor outputs, g reaching the update. */
export function abstractProblems(program: Program): string[] {
  const problems = verify(program);
  if (problems.length > 0) return problems;
  const { update, state } = program.outputs;
  [update, ...state].forEach((id, k) => {
    const want = k === 0 ? 'tensor' : slotType(program.signature, k - 1);
    if (program.nodes[id].type !== want)
      problems.push(`${k === 0 ? 'the update' : `state output ${k}`} is a ${program.nodes[id].type}, not a ${want}`);
  });
  if (!dependsOnG(program)) problems.push('the update does not depend on g');
  return problems;
}

/** Whether g reaches the update, directly or through state carried from earlier steps. */
function dependsOnG(program: Program): boolean {
  const seen = new Set<ValueId>();
  const stack = [program.outputs.update];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = program.nodes[id];
    if (node.op === 'g') return true;
    if (node.op === 'state') stack.push(program.outputs.state[node.index!]);
    stack.push(...node.args);
  }
  return false;
}

/** A valid child of `parent`, redrawn until abstract execution accepts one; undefined if none is found. */
export function arbMutant(parent: Program, options: MutateOptions = {}): fc.Arbitrary<Mutant | undefined> {
  const choices = opChoices(options.ops ?? HERO_OPS);
  const weights = { insert: 1, delete: 1, modify: 1, ...options.weights };
  const statements = parent.nodes.filter((n) => !isLeaf(n.op)).length;
  if (statements >= (options.maxStatements ?? 30)) weights.insert = 0;
  const kinds = (Object.keys(weights) as MutationKind[]).flatMap((k) => Array(weights[k]).fill(k) as MutationKind[]);
  return fc.gen().map((g) => {
    const attempts = options.attempts ?? 100;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const kind = pick(g, kinds)!;
      const drafts = toDrafts(parent);
      const applied = MUTATIONS[kind](g, drafts, choices);
      if (!applied) continue;
      const program = build(parent, drafts);
      if (abstractProblems(program).length === 0) return { program, kind, attempts: attempt };
    }
    return undefined;
  });
}

/** One valid child of `parent`, the same for the same seed; undefined if no valid mutation was found. */
export function mutate(parent: Program, seed: number, options: MutateOptions = {}): Mutant | undefined {
  return fc.sample(arbMutant(parent, options), { seed, numRuns: 1 })[0];
}

type Mutation = (g: fc.GeneratorValue, d: Drafts, choices: ReturnType<typeof opChoices>) => boolean;

const MUTATIONS: Record<MutationKind, Mutation> = {
  insert(g, d, choices) {
    const at = g(fc.integer, { min: 0, max: d.list.length });
    const before = d.list.slice(0, at);
    const type: Type = g(fc.constantFrom, 'tensor', 'tensor', 'scalar');
    const drawn = drawOp(g, choices, type);
    if (drawn === undefined) return false;
    const constants: Draft[] = [];
    // A tensor argument reads a tensor computed before; a scalar one is a new constant a quarter of the time.
    const args = drawn.types.map((t) => {
      const existing = before.filter((v) => v.node.type === t);
      const fresh = t === 'scalar' && (existing.length === 0 || g(fc.integer, { min: 0, max: 3 }) === 0);
      if (!fresh) return pick(g, existing);
      const c = constant(normal(g));
      constants.push(c);
      return c;
    });
    if (args.some((a) => a === undefined)) return false;
    const opName = drawn.def.name as OpName;
    const made: Draft = { node: opNode(opName), args: args as Draft[] };
    const madeType = resultType(opName, drawn.types);
    // The variable it assigns: a value of its type (not a constant, hyperparameter or step), or a new local.
    const variables = before.filter((v) => v.node.type === madeType && !BUILT_IN.has(v.node.op));
    const target = g(fc.integer, { min: 0, max: variables.length }) < variables.length ? pick(g, variables) : undefined;
    d.list.splice(at, 0, ...constants, made);
    if (target) {
      made.name = target.name ?? target.node.name;
      redirect(d, target, made, at + constants.length + 1);
    }
    return true;
  },

  delete(g, d) {
    const statements = d.list.filter((v) => !isLeaf(v.node.op));
    if (statements.length === 0) return false;
    const victim = pick(g, statements)!;
    const at = d.list.indexOf(victim);
    const name = victim.name ?? victim.node.name;
    const earlier = d.list.slice(0, at);
    const previous =
      name === undefined
        ? undefined
        : earlier.findLast((v) => (v.name ?? v.node.name) === name && v.node.op !== 'hyper');
    const sameType = victim.args.filter((a) => a.node.type === victim.node.type);
    const replacement = previous?.node.type === victim.node.type ? previous : pick(g, sameType);
    if (replacement === undefined) return false;
    d.list.splice(at, 1);
    redirect(d, victim, replacement, at);
    return true;
  },

  modify(g, d) {
    const statements = d.list.filter((v) => !isLeaf(v.node.op) && v.args.length > 0);
    if (statements.length === 0) return false;
    const s = pick(g, statements)!;
    const k = g(fc.integer, { min: 0, max: s.args.length - 1 });
    const old = s.args[k];
    const at = d.list.indexOf(s);
    if (old.node.op === 'const') {
      const value = g(fc.boolean) ? normal(g) : (old.value ?? old.node.value!) * 2 ** normal(g);
      const c = constant(Math.max(-MAX_CONSTANT, Math.min(MAX_CONSTANT, value)));
      d.list.splice(at, 0, c);
      s.args[k] = c;
      return true;
    }
    const others = d.list.slice(0, at).filter((v) => v.node.type === old.node.type && !sameValue(v, old));
    const replacement = pick(g, others);
    if (replacement === undefined) return false;
    s.args[k] = replacement;
    return true;
  },
};

/** Readers of `from` at `start` or later, and the outputs, read `to` instead. */
function redirect(d: Drafts, from: Draft, to: Draft, start: number): void {
  for (const v of d.list.slice(start)) v.args = v.args.map((a) => (a === from ? to : a));
  if (d.update === from) d.update = to;
  d.state = d.state.map((s) => (s === from ? to : s));
}

/** Two drafts standing for the same value: the same node, or leaves of the same parameter. */
function sameValue(a: Draft, b: Draft): boolean {
  if (a === b) return true;
  const [x, y] = [a.node, b.node];
  return isLeaf(x.op) && x.op !== 'const' && x.op === y.op && x.index === y.index;
}

function pick<T>(g: fc.GeneratorValue, choices: readonly T[]): T | undefined {
  return choices.length === 0
    ? undefined
    : choices[g(() => fc.noBias(fc.integer({ min: 0, max: choices.length - 1 })))];
}

/** A standard normal draw (Box–Muller over two unbiased uniforms). */
function normal(g: fc.GeneratorValue): number {
  const uniform = () => (g(() => fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 }))) + 0.5) / 2 ** 30;
  return Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function misordered(node: Node): never {
  throw new Error(`mutate: an argument of ${node.op} comes after it`);
}

function opNode(op: OpName): Node {
  return { id: -1, op, args: [], type: 'scalar' };
}

function constant(value: number): Draft {
  return { node: { id: -1, op: 'const', args: [], type: 'scalar', value }, args: [], value };
}

function toDrafts(program: Program): Drafts {
  const list: Draft[] = [];
  for (const node of program.nodes) list.push({ node, args: node.args.map((a) => list[a]) });
  return { list, update: list[program.outputs.update], state: program.outputs.state.map((id) => list[id]) };
}

/** The drafts as a Program, in list order; types are recomputed by the builder (the verifier checks the rest). */
function build(parent: Program, d: Drafts): Program {
  const b = new IRBuilder();
  const ids = new Map<Draft, ValueId>();
  for (const v of d.list) {
    const { node } = v;
    const name = v.name ?? node.name;
    const extra = { ...(name !== undefined && { name }), ...(node.span && { span: node.span }) };
    let id: ValueId;
    if (node.op === 'const') id = b.constant(v.value ?? node.value!, extra);
    else if (isLeaf(node.op)) id = b.copy(node, (a) => a);
    else
      id = b.apply(
        node.op as OpName,
        v.args.map((a) => ids.get(a) ?? misordered(node)),
        extra,
      );
    ids.set(v, id);
  }
  const outputs = { update: ids.get(d.update)!, state: d.state.map((s) => ids.get(s)!) };
  return { ...parent, nodes: b.nodes, outputs };
}
