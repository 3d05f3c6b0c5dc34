// One-step comparisons of a tfjs optimizer with the reference: before each step the interpreter (float32
// mode) is given tfjs's own weights and state, and the step's update and new state are compared. Errors
// cannot accumulate across steps, and the update is compared before w − update can cancel it: what is
// left is the generated code's arithmetic.
//
// Not compared, element by element: what met a NaN or ±Inf in the float32 reference (NNSmith's filter: WGSL
// leaves non-finite arithmetic unspecified, and ops.test.ts covers NaN and ±Inf on cpu and wasm on their
// own); and what is ill-conditioned at this step's inputs: where rounding-sized errors of the size the
// backend makes, in every op the target computes (runtime/conditioning.ts on as-emitted.ts) or in the
// inputs, move it beyond the tolerance (sin(cosh(w) ** 10); a sign whose argument cancels; a domain edge),
// or where the float32 reference differs from the float64 one beyond it ((-1) ** cosine_sim(w, w): -1 in
// float32, NaN in float64 and in every perturbed run). The counts say how much was left to compare.

import type { Program } from '../../../compiler/ir.ts';
import type { TfjsOptions } from '../../../compiler/targets/tfjs.ts';
import { compareStep, describeMismatch } from '../../../runtime/compare.ts';
import { illConditioned, withIllConditioned } from '../../../runtime/conditioning.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { hyperSpec, hyperValues } from '../../../runtime/hypers.ts';
import { evaluate, type StepInputs, type StepOutputs } from '../../../runtime/interp.ts';
import type { TfjsBackendName } from '../../../runtime/tfjs/backends.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { asEmitted } from '../as-emitted.ts';
import { rng, toleranceOf, type Case } from './harness.ts';

/** Elements of updates and state, over all steps: how many were compared, out of how many. */
export interface Coverage {
  compared: number;
  total: number;
}

/**
 * The relative error of a backend's function approximations, the perturbation the conditioning estimate
 * applies to every op. A few ulps for JavaScript's Math. XNNPACK's sin (wasm) has an absolute error near
 * 1.6e-7: 5e-6 relative at 0.03, which 1 / sin(g) then amplifies (tfjs-ops.ts handles |x| < 2^-6). On
 * webgpu, the WGSL builtins, which the spec allows 4096 ulps for atan and more for asin and acos (measured
 * on lavapipe: asin 4e-4 off at 0.5, acos 1.2e-4 at 0.3), so that tan(arccos(w) + w) near its pole, which
 * makes that 5e-3, is skipped.
 */
const APPROXIMATION: Record<TfjsBackendName, number> = {
  tensorflow: 2 ** -20,
  cpu: 2 ** -20,
  wasm: 2 ** -17,
  webgpu: 2 ** -11,
};

/**
 * Runs `program` exactly as given on both sides (the target does not simplify it again: a caller that
 * wants the simplified IR tested simplifies first), and returns the first difference, or null.
 */
export async function stepwiseDifferential(
  program: Program,
  c: Case,
  backend: TfjsBackendName,
  options: TfjsOptions = {},
  coverage?: Coverage,
): Promise<string | null> {
  const tol = toleranceOf(backend);
  const engine = await openEngine('tfjs', program, {
    params: c.params,
    w: c.w,
    hypers: c.hypers,
    math: options.math,
    level: 'none',
    keepUpdate: true,
  });
  try {
    let before = await engine.read();
    for (let i = 0; i < c.grads.length; i++) {
      const inputs = c.inputs?.[i] ?? [];
      await engine.step(c.grads[i], inputs);
      const at = {
        w: before.w,
        g: c.grads[i],
        shapes: c.params.map((p) => p.shape),
        state: before.state,
        inputs,
        hypers: hyperValues(hyperSpec(program), c.hypers ?? {}),
        step: i + 1,
      };
      const reference = referenceAt(program, at, backend, options.math, i + 1);
      if (coverage) count(reference, coverage);
      const after = await engine.read();
      const mismatch = compareStep(reference, { update: after.update!, state: after.state }, tol);
      if (mismatch) return `step ${i + 1}: ${describeMismatch(mismatch, program.signature.state)}`;
      before = after;
    }
    return null;
  } finally {
    engine.dispose();
  }
}

/** The reference with its non-finite marks added to its skip masks. */
function skippingNonFinite(reference: StepOutputs): StepOutputs {
  const or = (near: Uint8Array | undefined, taint: Uint8Array) => taint.map((x, j) => x | (near?.[j] ?? 0));
  return {
    ...reference,
    updateNear: reference.updateTaint!.map((t, i) => or(reference.updateNear?.[i], t)),
    stateNear: reference.stateTaint!.map((slot, k) => slot.map((t, i) => or(reference.stateNear?.[k]?.[i], t))),
  };
}

/**
 * The float32 reference for one step, its skip masks widened as the header says. Besides the conditioning
 * estimate's perturbed ops, the weights, gradient and state are perturbed too (backward error analysis: a
 * target may compute f(x(1 + δ)); XNNPACK's float32 range reduction makes cos(2e4) 0.03 off), and the
 * float32 reference itself counts as one more rounding of the float64 one.
 */
function referenceAt(
  program: Program,
  at: StepInputs,
  backend: TfjsBackendName,
  math: MathMode | undefined,
  seed: number,
): StepOutputs {
  const tol = toleranceOf(backend);
  const relative = APPROXIMATION[backend];
  const float32 = evaluate(program, at, { precision: 'float32', math, trackNonFinite: true });
  const r = rng(seed);
  const jiggle = (ts: readonly Float64Array[]) => ts.map((t) => t.map((x) => x * (1 + relative * r())));
  const moved = [0, 1].map(() =>
    evaluate(program, { ...at, w: jiggle(at.w), g: jiggle(at.g), state: at.state.map(jiggle) }, { math }),
  );
  const samples = [float32, ...moved];
  return withIllConditioned(
    skippingNonFinite(float32),
    illConditioned(asEmitted(program), at, tol, { math, seed, relative, rounded: relative, samples }),
  );
}

function count(reference: StepOutputs, coverage: Coverage): void {
  for (const mask of [...reference.updateNear!, ...reference.stateNear!.flat()]) {
    coverage.total += mask.length;
    coverage.compared += mask.length - mask.reduce((a, b) => a + b, 0);
  }
}
