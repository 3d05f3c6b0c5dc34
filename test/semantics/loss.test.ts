// PyTorch's basic optimizer check (test_optim.py, _test_basic_cases): on (W·x + b)² summed over a small
// fixed dataset, 20 steps from the programs' default hyperparameters leave a lower loss than they started
// from. Every program in programs/ on the interpreter; the representative ones on every target.

import { describe, expect, it } from 'vitest';
import { leastSquares } from './problems.ts';
import { defaults, load, PROGRAM_FILES, REPRESENTATIVE } from './settings.ts';
import { descend, interpStepper } from './steppers.ts';
import { setUpTargets, TARGETS } from './targets.ts';

setUpTargets();

const STEPS = 20;
const initial = leastSquares.loss(leastSquares.w0);

describe('interpreter', () => {
  it.each(PROGRAM_FILES)('%s: the loss goes down in 20 steps', async (file) => {
    const { w } = await descend(await interpStepper(load(file), leastSquares.w0, defaults(file)), leastSquares, STEPS);
    const loss = leastSquares.loss(w);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeLessThan(initial);
  });
});

describe.each(TARGETS.filter((t) => t.name !== 'interpreter'))('$name', (target) => {
  it.for(REPRESENTATIVE)('%s: the loss goes down in 20 steps, as on the interpreter', async (file, ctx) => {
    const program = load(file);
    const stepper = await target.make(program, leastSquares.w0, defaults(file));
    if (!stepper) return ctx.skip();
    try {
      const { w } = await descend(stepper, leastSquares, STEPS);
      const reference = await descend(
        await interpStepper(program, leastSquares.w0, defaults(file)),
        leastSquares,
        STEPS,
      );
      expect(leastSquares.loss(w)).toBeLessThan(initial);
      // The same descent: the final loss within float32's reach of the reference's.
      expect(leastSquares.loss(w)).toBeCloseTo(leastSquares.loss(reference.w), 3);
    } finally {
      stepper.dispose();
    }
  });
});
