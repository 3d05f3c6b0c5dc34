// What the tfjs tests share: compiling test programs, choosing backends, and running a program for several
// steps both on the tfjs engine (runtime/engine.ts: the optimizer class over real tf.Variables) and in the
// reference interpreter (float32 mode), then
// comparing weights and state after every step with the tolerance table's row for the backend.

import type { Program } from '../../../compiler/ir.ts';
import { compareTensors, TOLERANCE, type Tolerance } from '../../../runtime/compare.ts';
import { type HyperGroup, hyperSpec, hypersPerTensor } from '../../../runtime/hypers.ts';
import { Interpreter } from '../../../runtime/interp.ts';
import { useTfjsBackend, type TfjsBackendName } from '../../../runtime/tfjs/backends.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { mulberry32 } from '../../../runtime/random.ts';

export { programFile, programOf } from '../../fixtures/compile.ts';

/** The backends every run tests; webgpu joins where an adapter exists (and must, in CI). */
export async function backendsUnderTest(): Promise<TfjsBackendName[]> {
  const names: TfjsBackendName[] = ['cpu', 'wasm'];
  try {
    await useTfjsBackend('webgpu');
    names.push('webgpu');
  } catch (e) {
    if (process.env.CI) throw new Error(`CI: no WebGPU adapter for the tfjs webgpu backend (${(e as Error).message})`);
  }
  return names;
}

export const toleranceOf = (backend: TfjsBackendName): Tolerance =>
  TOLERANCE[`tfjs-${backend}` as 'tfjs-cpu'] ?? TOLERANCE['tfjs-cpu'];

/** A deterministic generator of float32-representable numbers in [lo, hi). */
export function rng(seed: number): (lo?: number, hi?: number) => number {
  const random = mulberry32(seed);
  return (lo = -1, hi = 1) => Math.fround(lo + random() * (hi - lo));
}

export interface Case {
  /** Variable names and shapes (an empty tensor and a scalar are worth including). */
  params: { name: string; shape: number[] }[];
  w: Float64Array[];
  /** grads[step][tensor] */
  grads: Float64Array[][];
  hypers?: Record<string, number>;
  groups?: HyperGroup<number>[];
  /** inputs[step][input] */
  inputs?: number[][];
}

export function randomCase(seed: number, params: Case['params'], steps: number, scale = 1): Case {
  const r = rng(seed);
  const tensor = (shape: number[]) =>
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r(-scale, scale));
  return {
    params,
    w: params.map((p) => tensor(p.shape)),
    grads: Array.from({ length: steps }, () => params.map((p) => tensor(p.shape))),
  };
}

export interface Trace {
  /** After each step: weights per tensor, state [slot][tensor], and the step's update per tensor. */
  w: Float64Array[][];
  state: Float64Array[][][];
  update: Float64Array[][];
}

/** Runs `program` on the tfjs engine (runtime/engines.ts), on tfjs's current backend; disposes what it made. */
export async function runTfjs(program: Program, c: Case, options: { math?: MathMode } = {}): Promise<Trace> {
  const { params, w, hypers, groups } = c;
  const engine = await openEngine('tfjs', program, { params, w, hypers, groups, math: options.math, keepUpdate: true });
  const trace: Trace = { w: [], state: [], update: [] };
  try {
    for (const [i, g] of c.grads.entries()) {
      await engine.step(g, c.inputs?.[i] ?? []);
      const { w, state, update } = await engine.read();
      trace.w.push(w);
      trace.state.push(state);
      trace.update.push(update as Float64Array[]);
    }
  } finally {
    engine.dispose();
  }
  return trace;
}

export interface ReferenceTrace extends Trace {
  /** 1 where an element may legitimately differ (it passed near a discontinuity in this or an earlier step). */
  wSkip: Uint8Array[][];
  stateSkip: Uint8Array[][][];
  /** The step's own marks for its update (not sticky: each step's update is compared by itself). */
  updateSkip: Uint8Array[][];
  /** The weights before the first step. */
  w0: Float64Array[];
}

export function runReference(program: Program, c: Case, tol: Tolerance): ReferenceTrace {
  const table = c.groups ? hypersPerTensor(hyperSpec(program), c.params, c.hypers ?? {}, c.groups) : undefined;
  const interp = new Interpreter(program, c.w, {
    precision: 'float32',
    hypers: c.hypers ?? {},
    hypersPerTensor: table,
    nearTolerance: tol.near,
  });
  const w0 = c.w.map((t) => Float64Array.from(t, Math.fround));
  const trace: ReferenceTrace = { w: [], state: [], update: [], wSkip: [], stateSkip: [], updateSkip: [], w0 };
  let sticky = c.w.map((t) => new Uint8Array(t.length));
  c.grads.forEach((g, i) => {
    const out = interp.step(g, c.inputs?.[i] ?? []);
    // A weight that once differed keeps differing: its mark is sticky, as the state's marks are.
    sticky = sticky.map((m, t) => m.map((x, j) => x | (out.updateNear?.[t][j] ?? 0)));
    trace.update.push(out.update.map((t) => Float64Array.from(t)));
    trace.updateSkip.push(out.update.map((t, ti) => Uint8Array.from(out.updateNear?.[ti] ?? new Uint8Array(t.length))));
    trace.w.push(interp.w.map((t) => Float64Array.from(t)));
    trace.state.push(interp.state.map((slot) => slot.map((t) => Float64Array.from(t))));
    trace.wSkip.push(sticky.map((m) => Uint8Array.from(m)));
    trace.stateSkip.push(
      interp.state.map((slot, k) =>
        slot.map((t, ti) => Uint8Array.from(out.stateNear?.[k][ti] ?? new Uint8Array(t.length))),
      ),
    );
  });
  return trace;
}

