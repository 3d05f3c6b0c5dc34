// What the WGSL target needs to know about a program before writing any text: which nodes are live, which
// fold to constants, which constants cannot be WGSL literals, which reductions run in which stage, and
// where each reduction's sums live in the `sums` buffer.
//
// Stages: a reduction whose arguments depend on no other reduction is in stage 1; one that reads a stage-1
// result is in stage 2, and so on. Each stage is one tile pass (partial sums per tile of 256 elements) and one
// combine pass (sums per tensor and over all tensors); the step kernel runs after the last stage.

import { isLeaf, liveNodes, type Node, type Program, type ValueId } from '../ir.ts';
import { type MathMode, OPS, type OpDef, type OpName, semantics } from '../ops.ts';
import { type PerStep, perStep } from '../scalars.ts';

export interface SumSlot {
  /** Index into the sums of one tensor (or of the global row). */
  readonly slot: number;
  readonly node: ValueId;
  /** The pair of argument positions whose elementwise product is summed. */
  readonly pair: readonly [number, number];
  readonly global: boolean;
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
  let slotCount = 0;
  for (const node of program.nodes) {
    if (!live.has(node.id)) continue;
    const d = def(node);
    if (node.op === 'const') folded.set(node.id, Math.fround(node.value!));
    else if (d?.kind === 'elementwise' && node.args.every((a) => folded.has(a))) {
      folded.set(node.id, Math.fround(semantics(d, math)(...node.args.map((a) => folded.get(a)!))));
    }
    const argStage = Math.max(0, ...node.args.map((a) => stage.get(a)!));
    if (d?.reduce) {
      const s = argStage + 1;
      stage.set(node.id, s);
      while (stages.length < s) stages.push([]);
      const slots = d.reduce.sums.map((pair) => ({
        slot: slotCount++,
        node: node.id,
        pair,
        global: d.kind === 'global_reduce',
      }));
      stages[s - 1].push(...slots);
      slotsOf.set(node.id, slots);
    } else stage.set(node.id, argStage);
  }
  const specials = [...folded]
    .filter(([id, v]) => !isLiteral(v) && usedAsValue(program, live, folded, id))
    .map(([node, value]) => ({ node, value }));
  const scalars = perStep(program, math);
  const perStepIndex = new Map(scalars.outputs.map((o, k) => [o.id, k]));
  return { program, math, live, folded, specials, stage, stages, slotCount, slotsOf, perStep: scalars, perStepIndex };
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
