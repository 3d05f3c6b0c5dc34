// Splits and orders are functions of their seeds: the same seed gives the same order, epochs differ, the
// validation split is disjoint from training and does not depend on the run's seed.

import { describe, expect, it } from 'vitest';
import { epochOrder, gatherImages, permutation, pixelStats, splitTraining } from '../../runtime/data/splits.ts';

const sorted = (a: Int32Array) => Array.from(a).sort((x, y) => x - y);

describe('splits', () => {
  it('permutation is a seeded permutation', () => {
    const p = permutation(1000, 7);
    expect(sorted(p)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, 7))).toEqual(Array.from(p));
    expect(Array.from(permutation(1000, 8))).not.toEqual(Array.from(p));
  });

  it('each epoch has its own order, a function of (seed, epoch) only', () => {
    const orders = [0, 1, 2].map((e) => Array.from(epochOrder(500, 3, e)));
    expect(orders[0]).not.toEqual(orders[1]);
    expect(orders[1]).not.toEqual(orders[2]);
    expect(Array.from(epochOrder(500, 3, 1))).toEqual(orders[1]);
    expect(Array.from(epochOrder(500, 4, 1))).not.toEqual(orders[1]);
  });

  it('the validation split is held out of training, the same for every run, and the limit takes a prefix', () => {
    const s = splitTraining(1000, 100);
    const all = new Set([...s.train, ...s.validation]);
    expect(all.size).toBe(1000);
    expect(s.validation.length).toBe(100);
    const limited = splitTraining(1000, 100, 50);
    expect(Array.from(limited.validation)).toEqual(Array.from(s.validation));
    expect(Array.from(limited.train)).toEqual(Array.from(s.train.subarray(0, 50)));
    expect(() => splitTraining(10, 10)).toThrow(/leaves no training examples/);
  });

  it("normalizes with the training pixels' mean and deviation", () => {
    const data = {
      images: Uint8Array.from([0, 255, 0, 255, 51, 51, 51, 51]),
      labels: Uint8Array.from([0, 1]),
      count: 2,
      height: 2,
      width: 2,
    };
    const stats = pixelStats(data, Int32Array.from([0]));
    expect(stats.mean).toBeCloseTo(0.5);
    expect(stats.std).toBeCloseTo(0.5);
    expect(Array.from(gatherImages(data, [0], stats))).toEqual([-1, 1, -1, 1]);
  });
});
