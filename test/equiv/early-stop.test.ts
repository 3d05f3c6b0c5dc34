// Issue 10 item 18: a trial stops at its first difference, and so does the shrinking of a counterexample (it
// used to shrink every one of a long trial's steps: AdamW vs Lion over 10,000 steps took ~54 s although they
// differ at step 1). Counted in steps the interpreter evaluates, not in time.

import { describe, expect, it, vi } from 'vitest';
import * as interp from '../../runtime/interp.ts';
import { equivalent } from '../../runtime/equiv.ts';
import { programFile } from '../fixtures/compile.ts';

vi.mock('../../runtime/interp.ts', async (original) => {
  const real = await original<typeof interp>();
  return { ...real, evaluate: vi.fn(real.evaluate) };
});
const evaluated = () => vi.mocked(interp.evaluate).mock.calls.length;

const adamw = programFile('programs/adamw.opt');
const lion = programFile('programs/lion.opt');

describe('optic equiv on long trials', () => {
  it('a pair that differs at step 1 evaluates a few steps, not the 10,000 of the trial', () => {
    vi.mocked(interp.evaluate).mockClear();
    const r = equivalent(adamw, lion, { steps: 10_000, trials: 1, seed: 1 });
    expect(r.kind).toBe('different');
    if (r.kind === 'different') expect(r.counterexample.step).toBe(1);
    // Two programs per step: the search (1 step), the shrinking and the shortest prefix, each a few steps.
    expect(evaluated()).toBeLessThan(1_000);
  });

  it('an equivalent pair runs every step of every trial (the count is of real steps)', () => {
    vi.mocked(interp.evaluate).mockClear();
    const r = equivalent(adamw, adamw, { steps: 200, trials: 2, seed: 1 });
    expect(r.kind).toBe('equivalent');
    expect(evaluated()).toBe(2 * 2 * 200);
  });

  it('reports progress during the search only, up to trials × steps', () => {
    const seen: [number, number][] = [];
    equivalent(adamw, adamw, { steps: 50, trials: 3, seed: 1, progress: (done, total) => seen.push([done, total]) });
    expect(seen.length).toBe(150);
    expect(seen.at(-1)).toEqual([150, 150]);
    const differing: number[] = [];
    equivalent(adamw, lion, { steps: 50, trials: 3, seed: 1, progress: (done) => differing.push(done) });
    expect(differing.length).toBeLessThanOrEqual(1);
  });
});
