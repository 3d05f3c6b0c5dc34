// The non-finite policy's host side (runtime/webgpu/monitor.ts) without a GPU: the control block's step counter
// as a u32 pair up to 2^53 − 1, the control block a runner starts with (carry_over's other two counts only with
// an indirect pass), and NonFiniteError's sentence for each flag bit.

import { describe, expect, it } from 'vitest';
import { fieldView } from '../../../runtime/webgpu/fields.ts';
import { counterFields, initialControl, NonFiniteError, readStatus } from '../../../runtime/webgpu/monitor.ts';
import { runnerModule } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';

/** No reductions: carry_over, dispatched indirectly. */
const SGD = runnerModule(programOf('def train(w, g):\n    return 0.1 * g\n'), { params: [] }).manifest;
/** A reduction: no carry_over. */
const NORMED = runnerModule(programOf('def train(w, g):\n    return 0.1 * g / (global_norm(g) + 1)\n'), {
  params: [],
}).manifest;

describe('the control block', () => {
  it.each([1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 53 - 1])('step %d is a u32 pair, read back whole', (step) => {
    const fields = counterFields(SGD, step);
    expect(fields.get('step')).toBe(step % 2 ** 32);
    expect(fields.get('step_hi')).toBe(Math.floor(step / 2 ** 32));
    const copy = fields.set('skipped', 3).set('seen', 5);
    expect(readStatus(SGD, copy.bytes)).toEqual({ step, skipped: 3, seen: 5 });
    expect(readStatus(SGD, new Uint8Array(copy.bytes))).toEqual({ step, skipped: 3, seen: 5 });
  });

  it("starts with carry_over's y and z counts at 1 where it is dispatched indirectly, else at 0", () => {
    const indirect = fieldView(SGD, 'Control', initialControl(SGD, 7).bytes);
    expect([indirect.get('step'), indirect.get('carry_x'), indirect.get('carry_y'), indirect.get('carry_z')]).toEqual([
      7, 0, 1, 1,
    ]);
    const direct = fieldView(NORMED, 'Control', initialControl(NORMED, 7).bytes);
    expect([direct.get('step'), direct.get('carry_y'), direct.get('carry_z')]).toEqual([7, 0, 0]);
  });
});

describe('NonFiniteError', () => {
  const tail = "; policy 'error' stops training (step counter 5, 2 step(s) skipped)";
  it.each([
    [1, 'a gradient or per-step input'],
    [2, "the step's result"],
    [3, "a gradient or per-step input and the step's result"],
    [0, 'no value'],
  ])('seen %d: non-finite values in %s', (seen, what) => {
    const error = new NonFiniteError({ step: 5, skipped: 2, seen });
    expect(error.message).toBe(`non-finite values (NaN or ±Inf) in ${what}${tail}`);
    expect(error.name).toBe('NonFiniteError');
    expect(error.status).toEqual({ step: 5, skipped: 2, seen });
  });

  it('flag 4 adds that a step ran with the per-step scalars of another step number', () => {
    expect(new NonFiniteError({ step: 5, skipped: 2, seen: 5 }).message).toBe(
      `non-finite values (NaN or ±Inf) in a gradient or per-step input; a step ran with per-step scalars of another step number${tail}`,
    );
    expect(new NonFiniteError({ step: 5, skipped: 2, seen: 4 }).message).toBe(
      `non-finite values (NaN or ±Inf) in no value; a step ran with per-step scalars of another step number${tail}`,
    );
  });
});
