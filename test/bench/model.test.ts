// runtime/bench/model.ts: how the bench splits n parameters into tensors.

import { describe, expect, it } from 'vitest';
import { benchModel } from '../../runtime/bench/model.ts';

describe('benchModel', () => {
  it('splits n into ⌈k/2⌉ large matrices and ⌊k/2⌋ small biases, all of n and nothing more', () => {
    for (const [n, k] of [
      [1000, 1],
      [1000, 2],
      [1000, 3],
      [10 ** 6, 64],
      [10, 10],
      [5, 4],
    ]) {
      const { sizes, params } = benchModel(n, k);
      expect(params).toBe(n);
      expect(sizes).toHaveLength(k);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    }
    expect(benchModel(1000, 1).sizes).toEqual([1000]);
    const { sizes } = benchModel(10 ** 6, 64); // 32 matrices of ~31k and 32 biases of √31250 ≈ 177
    expect(sizes.slice(32)).toEqual(Array(32).fill(177));
    expect(sizes.slice(1, 32)).toEqual(Array(31).fill(sizes[1]));
  });

  it('refuses more tensors than parameters', () => {
    expect(() => benchModel(4, 5)).toThrow(/--tensors 5/);
  });
});
