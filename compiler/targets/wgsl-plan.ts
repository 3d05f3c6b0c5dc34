// What the WGSL target needs to know about a program before writing any text: which nodes are live, which
// fold to constants, which constants cannot be WGSL literals, which reductions run in which stage, and
// where each reduction's sums live in the `sums` buffer.
//
// Stages: a reduction whose arguments depend on no other reduction is in stage 1; one that reads a stage-1
// result is in stage 2, and so on. Each stage is one tile pass (partial sums per tile of 256 elements) and one
// combine pass (sums per tensor and over all tensors); the step kernel runs after the last stage. A row or
// column reduction of a tensor (`LineSlot`) is staged alike; its tile pass also computes its line sums.

import { isLeaf, liveNodes, type Node, type Program, type SlotType, slotType, type ValueId } from '../ir.ts';
import { type MathMode, OPS, type OpDef, type OpName, semantics } from '../ops.ts';
import { type PerStep, perStep } from '../scalars.ts';

export interface SumSlot {
  /** Index into the sums of one tensor (or of the global row). */
  readonly slot: number;
  readonly node: ValueId;
  /** The argument positions (at most two) whose elementwise product is summed: none sums 1, counting. */
  readonly pair: readonly number[];
  readonly global: boolean;
  /**
   * What is summed: the elements of each tensor (`tensor`), or the values of a rows or cols argument, one per
   * row or column (`mean(r)` of a rows value r sums R numbers and counts R).
   */
  readonly domain: SlotType;
}

/**
 * A row or column reduction of a tensor (`sum_rows(x)`, `mean_cols(x)` …): the tile pass of its stage sums x
 * over each row (C contiguous elements) or column (R elements, C apart) into the tensor's line sums, R or C
 * numbers in the `sums` buffer (wgsl-manifest.ts); `mean` divides by C or R where the value is read.
 */
export interface LineSlot {
  readonly node: ValueId;
  readonly axis: 'rows' | 'cols';
  readonly mean: boolean;
  /** Its place among the line sums of its axis: a tensor's line sums are its rows slots, then its cols slots. */
  readonly index: number;
}

/** Where a state slot lives: tensor slots in the packed `st` binding, rows and cols slots in `sums` (`lines`). */
export interface StateSlot {
  readonly type: SlotType;
  /** Its index among the slots of its type (tensor slots in `st`, rows slots, cols slots). */
  readonly index: number;
}

export interface Plan {
  readonly program: Program;
  readonly math: MathMode;
  readonly live: ReadonlySet<ValueId>;
  /** Folded values of constant subexpressions (float32, as the interpreter's float32 mode rounds). */
  readonly folded: ReadonlyMap<ValueId, number>;
  /** Folded values that are no WGSL literal (±Inf, NaN, out of f32 range, subnormal): uniform fields. */
  readonly specials: readonly { node: ValueId; value: number }[];
  /** Reduction stage of each live node (0: depends on no reduction). */
  readonly stage: ReadonlyMap<ValueId, number>;
  /** Sum slots by stage (index 0 is stage 1). */
  readonly stages: readonly (readonly SumSlot[])[];
  /** Sum slots per tensor row of the `sums` buffer (all stages). */
  readonly slotCount: number;
  readonly slotsOf: ReadonlyMap<ValueId, readonly SumSlot[]>;
  /** Values the host computes once per step (compiler/scalars.ts): kernels read them from the tensor table. */
  readonly perStep: PerStep;
  /** Output id → its index among the per-step scalars. */
  readonly perStepIndex: ReadonlyMap<ValueId, number>;
  /**
   * Tensor values a later pass reads, by id → their region of the `sc` binding: written by the tile pass
   * of the stage after their own (the first that can compute them), read by every later pass, so no pass
   * recomputes a chain of reductions before it (`materialize`).
   */
  readonly scratch: ReadonlyMap<ValueId, number>;
  readonly scratchRegions: number;
  /** Row and column reductions of tensors by stage (index 0 is stage 1; as long as `stages`). */
  readonly lineStages: readonly (readonly LineSlot[])[];
  readonly lineOf: ReadonlyMap<ValueId, LineSlot>;
  /** Line sums per tensor: `rows` slots of R numbers, then `cols` slots of C numbers. */
  readonly lineSums: { readonly rows: number; readonly cols: number };
  /** Each state slot's place, in signature order. */
  readonly stateSlots: readonly StateSlot[];
  /** State slots per row and per column of each tensor. */
  readonly lineState: { readonly rows: number; readonly cols: number };
  /** Whether the module has rows or cols values at all (the tensor table then gives each tensor's R and C). */
  readonly lines: boolean;
}

/** What an axis reduction (`sum_rows`, `mean_cols` …) of its argument is in the kernels. */
export type AxisUse = 'line' | 'identity' | 'across';

/**
 * sum_rows of a tensor sums each row (a line reduction); of a rows value it is that value (a sum over one
 * column; the mean divides by 1); of a cols value it sums its C numbers (a per-tensor reduction, `across`).
 */
