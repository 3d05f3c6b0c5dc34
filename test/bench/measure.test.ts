// runtime/bench/measure.ts: percentiles, and interleaved rounds that give each variant its own timings.

import { describe, expect, it } from 'vitest';
import { formatTimings, measure, pairedRatio, spread } from '../../runtime/bench/measure.ts';

describe('spread', () => {
  it('median and 10th/90th percentiles of unsorted samples', () => {
    expect(spread([9, 1, 5, 3, 7, 2, 8, 4, 6, 10])).toEqual({ median: 6, p10: 2, p90: 10 });
    expect(spread([4])).toEqual({ median: 4, p10: 4, p90: 4 });
  });
});

describe('measure', () => {
  it('runs every variant warmup + rounds × perRound times, rotating the order, and times each apart', async () => {
    const calls: string[] = [];
    const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const timings = await measure(
      {
        fast: async () => void calls.push('fast'),
        slow: async () => {
          calls.push('slow');
          await wait(15);
        },
      },
      { rounds: 4, perRound: 2, warmup: 1 },
    );
    expect(calls.filter((c) => c === 'fast')).toHaveLength(1 + 4 * 2);
    expect(calls.filter((c) => c === 'slow')).toHaveLength(1 + 4 * 2);
    // Round 1 starts with `slow`: the order rotates.
    expect(calls.slice(2 + 2, 2 + 4)).toEqual(['slow', 'slow']);
    expect(timings.slow.wall.median).toBeGreaterThanOrEqual(10);
    expect(timings.fast.wall.median).toBeLessThan(timings.slow.wall.median);
    expect(timings.fast.samples).toBe(4);
    expect(timings.slow.rounds).toHaveLength(4);
    expect(timings.slow.rounds.every((ms) => ms >= 10)).toBe(true);
    expect(formatTimings(timings).split('\n')).toHaveLength(2);
  });
});

describe('pairedRatio', () => {
  it('takes the ratio round by round: a drift shared by both variants cancels', () => {
    // b is twice as fast as a in every round, while both slow down 10× over the rounds.
    const a = [10, 20, 40, 80, 100];
    const b = [5, 10, 20, 40, 50];
    expect(pairedRatio(a, b)).toEqual({ median: 2, p10: 2, p90: 2 });
    expect(pairedRatio([1, 4, 9], [1, 2, 3])).toEqual({ median: 2, p10: 1, p90: 3 });
  });

  it('is null for rounds that cannot be paired', () => {
    expect(pairedRatio([1, 2], [1])).toBeNull();
    expect(pairedRatio([], [])).toBeNull();
  });
});
