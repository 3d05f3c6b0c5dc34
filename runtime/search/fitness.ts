// Fitness functions for the search. `quadraticFitness` is the cheap synthetic one: the reference interpreter
// runs the candidate as the optimizer of a small ill-conditioned quadratic for a few steps, and a lower final
// loss is fitter. It says how well a program minimizes that one quadratic from that one start, nothing about
// training networks: it is for testing the search loop and for smoke runs, not for discovering optimizers.

import type { Program } from '../../compiler/ir.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { own } from '../hypers.ts';
import { Interpreter } from '../interpreter.ts';
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

/** How a candidate runs: hyperparameter and per-step input values, and the arithmetic (default IEEE). */
export interface RunSettings {
  hypers?: Readonly<Record<string, number>>;
  math?: MathMode;
}

/**
 * Runs `steps` steps from the fixed start with gradients from `grad`; stops early when `stop` says so of an
 * update. The weights reached (hyperparameters and per-step inputs from `hypers`, then the program's defaults).
 */
function descend(
  program: Program,
  { hypers = {}, math = 'ieee' }: RunSettings,
  steps: number,
  grad: (w: readonly Float64Array[]) => Float64Array[],
  stop: (update: readonly Float64Array[]) => boolean = () => false,
): readonly Float64Array[] {
  const run = new Interpreter(program, START, { hypers, math });
  const inputs = program.signature.inputs.map((name) => own(hypers, name) ?? 0);
  for (let s = 0; s < steps; s++) if (stop(run.step(grad(run.w), inputs).update)) break;
  return run.w;
}

const failure = (e: unknown): Outcome => ({ ok: false, error: (e as Error).message });

/** Minus the loss after `steps` steps. */
export function quadraticFitness(steps = 50, settings: RunSettings = {}): (program: Program) => Outcome {
  return (program) => {
    try {
      const loss = quadraticLoss(descend(program, settings, steps, quadraticGrad));
      return Number.isFinite(loss) ? { ok: true, fitness: -loss } : { ok: false, error: `the loss is ${loss}` };
    } catch (e) {
      return failure(e);
    }
  };
}

/**
 * Why a program is not worth training, or undefined: its loss on the quadratic is NaN or ±Inf within `steps`
 * steps, or its update is where the gradient is exactly 0 (the weights of an always-black pixel: AdamW without
 * ε computes 0 / 0 there under IEEE math; protected math's x / (y + 1e-8) gives 0).
 */
export function probeProblem(program: Program, settings: RunSettings = {}, steps = 5): string | undefined {
  const quadratic = quadraticFitness(steps, settings)(program);
  if (!quadratic.ok) return `${quadratic.error} on the quadratic`;
  let finite = true;
  const zero = (w: readonly Float64Array[]) => w.map((t) => new Float64Array(t.length));
  try {
    descend(program, settings, steps, zero, (update) => !(finite = update.every((t) => t.every(Number.isFinite))));
  } catch (e) {
    return (e as Error).message;
  }
  return finite ? undefined : 'the update is not finite where g = 0';
}
