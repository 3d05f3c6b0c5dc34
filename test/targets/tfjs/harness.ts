// What the tfjs tests share: compiling test programs, choosing backends, and running a program for several
// steps on the tfjs engine (runtime/engine.ts: the optimizer class over real tf.Variables) in lockstep with the
// reference interpreter (test/targets/lockstep.ts), with the tolerance table's row for the backend.

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Program } from '../../../compiler/ir.ts';
import { OPS } from '../../../compiler/ops.ts';
import { expandInterpolate } from '../../../compiler/targets/tfjs-lower.ts';
import { TOLERANCE, type Tolerance } from '../../../runtime/compare.ts';
import type { HyperGroup } from '../../../runtime/hypers.ts';
import { useTfjsBackend, type TfjsBackendName } from '../../../runtime/tfjs/backends.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { mulberry32 } from '../../../runtime/random.ts';
import { type ErrorModel, lockstep } from '../lockstep.ts';

export { LIBRARY, programFile, programOf } from '../../fixtures/compile.ts';

/** A small model: a matrix, a vector, a scalar and an empty tensor. */
export const SMALL_MODEL = [
  { name: 'dense/kernel', shape: [3, 4] },
  { name: 'dense/bias', shape: [4] },
  { name: 'scale', shape: [] },
  { name: 'empty', shape: [0, 2] },
];

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

/**
 * Each backend's error model for the conditioning estimate (runtime/conditioning.ts). cpu computes every
 * elementwise op as the float32 reference does (JavaScript's Math, rounded to float32): only what it computes
 * differently (interpolate as three roundings, reductions in another order) is perturbed. XNNPACK's exp, log
 * and trigonometric approximations (wasm) have an absolute error near 1.6e-7 (5e-6 relative for sin at 0.03).
 * webgpu runs WGSL's builtins, which the spec allows 4096 ulps for atan and more for asin and acos (measured on
 * lavapipe: asin 4e-4 off at 0.5, acos 1.2e-4 at 0.3), and WGSL's exp and pow. wasm's pow is C's powf, within an ulp.
 */
export const ERRORS: Record<TfjsBackendName, ErrorModel> = {
  tensorflow: { relative: 2 ** -20, rounded: 2 ** -24 },
  cpu: { relative: 2 ** -22, rounded: 2 ** -24, functions: Object.fromEntries([...OPS.keys()].map((op) => [op, 0])) },
  wasm: { relative: 2 ** -17, rounded: 2 ** -24, functions: { pow: 2 ** -24 } },
  webgpu: { relative: 2 ** -11, rounded: 2 ** -22, wgslBuiltins: true },
};

/**
 * Runs the program on the tfjs engine (runtime/engine.ts) on tfjs's current backend, in lockstep with the
 * reference (test/targets/lockstep.ts), and returns the first difference, or null; also when fewer than
 * `minCompared` of the update's elements were compared.
 */
export async function differential(
  program: Program,
  c: Case,
  backend: TfjsBackendName,
  options: { math?: MathMode; minCompared?: number } = {},
  tol: Tolerance = toleranceOf(backend),
): Promise<string | null> {
  const { params, w, hypers, groups } = c;
  const engine = await openEngine('tfjs', program, { params, w, hypers, groups, math: options.math, keepUpdate: true });
  try {
    const result = await lockstep(engine, {
      program,
      lowered: expandInterpolate(program),
      params,
      w,
      grads: c.grads,
      inputs: c.inputs,
      hypers,
      groups,
      math: options.math,
      tol,
      errors: ERRORS[backend],
      seed: 1,
      nonFinite: 'compare',
    });
    if (result.kind !== 'agree') return result.kind === 'differ' ? result.message : 'discarded';
    const { compared, skipped } = result.coverage.update;
    const floor = options.minCompared ?? 0;
    if (compared < floor * (compared + skipped)) {
      const share = (100 * compared) / Math.max(1, compared + skipped);
      const below = `below the floor of ${100 * floor}%`;
      return `only ${share.toFixed(0)}% of update elements were compared (${skipped} ill-conditioned), ${below}`;
    }
    return null;
  } finally {
    engine.dispose();
  }
}

/** What `model.save(…, { includeOptimizer: true })` writes, kept in memory (load with tf.io.fromMemory). */
export async function savedWithOptimizer(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  return saved!;
}
