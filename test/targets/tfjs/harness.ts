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
  /** After each step: weights per tensor and state [slot][tensor]. */
  w: Float64Array[][];
  state: Float64Array[][][];
}

/** Runs `program` on the tfjs engine (runtime/engines.ts), on tfjs's current backend; disposes what it made. */
export async function runTfjs(program: Program, c: Case, options: { math?: MathMode } = {}): Promise<Trace> {
  const { params, w, hypers, groups } = c;
  const engine = await openEngine('tfjs', program, { params, w, hypers, groups, math: options.math });
  const trace: Trace = { w: [], state: [] };
  try {
    for (const [i, g] of c.grads.entries()) {
      await engine.step(g, c.inputs?.[i] ?? []);
      const { w, state } = await engine.read();
      trace.w.push(w);
      trace.state.push(state);
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
}

export function runReference(program: Program, c: Case, tol: Tolerance): ReferenceTrace {
  const table = c.groups ? hypersPerTensor(hyperSpec(program), c.params, c.hypers ?? {}, c.groups) : undefined;
  const interp = new Interpreter(program, c.w, {
    precision: 'float32',
    hypers: c.hypers ?? {},
    hypersPerTensor: table,
    nearTolerance: tol.near,
  });
  const trace: ReferenceTrace = { w: [], state: [], wSkip: [], stateSkip: [] };
  let sticky = c.w.map((t) => new Uint8Array(t.length));
  c.grads.forEach((g, i) => {
    const out = interp.step(g, c.inputs?.[i] ?? []);
    // A weight that once differed keeps differing: its mark is sticky, as the state's marks are.
    sticky = sticky.map((m, t) => m.map((x, j) => x | (out.updateNear?.[t][j] ?? 0)));
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

/** The first difference between a tfjs run and the reference, as a message; null when they agree. */
export function firstDifference(
  ref: ReferenceTrace,
  got: Trace,
  tol: Tolerance,
  slots: readonly string[],
): string | null {
  for (let i = 0; i < ref.w.length; i++) {
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
  options: { math?: MathMode } = {},
  tol: Tolerance = toleranceOf(backend),
): Promise<string | null> {
  const ref = runReference(program, c, tol);
  const got = await runTfjs(program, c, options);
  return firstDifference(ref, got, tol, program.signature.state);
}