export function axisUse(program: Program, node: Node): AxisUse {
  const arg = program.nodes[node.args[0]].type;
  const axis = def(node)!.axis!;
  if (arg === 'tensor') return 'line';
  return arg === axis || arg === 'scalar' ? 'identity' : 'across';
}

/** The sums a reduction node needs: its op's, or an axis reduction's across its rows or cols argument. */
function sumsOf(program: Program, node: Node, d: OpDef): readonly (readonly number[])[] | undefined {
  if (d.reduce) return d.reduce.sums;
  if (d.kind === 'axis_reduce' && axisUse(program, node) === 'across') return d.mean ? [[0], []] : [[0]];
  return undefined;
}

const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 1.1754943508222875e-38;

/** A float32 value WGSL can write as a literal: finite, in range, and zero or normal. */
function isLiteral(v: number): boolean {
  const a = Math.abs(v);
  return Number.isFinite(v) && a <= F32_MAX && (a === 0 || a >= F32_MIN_NORMAL);
}

export function def(node: Node): OpDef | undefined {
  return isLeaf(node.op) ? undefined : OPS.get(node.op as OpName);
}

export function plan(program: Program, math: MathMode = 'ieee'): Plan {
  const live = liveNodes(program);
  const folded = new Map<ValueId, number>();
  const stage = new Map<ValueId, number>();
  const slotsOf = new Map<ValueId, SumSlot[]>();
  const stages: SumSlot[][] = [];
  const lineStages: LineSlot[][] = [];
  const lineOf = new Map<ValueId, LineSlot>();
  const lineSums = { rows: 0, cols: 0 };
  let slotCount = 0;
  let lines = false;
  for (const node of program.nodes) {
    if (!live.has(node.id)) continue;
    const d = def(node);
    if (node.op === 'const') folded.set(node.id, Math.fround(node.value!));
    else if (d?.kind === 'elementwise' && node.args.every((a) => folded.has(a))) {
      folded.set(node.id, Math.fround(semantics(d, math)(...node.args.map((a) => folded.get(a)!))));
    }
    const argStage = Math.max(0, ...node.args.map((a) => stage.get(a)!));
    if (node.type === 'rows' || node.type === 'cols') lines = true;
    const sums = d && sumsOf(program, node, d);
    const grow = (s: number) => {
      while (stages.length < s) stages.push([]);
      while (lineStages.length < s) lineStages.push([]);
    };
    if (sums) {
      const s = argStage + 1;
      stage.set(node.id, s);
      grow(s);
      const arg = program.nodes[node.args[0]].type;
      const global = d!.kind === 'global_reduce';
      if (global && arg !== 'tensor')
        throw new Error(`wgsl: ${node.op} of a ${arg} value: global reductions take tensors`);
      const slots = sums.map((pair) => ({
        slot: slotCount++,
        node: node.id,
        pair,
        global,
        domain: arg === 'scalar' ? ('tensor' as const) : (arg as SlotType),
      }));
      stages[s - 1].push(...slots);
      slotsOf.set(node.id, slots);
    } else if (d?.kind === 'axis_reduce' && axisUse(program, node) === 'line') {
      const s = argStage + 1;
      stage.set(node.id, s);
      grow(s);
      const axis = d.axis!;
      const line = { node: node.id, axis, mean: d.mean ?? false, index: lineSums[axis]++ };
      lineStages[s - 1].push(line);
      lineOf.set(node.id, line);
    } else stage.set(node.id, argStage);
  }
  const counters = { tensor: 0, rows: 0, cols: 0 };
  const stateSlots = program.signature.state.map((_, k) => {
    const type = slotType(program.signature, k);
    return { type, index: counters[type]++ };
  });
  if (counters.rows + counters.cols > 0) lines = true;
  const specials = [...folded]
    .filter(([id, v]) => !isLiteral(v) && usedAsValue(program, live, folded, id))
    .map(([node, value]) => ({ node, value }));
  const scalars = perStep(program, math);
  const perStepIndex = new Map(scalars.outputs.map((o, k) => [o.id, k]));
  const base = {
    program,
    math,
    live,
    folded,
    specials,
    stage,
    stages,
    slotCount,
    slotsOf,
    perStep: scalars,
    perStepIndex,
    lineStages,
    lineOf,
    lineSums,
    stateSlots,
    lineState: { rows: counters.rows, cols: counters.cols },
    lines,
  };
  return { ...base, ...materialize({ ...base, scratch: new Map(), scratchRegions: 0 }) };
}

/**
 * The ids a pass needs to compute `roots` with the sums of stages ≤ `available`: a walk (an explicit stack:
 * a chain of statements is a path as deep as the program is long) that stops at folded values, per-step
 * scalars and values an earlier pass materialized (`read` is told of those).
 */
export function neededBy(
  plan: Plan,
  roots: readonly ValueId[],
  available: number,
  read: (id: ValueId) => void = () => {},
): Set<ValueId> {
  const needed = new Set<ValueId>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed.has(id) || plan.folded.has(id)) continue;
    needed.add(id);
    if (readsScratch(plan, id, available)) read(id);
    else if (!plan.perStepIndex.has(id)) stack.push(...depsOf(plan, plan.program.nodes[id], available));
  }
  return needed;
}

