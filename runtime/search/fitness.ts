// Fitness functions for the search. `quadraticFitness` is the cheap synthetic one: the reference interpreter
// runs the candidate as the optimizer of a small ill-conditioned quadratic for a few steps, and a lower final
// loss is fitter. It says how well a program minimizes that one quadratic from that one start, nothing about
// training networks: it is for testing the search loop and for smoke runs, not for discovering optimizers.

import type { Program } from '../../compiler/ir.ts';
import { own } from '../hypers.ts';
import { Interpreter } from '../interp.ts';
import type { Outcome } from './evolve.ts';

/** ½ Σ aᵢ (wᵢ − cᵢ)² over two variables, curvatures 0.1 to 10, from a fixed start. */
const CURVATURE = [Float64Array.of(10, 1, 0.1), Float64Array.of(3, 0.3)];
const CENTER = [Float64Array.of(1, -2, 0.5), Float64Array.of(-1, 2)];
const START = [Float64Array.of(0, 0, 0), Float64Array.of(0, 0)];

export function quadraticLoss(w: readonly Float64Array[]): number {
  let loss = 0;
  w.forEach((t, i) => t.forEach((x, j) => (loss += 0.5 * CURVATURE[i][j] * (x - CENTER[i][j]) ** 2)));
  return loss;
}

function quadraticGrad(w: readonly Float64Array[]): Float64Array[] {
  return w.map((t, i) => Float64Array.from(t, (x, j) => CURVATURE[i][j] * (x - CENTER[i][j])));
}

/** Minus the loss after `steps` steps (hyperparameters from `hypers`, then the program's defaults). */
export function quadraticFitness(
  steps = 50,
  hypers: Readonly<Record<string, number>> = {},
): (program: Program) => Outcome {
  return (program) => {
    try {
      const run = new Interpreter(program, START, { hypers });
      const inputs = program.signature.inputs.map((name) => own(hypers, name) ?? 0);
      for (let s = 0; s < steps; s++) run.step(quadraticGrad(run.w), inputs);
      const loss = quadraticLoss(run.w);
      return Number.isFinite(loss) ? { ok: true, fitness: -loss } : { ok: false, error: `the loss is ${loss}` };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  };
}
