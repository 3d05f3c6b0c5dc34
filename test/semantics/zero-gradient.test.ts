// A zero gradient from fresh (zero) state with weight decay off changes nothing: every classic update is a
// multiple of the gradient's moments. Except where the program itself says otherwise: the paper's listings
// have no ε, so m / √v (or m / √(m²)) is 0/0 = NaN there: that is asserted too, as the listings' meaning.

import { describe, expect, it } from 'vitest';
import { leastSquares } from './problems.ts';
import { load, PROGRAM_FILES, REPRESENTATIVE, withoutDecay } from './settings.ts';
import { firstBitDifference, interpStepper, type Stepper } from './steppers.ts';
import { setUpTargets, TARGETS } from './targets.ts';

setUpTargets();

/** Programs whose update is 0/0 for a zero gradient (no ε in the listing). */
const ZERO_OVER_ZERO = new Set(
  ['step1_adamw', 'step2_evolved', 'program3_adamw', 'program4_discovered'].map((n) => `programs/paper/${n}.opt`),
);

const zeros = leastSquares.w0.map((t) => new Float64Array(t.length));
const negativeZeros = leastSquares.w0.map((t) => new Float64Array(t.length).fill(-0));

async function afterZeroSteps(stepper: Stepper): Promise<Float64Array[]> {
  for (const g of [zeros, negativeZeros, zeros]) await stepper.step(g);
  return stepper.weights();
}

describe('interpreter', () => {
  it.each(PROGRAM_FILES)('%s', async (file) => {
    const program = load(file);
    const w = await afterZeroSteps(await interpStepper(program, leastSquares.w0, withoutDecay(file, program)));
    if (ZERO_OVER_ZERO.has(file)) expect(w.every((t) => t.every(Number.isNaN))).toBe(true);
    else expect(firstBitDifference(w, leastSquares.w0)).toBeNull();
  });
});

describe.each(TARGETS.filter((t) => t.name !== 'interpreter'))('$name', (target) => {
  it.for(REPRESENTATIVE)('%s: the weights keep their bits', async (file, ctx) => {
    const program = load(file);
    const stepper = await target.make(program, leastSquares.w0, withoutDecay(file, program));
    if (!stepper) return ctx.skip();
    try {
      const w0 = leastSquares.w0.map((t) => Float64Array.from(t, Math.fround));
      expect(firstBitDifference(await afterZeroSteps(stepper), w0)).toBeNull();
    } finally {
      stepper.dispose();
    }
  });
});
