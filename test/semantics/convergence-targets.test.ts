// Convergence (convergence.ts) of the representative optimizers compiled: the tfjs target on tfjs's cpu
// backend and the WGSL runner, float32 all the way, gradients from the host each step.

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { converge, KNOWN_MISSES, summary } from './convergence.ts';
import { parabola, rosenbrock } from './problems.ts';
import { convergenceValues, load, REPRESENTATIVE } from './settings.ts';
import { setUpTargets, TARGETS } from './targets.ts';

setUpTargets();

describe.each(TARGETS.filter((t) => t.name !== 'interpreter'))('$name', (target) => {
  describe.each(REPRESENTATIVE)('%s', (file) => {
    it.for([parabola, rosenbrock])('$name: within 3e-2 of the minimum in 10,000 steps', async (problem, ctx) => {
      expect(KNOWN_MISSES[`${file} ${problem.name}`]).toBeUndefined();
      const stepper = await target.make(load(file), problem.w0, convergenceValues(file));
      if (!stepper) return ctx.skip(); // no adapter outside CI (in CI, setUpTargets fails)
      try {
        const outcome = await converge(stepper, problem);
        expect(outcome.converged, summary(outcome)).toBe(true);
      } finally {
        stepper.dispose();
      }
    });
  });
});

it('leaves no tensor behind', () => {
  expect(tf.memory().numTensors).toBe(0);
});
