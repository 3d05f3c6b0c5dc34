// The learning rate of `--schedule` and `--warmup` at chosen steps; warm-up + cosine against optax's
// warmup_cosine_decay_schedule written out (optax/schedules/_schedule.py: linear from init_value to
// peak_value over warmup_steps, then cosine_decay_schedule(peak, decay_steps − warmup_steps, end/peak)),
// evaluated at count = step − 1 (optax counts the updates already made).

import { describe, expect, it } from 'vitest';
import { learningRate, type ScheduleSpec } from '../../runtime/train/schedule.ts';

const at = (spec: ScheduleSpec, step: number) => {
  const lr = learningRate(spec);
  return typeof lr === 'number' ? lr : lr(step);
};

/** optax.warmup_cosine_decay_schedule(init_value=0, peak_value, warmup_steps, decay_steps, end_value=0)(count). */
function optaxWarmupCosine(peak: number, warmup: number, decay: number, count: number): number {
  if (count < warmup) return (peak * count) / warmup; // optax.linear_schedule(0, peak, warmup)
  const span = decay - warmup;
  const progress = Math.min(count - warmup, span) / span; // cosine_decay_schedule clips count to decay_steps
  const alpha = 0; // end_value / peak_value
  return peak * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * progress)) + alpha);
}

describe('learning-rate schedules', () => {
  const base = { peak: 1e-3, total: 1000, perEpoch: 100 };

  it('constant: the peak, after a linear warm-up from 0 when asked', () => {
    expect(learningRate({ ...base, kind: 'constant', warmup: 0 })).toBe(1e-3);
    const spec = { ...base, kind: 'constant', warmup: 10 } as const;
    expect([1, 6, 11, 500].map((s) => at(spec, s))).toEqual([0, 5e-4, 1e-3, 1e-3]);
  });

  it('warm-up + cosine matches optax.warmup_cosine_decay_schedule at chosen steps', () => {
    const spec = { ...base, kind: 'cosine', warmup: 50 } as const;
    for (const step of [1, 2, 26, 50, 51, 52, 300, 525, 999, 1000, 1001, 1200]) {
      expect(at(spec, step)).toBeCloseTo(optaxWarmupCosine(1e-3, 50, 1000, step - 1), 15);
    }
    expect(at(spec, 51)).toBe(1e-3);
    expect(at(spec, 1001)).toBe(0);
  });

  it('linear: warm-up, then down to 0 at the last step', () => {
    const spec = { ...base, kind: 'linear', warmup: 100 } as const;
    expect(at(spec, 51)).toBeCloseTo(5e-4, 15);
    expect(at(spec, 101)).toBeCloseTo(1e-3, 15);
    expect(at(spec, 551)).toBeCloseTo(5e-4, 15);
    expect(at(spec, 1001)).toBeCloseTo(0, 15);
  });

  it('sgdr: cycles of one epoch, then two, restarting at the peak', () => {
    const spec = { ...base, kind: 'sgdr', warmup: 0 } as const;
    expect(at(spec, 1)).toBe(1e-3);
    expect(at(spec, 51)).toBeCloseTo(5e-4, 15); // half way through the first cycle (100 steps)
    expect(at(spec, 101)).toBe(1e-3); // restart
    expect(at(spec, 201)).toBeCloseTo(5e-4, 15); // half way through the second cycle (200 steps)
    expect(at(spec, 301)).toBe(1e-3);
  });

  it('rejects a warm-up longer than the run', () => {
    expect(() => learningRate({ ...base, kind: 'cosine', warmup: 1000 })).toThrow(/does not fit in a run of 1000/);
  });
});
