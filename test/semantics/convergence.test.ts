// Convergence on the reference interpreter for every program in programs/ (optax's test, convergence.ts).

import { describe, expect, it } from 'vitest';
import { converge, summary as show, KNOWN_MISSES } from './convergence.ts';
import { parabola, rosenbrock } from './problems.ts';
import { convergenceValues, load, PROGRAM_FILES } from './settings.ts';
import { interpStepper } from './steppers.ts';

describe.each(PROGRAM_FILES)('%s on the interpreter', (file) => {
  it.each([parabola, rosenbrock])('$name: within 3e-2 of the minimum in 10,000 steps', async (problem) => {
    const program = load(file);
    const outcome = await converge(await interpStepper(program, problem.w0, convergenceValues(file)), problem);
    const miss = KNOWN_MISSES[`${file} ${problem.name}`];
    if (miss)
      expect(
        outcome.converged,
        `listed as a known miss (${miss}) but ${show(outcome)}: remove it from KNOWN_MISSES`,
      ).toBe(false);
    else expect(outcome.converged, show(outcome)).toBe(true);
  });
});

it('the known misses that blame 0/0 really end in NaN', async () => {
  for (const [key, why] of Object.entries(KNOWN_MISSES)) {
    if (!why.includes('NaN')) continue;
    const [file, name] = key.split(' ');
    const problem = name === 'parabola' ? parabola : rosenbrock;
    const outcome = await converge(await interpStepper(load(file), problem.w0, convergenceValues(file)), problem);
    expect(
      outcome.w.some((t) => t.some(Number.isNaN)),
      `${key}: ${show(outcome)}`,
    ).toBe(true);
  }
});
