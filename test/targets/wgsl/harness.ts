// Differential runs of the WGSL engine (runtime/engine.ts) against the reference interpreter (float32 mode,
// which rounds after every op) with the 'wgsl' row of the tolerance table, over several steps. Elements the
// reference marks as computed near a discontinuity are not compared; after such a step both sides continue from
// the reference's values (the engine's `load`), so a legitimate divergence at a sign flip does not poison the later steps (or after every step). Elements
// that are ill-conditioned (runtime/conditioning.ts: reruns of the reference with every op perturbed by the size
// of WGSL's function approximations spread beyond the tolerance) are skipped the same way. Runs whose reference
// meets a NaN or ±Inf are reported as discarded: WGSL does not specify non-finite arithmetic (NNSmith).
// The update itself is compared too, each tensor on its own scale (`updateTolerance`): against the weights, an
// update of 1e-3 is below the absolute tolerance, and an update 1% off went unseen.

import type { Program } from '../../../compiler/ir.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { compareTensors, TOLERANCE, type Tolerance } from '../../../runtime/compare.ts';
import { illConditioned, withIllConditioned } from '../../../runtime/conditioning.ts';
import { type HyperGroup, hyperSpec, hypersPerTensor, type ParamInfo } from '../../../runtime/hypers.ts';
import { Interpreter } from '../../../runtime/interp.ts';
import type { EngineInit } from '../../../runtime/engine.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { mulberry32 } from '../../../runtime/random.ts';

export interface Case {
  program: Program;
  sizes: readonly number[];
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
   * When the GPU continues from the reference's weights and state: after a step with elements near a
   * discontinuity ('near', default), or after every step ('always': each step is compared alone, for
   * generated programs, which can be chaotic enough that differences within tolerance grow without bound).
   */
  resync?: 'near' | 'always';
  /**
   * Relative size of the Monte Carlo perturbation that finds ill-conditioned elements (default 2^-13, the
   * error of WGSL's builtins after a few ops); 0 compares every element.
   */
  conditioning?: number;
}

/** `compared`: steps compared; `elements`: update and state elements over those steps, and how many were skipped. */
export type Outcome =
  | { ok: true; compared: number; elements: { total: number; skipped: number } }
  | { ok: false; discarded: true }
  | { ok: false; discarded: false; message: string };

export const rng = mulberry32;

/**
 * The tolerance for one tensor of the update: the absolute part scaled by the tensor's largest compared
 * element, so that an update of any size is held to the relative tolerance (a tensor of zeros to exact zeros).
 */
function updateTolerance(expected: ArrayLike<number>, near: ArrayLike<number> | undefined, tol: Tolerance) {
  let scale = 0;
  for (let j = 0; j < expected.length; j++) if (!near?.[j]) scale = Math.max(scale, Math.abs(expected[j]));
  return { rtol: tol.rtol, atol: tol.atol * scale };
}

const anyMarked = (marks?: readonly Uint8Array[]) => marks?.some((m) => m.includes(1)) ?? false;

export async function differential(device: GPUDevice, c: Case): Promise<Outcome> {
  const random = rng(c.seed);
  const scale = c.scale ?? 1;
  const tensors = () =>
    c.sizes.map((n) => Float64Array.from({ length: n }, () => Math.fround((2 * random() - 1) * scale)));
  const params: ParamInfo[] = c.sizes.map((n, i) => ({
    name: `layer${i}.${i % 2 ? 'bias' : 'kernel'}`,
    shape: i % 2 ? [n] : [1, n],
  }));
  // A prototype-less record: a hyperparameter named `constructor` must not find Object.prototype's.
  const hypers: Record<string, number> = Object.assign(Object.create(null), c.hypers);
  const table = hypersPerTensor(hyperSpec(c.program), params, hypers, c.groups);
  const w0 = tensors();
  const tol = TOLERANCE.wgsl;
  const ref = new Interpreter(c.program, w0, {
    precision: 'float32',
    trackNonFinite: true,
    nearTolerance: tol.near,
    hypers,
    hypersPerTensor: table,
    math: c.math,
  });
  const gpu = await openEngine('wgsl', c.program, {
    device,
    math: c.math,
    keepUpdate: true,
    params,
    w: w0,
    hypers,
    groups: c.groups,
    kernel: c.kernel,
  });
  try {
    let compared = 0;
    const elements = { total: 0, skipped: 0 };
    for (let s = 1; s <= c.steps; s++) {
      const g = tensors();
      const inputs = c.program.signature.inputs.map(() => 0.001 + 0.01 * random());
      const at = {
        w: ref.w.map((t) => t.slice()),
        g,
        state: ref.state,
        inputs,
        hypers: ref.hypers,
        hypersPerTensor: table,
        step: ref.stepCount,
      };
      const stepped = ref.step(g, inputs);
      const relative = c.conditioning ?? 2 ** -13;
      const out =
        relative > 0
          ? withIllConditioned(
              stepped,
              illConditioned(c.program, at, tol, { relative, seed: c.seed + s, math: c.math }),
            )
          : stepped;
      if (anyMarked(out.updateTaint) || out.stateTaint!.some(anyMarked)) return { ok: false, discarded: true };
      await gpu.step(g, inputs);
      const got = await gpu.read();
      const where = (what: string) => `step ${s}, ${what}`;
      for (let t = 0; t < out.update.length; t++) {
        const near = out.updateNear?.[t];
        const um = compareTensors([out.update[t]], [got.update![t]], updateTolerance(out.update[t], near, tol), [near]);
        if (um)
          return {
            ok: false,
            discarded: false,
            message: `${where('update')}: ${JSON.stringify({ ...um, tensor: t })}`,
          };
      }
      const wm = compareTensors(ref.w, got.w, tol, out.updateNear);
      if (wm) return { ok: false, discarded: false, message: `${where('weights')}: ${JSON.stringify(wm)}` };
      for (let k = 0; k < ref.state.length; k++) {
        const sm = compareTensors(ref.state[k], got.state[k], tol, out.stateNear?.[k]);
        if (sm) return { ok: false, discarded: false, message: `${where(`state ${k}`)}: ${JSON.stringify(sm)}` };
      }
      if (got.step !== s + 1) return { ok: false, discarded: false, message: `${where('step counter')}: ${got.step}` };
      compared++;
      for (const m of [...out.updateNear!, ...out.stateNear!.flat()]) {
        elements.total += m.length;
        elements.skipped += m.reduce((a, b) => a + b, 0);
      }
      if (c.resync === 'always' || anyMarked(out.updateNear) || out.stateNear?.some(anyMarked)) {
        await gpu.load({ step: ref.stepCount, w: ref.w, state: ref.state });
        ref.stateNear = undefined;
      }
    }
    return { ok: true, compared, elements };
  } finally {
    gpu.dispose();
  }
}
