// Which outputs of a step are ill-conditioned: so sensitive to rounding-sized errors that no float32 target
// can be held to the reference there. `sin(cosh(w) ** 10)` turns one ulp of its argument into 1e-3; a
// cancelling subtraction does the same. Differential tests skip those elements, as they skip elements near a
// discontinuity: what is left is compared with the table's tolerance, and still catches a wrong emitter.
//
// The estimate is Monte Carlo arithmetic (Parker 1997; the method behind Verificarlo and CADNA): the float64
// reference is rerun a few times with every op's result perturbed by a random relative error of the size a
// target's function approximations make, and an element is ill-conditioned when the reruns spread further
// than the tolerance allows.

import type { Program } from '../compiler/ir.ts';
import { close, type Tolerance } from './compare.ts';
import { evaluate, type EvalOptions, type StepInputs, type StepOutputs } from './interp.ts';

export interface ConditioningOptions {
  /** Relative size of the perturbation of every op's result (default 2^-20: a few float32 ulps). */
  relative?: number;
  /** Number of perturbed reruns (default 4). */
  runs?: number;
  seed?: number;
  math?: EvalOptions['math'];
  /**
   * Perturb operands too (a target computing one op as several, e.g. interpolate as four, or WGSL's pow as
   * exp2(y · log2(x))), and the step's inputs. More conservative: more elements are skipped.
   */
  operands?: boolean;
  inputs?: boolean;
}

export interface IllConditioned {
  update: Uint8Array[];
  state: Uint8Array[][];
}

/** Marks the elements of one step's outputs whose perturbed reruns disagree beyond `tol`. */
export function illConditioned(
  program: Program,
  inputs: StepInputs,
  tol: Pick<Tolerance, 'rtol' | 'atol'>,
  options: ConditioningOptions = {},
): IllConditioned {
  const { relative = 2 ** -20, runs = 4, seed = 1, math, operands = false, inputs: perturbInputs = false } = options;
  const exact = evaluate(program, inputs, { math });
  const marks: IllConditioned = {
    update: exact.update.map((t) => new Uint8Array(t.length)),
    state: exact.state.map((slot) => slot.map((t) => new Uint8Array(t.length))),
  };
  for (let r = 0; r < runs; r++) {
    const perturbed = evaluate(program, inputs, {
      math,
      perturb: { relative, seed: seed * 7919 + r, operands, inputs: perturbInputs },
    });
    mark(exact.update, perturbed.update, marks.update, tol);
    exact.state.forEach((slot, k) => mark(slot, perturbed.state[k], marks.state[k], tol));
  }
  return marks;
}

function mark(
  exact: readonly Float64Array[],
  perturbed: readonly Float64Array[],
  out: Uint8Array[],
  tol: Pick<Tolerance, 'rtol' | 'atol'>,
): void {
  exact.forEach((t, i) => {
    for (let j = 0; j < t.length; j++) if (!close(t[j], perturbed[i][j], tol)) out[i][j] = 1;
  });
}

/** The reference's own skip masks (near a discontinuity) widened by the ill-conditioned elements. */
export function withIllConditioned(reference: StepOutputs, ill: IllConditioned): StepOutputs {
  const or = (a: Uint8Array | undefined, b: Uint8Array) => (a ? a.map((x, j) => x | b[j]) : b.slice());
  return {
    ...reference,
    updateNear: ill.update.map((m, i) => or(reference.updateNear?.[i], m)),
    stateNear: ill.state.map((slot, k) => slot.map((m, i) => or(reference.stateNear?.[k]?.[i], m))),
  };
}
