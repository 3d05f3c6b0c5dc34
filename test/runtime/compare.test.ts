import { describe, expect, it } from 'vitest';
import { close, compareStep, compareTensors, TOLERANCE } from '../../runtime/compare.ts';

const f = (...x: number[]) => Float64Array.from(x);

describe('close', () => {
  const tol = { rtol: 1e-3, atol: 1e-6 };
  it.each([
    [1, 1.0009, true],
    [1, 1.0011, false],
    [0, 5e-7, true],
    [0, 2e-6, false],
    [NaN, NaN, true],
    [NaN, 0, false],
    [0, NaN, false],
    [Infinity, Infinity, true],
    [Infinity, -Infinity, false],
    [Infinity, 1e38, false],
    [-0, 0, true],
  ])('close(%s, %s) = %s', (e, a, want) => expect(close(e, a, tol)).toBe(want));
});

describe('compareTensors', () => {
  it('reports the first mismatch with its position, and honours the skip mask', () => {
    const m = compareTensors([f(1, 2), f(3)], [f(1, 2), f(3.5)], TOLERANCE.float32);
    expect(m).toEqual({ tensor: 1, index: 0, expected: 3, actual: 3.5 });
    expect(
      compareTensors([f(1, 2), f(3)], [f(1, 2), f(3.5)], TOLERANCE.float32, [undefined, Uint8Array.of(1)]),
    ).toBeNull();
  });

  it('refuses tensors of different shapes', () => {
    expect(() => compareTensors([f(1)], [f(1, 2)], TOLERANCE.float32)).toThrow(/1 elements vs 2/);
  });
});

describe('compareStep', () => {
  it('compares the update, then each state slot, skipping near-discontinuity elements', () => {
    const reference = {
      update: [f(1, 2)],
      state: [[f(5)]],
      updateNear: [Uint8Array.of(0, 1)],
      stateNear: [[Uint8Array.of(0)]],
    };
    expect(compareStep(reference, { update: [f(1, -2)], state: [[f(5)]] }, TOLERANCE.wgsl)).toBeNull();
    expect(compareStep(reference, { update: [f(1, -2)], state: [[f(6)]] }, TOLERANCE.wgsl)).toMatchObject({
      output: 0,
      expected: 5,
      actual: 6,
    });
  });
});
