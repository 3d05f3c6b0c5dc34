// The tolerance table and the comparison every differential test uses (DESIGN.md §1 "Floating point").
//
// An element matches when |actual − expected| ≤ atol + rtol · |expected|, NaN matches only NaN, ±Inf only the
// same infinity, and −0 equals +0. Elements marked in `skip` are not compared: for the differential tests, those
// runtime/conditioning.ts finds ill-conditioned, where a float32 target and the reference may legitimately
// disagree; for `optic equiv`, those the interpreter's `nearTolerance` marks near a discontinuity.

import type { StepOutputs } from './interp.ts';

export interface Tolerance {
  rtol: number;
  atol: number;
  /** The `nearTolerance` for the discontinuity rule (`optic equiv`). */
  near: number;
}

/**
 * One row per comparison the suite makes. Targets are compared with the float64 reference run in float32
 * mode (rounding after every op), which leaves only the target's own function approximations and
 * summation order as differences.
 */
export const TOLERANCE = {
  /** Two float64 computations of the same math (a pass's output vs its input): rounding only. */
  float64: { rtol: 1e-9, atol: 1e-12, near: 1e-9 },
  /** The float32 mode of the interpreter vs its float64 mode. */
  float32: { rtol: 1e-4, atol: 1e-6, near: 1e-4 },
  /** tfjs cpu: float32 with JavaScript's Math on each element; differs in reduction order. */
  'tfjs-cpu': { rtol: 1e-5, atol: 1e-6, near: 1e-4 },
  /** tfjs wasm: XNNPACK's own exp/log/trig approximations. */
  'tfjs-wasm': { rtol: 1e-4, atol: 1e-6, near: 1e-4 },
  /** tfjs webgpu: WGSL builtins (see 'wgsl'). */
  'tfjs-webgpu': { rtol: 2e-3, atol: 1e-4, near: 1e-3 },
  /**
   * WGSL: the spec allows sin/cos an absolute error of 2^-11 on [-π, π], exp 3 + 2|x| ULP, pow inherits
   * exp2(y · log2(x)), division 2.5 ULP: errors of 1e-4 relative are normal after a few ops.
   */
  wgsl: { rtol: 2e-3, atol: 1e-4, near: 1e-3 },
} as const satisfies Record<string, Tolerance>;

export type ToleranceName = keyof typeof TOLERANCE;

export interface Mismatch {
  tensor: number;
  index: number;
  expected: number;
  actual: number;
}

export function close(expected: number, actual: number, tol: Pick<Tolerance, 'rtol' | 'atol'>): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return expected === actual;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** The first element that does not match, or null. Tensor lists must have the same shapes. */
export function compareTensors(
  expected: readonly ArrayLike<number>[],
  actual: readonly ArrayLike<number>[],
  tol: Pick<Tolerance, 'rtol' | 'atol'>,
  skip?: readonly (ArrayLike<number> | undefined)[],
): Mismatch | null {
  if (expected.length !== actual.length)
    throw new Error(`compareTensors: ${expected.length} tensors vs ${actual.length}`);
  for (let t = 0; t < expected.length; t++) {
    const e = expected[t];
    const a = actual[t];
    if (e.length !== a.length) throw new Error(`compareTensors: tensor ${t} has ${e.length} elements vs ${a.length}`);
    for (let j = 0; j < e.length; j++) {
      if (skip?.[t]?.[j]) continue;
      if (!close(e[j], a[j], tol)) return { tensor: t, index: j, expected: e[j], actual: a[j] };
    }
  }
  return null;
}

export interface StepMismatch extends Mismatch {
  /** 'update' or the index of the state slot. */
  output: 'update' | number;
}

/**
 * Compares a target's step outputs with the reference's, skipping what its `updateNear`/`stateNear` masks
 * mark (runtime/conditioning.ts's `withIllConditioned` puts the ill-conditioned elements there).
 */
export function compareStep(
  reference: StepOutputs,
  actual: { update: readonly ArrayLike<number>[]; state?: readonly (readonly ArrayLike<number>[])[] },
  tol: Tolerance,
): StepMismatch | null {
  const u = compareTensors(reference.update, actual.update, tol, reference.updateNear);
  if (u) return { output: 'update', ...u };
  if (!actual.state) return null;
  for (let k = 0; k < reference.state.length; k++) {
    const s = compareTensors(reference.state[k], actual.state[k], tol, reference.stateNear?.[k]);
    if (s) return { output: k, ...s };
  }
  return null;
}

export function describeMismatch(m: StepMismatch, stateNames: readonly string[] = []): string {
  const what = m.output === 'update' ? 'update' : `state '${stateNames[m.output] ?? m.output}'`;
  return `${what}, tensor ${m.tensor}, element ${m.index}: expected ${m.expected}, got ${m.actual}`;
}