/**
 * The update is held to its own scale: an absolute tolerance of rtol · max|update| of the tensor at that step
 * (the table's absolute tolerances are sized for weights near 1 and would accept a whole update at lr 1e-3).
 * So a target applying 1.01× the update fails wherever the update is within a few rtol of its largest.
 */
export function updateTolerance(expected: ArrayLike<number>, tol: Tolerance): Tolerance {
  let scale = 0;
  for (let j = 0; j < expected.length; j++)
    if (Number.isFinite(expected[j])) scale = Math.max(scale, Math.abs(expected[j]));
  return { ...tol, atol: tol.rtol * scale + 1e-30 };
}

/**
 * Whether the weights moved by the update the target reports: w_before − w_after against the reference's
 * update at its own scale, plus the rounding of w − update in float32 (an ulp or two of the weights). Catches
 * an optimizer that computes the right update and applies another.
 */
function appliedMismatch(ref: ReferenceTrace, got: Trace, i: number, t: number, tol: Tolerance): string | null {
  const before = i === 0 ? ref.w0[t] : got.w[i - 1][t];
  const after = got.w[i][t];
  const want = ref.update[i][t];
  const { atol, rtol } = updateTolerance(want, tol);
  for (let j = 0; j < want.length; j++) {
    if (ref.updateSkip[i][t][j] || !Number.isFinite(want[j])) continue;
    if (!Number.isFinite(before[j]) || !Number.isFinite(after[j])) continue;
    const moved = before[j] - after[j];
    const rounding = 2 ** -22 * Math.max(Math.abs(before[j]), Math.abs(after[j]));
    if (Math.abs(moved - want[j]) > atol + rtol * Math.abs(want[j]) + rounding)
      return `element ${j} moved by ${moved}, the update is ${want[j]}`;
  }
  return null;
}

/** Update elements compared and skipped (near a discontinuity) over a run. */
export interface Coverage {
  compared: number;
  skipped: number;
}

export function updateCoverage(ref: ReferenceTrace): Coverage {
  let compared = 0;
  let skipped = 0;
  for (const step of ref.updateSkip)
    for (const t of step)
      for (const x of t) {
        if (x) skipped++;
        else compared++;
      }
  return { compared, skipped };
}

/** The first difference between a tfjs run and the reference, as a message; null when they agree. */
export function firstDifference(
  ref: ReferenceTrace,
  got: Trace,
  tol: Tolerance,
  slots: readonly string[],
): string | null {
  for (let i = 0; i < ref.w.length; i++) {
    for (let t = 0; t < ref.update[i].length; t++) {
      const u = compareTensors([ref.update[i][t]], [got.update[i][t]], updateTolerance(ref.update[i][t], tol), [
        ref.updateSkip[i][t],
      ]);
      if (u) return `step ${i + 1}, update of tensor ${t}, element ${u.index}: expected ${u.expected}, got ${u.actual}`;
      const applied = appliedMismatch(ref, got, i, t, tol);
      if (applied) return `step ${i + 1}, tensor ${t}: ${applied}`;
    }
    const w = compareTensors(ref.w[i], got.w[i], tol, ref.wSkip[i]);
    if (w) return `step ${i + 1}, w of tensor ${w.tensor}, element ${w.index}: expected ${w.expected}, got ${w.actual}`;
    for (let k = 0; k < slots.length; k++) {
      const s = compareTensors(ref.state[i][k], got.state[i][k], tol, ref.stateSkip[i][k]);
      if (s)
        return `step ${i + 1}, state '${slots[k]}' of tensor ${s.tensor}, element ${s.index}: expected ${s.expected}, got ${s.actual}`;
    }
  }
  return null;
}

/** Runs both and returns the first difference (null: they agree). */
export async function differential(
  program: Program,
  c: Case,
  backend: TfjsBackendName,
  options: { math?: MathMode; minCompared?: number } = {},
  tol: Tolerance = toleranceOf(backend),
): Promise<string | null> {
  const ref = runReference(program, c, tol);
  const got = await runTfjs(program, c, options);
  const difference = firstDifference(ref, got, tol, program.signature.state);
  if (difference) return difference;
  const { compared, skipped } = updateCoverage(ref);
  const floor = options.minCompared ?? 0;
  if (compared < floor * (compared + skipped)) {
    const share = (100 * compared) / Math.max(1, compared + skipped);
    return `only ${share.toFixed(0)}% of update elements were compared (${skipped} near a discontinuity), below the floor of ${100 * floor}%`;
  }
  return null;
}
