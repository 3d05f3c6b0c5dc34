// Differential runs of the WGSL engine (runtime/engine.ts) against the reference interpreter over several
// steps (test/targets/lockstep.ts: per-element conditioning decides what is compared, updates at their own
// scale, the weights' actual movement, state, counter), with the 'wgsl' row of the tolerance table. Runs
// whose reference meets a NaN or ±Inf are reported as discarded: WGSL does not specify non-finite arithmetic
// (NNSmith).

import type { Program } from '../../../compiler/ir.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { TOLERANCE } from '../../../runtime/compare.ts';
import type { EngineInit } from '../../../runtime/engine.ts';
import { openEngine } from '../../../runtime/engines.ts';
import type { HyperGroup, ParamInfo } from '../../../runtime/hypers.ts';
import { mulberry32 } from '../../../runtime/random.ts';
import { lockstep } from '../lockstep.ts';

export interface Case {
  program: Program;
  sizes: readonly number[];
  /** Each tensor's shape (its size is `sizes`'): by default [1, n] and [n] in turn. */
  shapes?: readonly (readonly number[])[];
  steps: number;
  seed: number;
  hypers?: Readonly<Record<string, number>>;
  groups?: readonly HyperGroup<number>[];
  /** Scale of the random weights and gradients (uniform in [-scale, scale]). */
  scale?: number;
  /** The runner's tile shape and limits (runtime/engine.ts). */
  kernel?: EngineInit['kernel'];
  /** The math mode of both sides (default ieee). */
  math?: MathMode;
  /**
   * When the GPU continues from the reference's weights and state: after a step with skipped elements
   * ('skipped', default), or after every step ('always': each step is compared alone, for generated programs,
   * which can be chaotic enough that differences within tolerance grow without bound).
   */
  resync?: 'skipped' | 'always';
  /**
   * Relative size of the Monte Carlo perturbation that finds ill-conditioned elements (default 2^-13, the
   * error of WGSL's builtins after a few ops); 0 compares every element.
   */
  conditioning?: number;
}

/** `compared`: steps compared; `elements`: update and state elements over those steps, and how many were skipped. */
export type Outcome =
  | {
      ok: true;
      compared: number;
      elements: { total: number; skipped: number };
      update: { total: number; skipped: number };
    }
  | { ok: false; discarded: true }
  | { ok: false; discarded: false; message: string };

export const rng = mulberry32;

export async function differential(device: GPUDevice, c: Case): Promise<Outcome> {
  const random = rng(c.seed);
  const scale = c.scale ?? 1;
  const tensors = () =>
    c.sizes.map((n) => Float64Array.from({ length: n }, () => Math.fround((2 * random() - 1) * scale)));
  const params: ParamInfo[] = c.sizes.map((n, i) => ({
    name: `layer${i}.${i % 2 ? 'bias' : 'kernel'}`,
    shape: c.shapes?.[i] ? [...c.shapes[i]] : i % 2 ? [n] : [1, n],
  }));
  // A prototype-less record: a hyperparameter named `constructor` must not find Object.prototype's.
  const hypers: Record<string, number> = Object.assign(Object.create(null), c.hypers);
  const w = tensors();
  const grads: Float64Array[][] = [];
  const inputs: number[][] = [];
  for (let s = 0; s < c.steps; s++) {
    grads.push(tensors());
    inputs.push(c.program.signature.inputs.map(() => 0.001 + 0.01 * random()));
  }
  const engine = await openEngine('wgsl', c.program, {
    device,
    math: c.math,
    keepUpdate: true,
    params,
    w,
    hypers,
    groups: c.groups,
    kernel: c.kernel,
  });
  try {
    const result = await lockstep(engine, {
      program: c.program,
      params,
      w,
      grads,
      inputs,
      hypers,
      groups: c.groups,
      math: c.math,
      tol: TOLERANCE.wgsl,
      errors: { relative: c.conditioning ?? 2 ** -13, rounded: 2 ** -22, wgslBuiltins: true },
      seed: c.seed,
      nonFinite: 'discard',
      resync: c.resync,
    });
    if (result.kind === 'discarded') return { ok: false, discarded: true };
    if (result.kind === 'differ') return { ok: false, discarded: false, message: result.message };
    const { update, state } = result.coverage;
    const total = (x: { compared: number; skipped: number }) => x.compared + x.skipped;
    return {
      ok: true,
      compared: c.steps,
      elements: { total: total(update) + total(state), skipped: update.skipped + state.skipped },
      update: { total: total(update), skipped: update.skipped },
    };
  } finally {
    engine.dispose();
  }
}
