// optax's convergence test (alias_test.py test_optimization): 10,000 steps on the parabola and on Rosenbrock,
// then the weights within rtol = atol = 3e-2 of the minimum. Here the weights are checked every 100 steps and
// the run stops once two checks in a row pass, which is what makes 10,000 steps affordable on every target.

import type { Problem } from './problems.ts';
import { nearMinimum } from './problems.ts';
import { descend, type Stepper } from './steppers.ts';

export const MAX_STEPS = 10_000;
const EVERY = 100;

/**
 * Runs that are known not to converge, and why; the tests assert that they still do not, so this list
 * cannot go stale. Keys are `${file} ${problem}`.
 */
export const KNOWN_MISSES: Readonly<Record<string, string>> = {
  // optax skips sign_sgd on Rosenbrock: a constant step size cannot settle in the valley without a schedule.
  'programs/signsgd.opt rosenbrock': 'sign descent needs a learning-rate schedule on Rosenbrock (optax skips it too)',
  'programs/signum.opt rosenbrock': 'sign descent needs a learning-rate schedule on Rosenbrock (optax skips it too)',
  'programs/tfjs/adadelta.opt rosenbrock':
    "tfjs's adadelta divides by the accumulator from before the step, so step 1 is lr·g: at optax's lr = 0.1 it overshoots the valley and diverges",
  'programs/paper/step1_adamw.opt parabola':
    'the listing has no ε: m / √v is 0/0 = NaN where a gradient element is exactly 0 (w₃ starts at the minimum)',
  'programs/paper/step1_adamw.opt rosenbrock':
    'the listing has no ε: m / √v is 0/0 = NaN where a gradient element is exactly 0 (∂/∂y = 0 at the start)',
  'programs/paper/program3_adamw.opt parabola':
    'the listing has no ε: m / √v is 0/0 = NaN where a gradient element is exactly 0',
  'programs/paper/program3_adamw.opt rosenbrock':
    'the listing has no ε: m / √v is 0/0 = NaN where a gradient element is exactly 0',
  'programs/paper/step2_evolved.opt parabola':
    'm / √(m²) is 0/0 = NaN where a gradient element is exactly 0 (the raw search result has no ε)',
  'programs/paper/step2_evolved.opt rosenbrock':
    'm / √(m²) is 0/0 = NaN where a gradient element is exactly 0 (the raw search result has no ε)',
  'programs/paper/program4_discovered.opt parabola': 'm / √(m²) is 0/0 = NaN where a gradient element is exactly 0',
  'programs/paper/program4_discovered.opt rosenbrock': 'm / √(m²) is 0/0 = NaN where a gradient element is exactly 0',
};

export interface Outcome {
  converged: boolean;
  steps: number;
  w: Float64Array[];
}

export async function converge(stepper: Stepper, problem: Problem): Promise<Outcome> {
  let previous = false;
  let converged = false;
  const run = await descend(stepper, problem, MAX_STEPS, (w, step) => {
    if (step % EVERY !== 0) return false;
    const near = nearMinimum(w, problem.minimum!);
    converged = near && previous;
    previous = near;
    return converged;
  });
  return { converged, steps: run.steps, w: run.w };
}

export const summary = (o: Outcome) =>
  `${o.converged ? 'converged' : 'did not converge'} after ${o.steps} steps at [${o.w.map((t) => Array.from(t, (x) => x.toPrecision(4))).join('; ')}]`;