/** Whether a pass with the sums of stages ≤ `available` reads `id` from `sc` (an earlier pass wrote it). */
export const readsScratch = (plan: Plan, id: ValueId, available: number) =>
  plan.scratch.has(id) && plan.stage.get(id)! < available;

/** What reading a node's value needs: a reduction's result needs its sums, its scalars and a mapped argument. */
function depsOf(plan: Plan, node: Node, available: number): readonly ValueId[] {
  const d = def(node);
  const reduced = plan.slotsOf.has(node.id) || plan.lineOf.has(node.id);
  if (!reduced) return node.args;
  if (plan.stage.get(node.id)! > available) throw new Error(`wgsl: reduction ${node.id} read before its stage`);
  return node.args.filter((_, k) => d!.argTypes[k] === 'scalar' || (k === 0 && d!.reduce?.map));
}

/** The roots of stage `s`'s tile pass: the products it sums, and the values of stage s − 1 it materializes. */
export function tileRoots(plan: Plan, s: number, scratch = plan.scratch): ValueId[] {
  const pairs = plan.stages[s - 1].flatMap((slot) => slot.pair.map((k) => plan.program.nodes[slot.node].args[k]));
  const lines = plan.lineStages[s - 1].map((l) => plan.program.nodes[l.node].args[0]);
  return [...pairs, ...lines, ...[...scratch.keys()].filter((id) => plan.stage.get(id) === s - 1)];
}

/**
 * Chooses the materialized values: tensors of stage t ≥ 1 that a value of a later stage reads (stage 0 is
 * recomputed: it needs no reduction). Regions are reused once the last pass reading a value is done.
 */
function materialize(plan: Plan): Pick<Plan, 'scratch' | 'scratchRegions'> {
  const { program, stage, live } = plan;
  const crossing = new Set<ValueId>();
  for (const node of program.nodes) {
    if (!live.has(node.id) || plan.folded.has(node.id) || plan.perStepIndex.has(node.id)) continue;
    for (const m of depsOf(plan, node, Infinity)) {
      const t = stage.get(m)!;
      if (t >= 1 && t < stage.get(node.id)! && program.nodes[m].type === 'tensor' && !plan.folded.has(m))
        crossing.add(m);
    }
  }
  if (crossing.size === 0) return { scratch: new Map(), scratchRegions: 0 };
  // Which pass reads each value last: pass k (1..S tile passes, S + 1 the step) sees the sums of stages < k.
  const marked = new Map([...crossing].map((id) => [id, 0]));
  const withMarked = { ...plan, scratch: marked };
  const last = new Map<ValueId, number>();
  const S = plan.stages.length;
  for (let k = 1; k <= S + 1; k++) {
    const roots = k <= S ? tileRoots(withMarked, k) : [program.outputs.update, ...program.outputs.state];
    neededBy(withMarked, roots, k - 1, (id) => last.set(id, k));
  }
  const scratch = new Map<ValueId, number>();
  const freeAfter: number[] = []; // region → the last pass that reads its current value
  for (const id of [...crossing].sort((a, b) => stage.get(a)! - stage.get(b)!)) {
    const written = stage.get(id)! + 1;
    let region = freeAfter.findIndex((end) => end < written);
    if (region < 0) region = freeAfter.length;
    freeAfter[region] = last.get(id) ?? written;
    scratch.set(id, region);
  }
  return { scratch, scratchRegions: freeAfter.length };
}

/** A folded node is written out only when some non-folded node (or an output) reads it. */
function usedAsValue(
  program: Program,
  live: ReadonlySet<ValueId>,
  folded: ReadonlyMap<ValueId, number>,
  id: ValueId,
): boolean {
  const { update, state } = program.outputs;
  if (update === id || state.includes(id)) return true;
  return program.nodes.some((n) => live.has(n.id) && !folded.has(n.id) && n.args.includes(id));
}

/** WGSL text of a float32 literal (`isLiteral(v)` must hold). */
export function literal(v: number): string {
  const x = Math.fround(v);
  if (Object.is(x, -0)) return '(-0f)';
  const s = String(Math.abs(x));
  const text = `${s}f`;
  return x < 0 ? `(-${text})` : text;
}

/**
 * Mangles a user's name into [A-Za-z0-9_]: other characters become `uXXXX` (their code point in hex). Every
 * generated identifier starts with a fixed prefix (`v12_`, `in_`, `s0_`), so no mangled name can be a WGSL
 * keyword or reserved word, or start with `__`.
 */
export function mangle(name: string): string {
  let out = '';
  for (const ch of name) out += /[A-Za-z0-9_]/.test(ch) ? ch : (GREEK[ch] ?? `u${ch.codePointAt(0)!.toString(16)}`);
  return out;
}

/** Greek letters, common in optimizer programs (β1, λ, η, ε), keep a readable spelling. */
const GREEK: Readonly<Record<string, string>> = Object.fromEntries(
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho final_sigma sigma tau upsilon phi chi psi omega'
    .split(' ')
    .map((spelling, k) => [String.fromCodePoint(0x3b1 + k), spelling]),
);
