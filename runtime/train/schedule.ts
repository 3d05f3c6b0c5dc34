// The learning-rate schedule of a training run: `--schedule` and `--warmup` made into one function of the
// 1-based step (runtime/schedules.ts's conventions: step 1 gets the value after 0 updates). The peak is
// the program's lr (its default, or --set lr=). Warm-up is linear from 0 over `warmup` updates.

import { linearDecay, sgdr, warmupCosineDecay, type Schedule } from '../tfjs/index.ts';

export const SCHEDULES = ['constant', 'cosine', 'sgdr', 'linear'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface ScheduleSpec {
  kind: ScheduleName;
  peak: number;
  /** Linear warm-up from 0, in updates. */
  warmup: number;
  /** Updates in the whole run. */
  total: number;
  /** Updates per epoch: SGDR's first cycle. */
  perEpoch: number;
}

/** `(step) => lr`; a plain number when the schedule is constant without warm-up. */
export function learningRate(spec: ScheduleSpec): number | Schedule {
  const { kind, peak, warmup, total, perEpoch } = spec;
  if (warmup < 0 || (warmup > 0 && warmup >= total))
    throw new RangeError(`a warm-up of ${warmup} steps does not fit in a run of ${total}`);
  switch (kind) {
    case 'constant':
      return warmup === 0 ? peak : linearDecay({ init: 0, end: peak, steps: warmup });
    case 'cosine':
      return warmupCosineDecay({ init: 0, peak, warmupSteps: warmup, decaySteps: total, end: 0 });
    case 'linear':
      return afterWarmup(warmup, peak, linearDecay({ init: peak, end: 0, steps: total - warmup, begin: warmup }));
    case 'sgdr': {
      // Cycles of one epoch, then two, four, … (SGDR's T_0 = one epoch, T_mult = 2), counted after warm-up.
      const cycles = sgdr({ peak, period: Math.max(perEpoch, 1), mult: 2 });
      return afterWarmup(warmup, peak, (step) => cycles(step - warmup));
    }
  }
}

/** `then` after a linear warm-up from 0 to `peak` over `warmup` updates. */
function afterWarmup(warmup: number, peak: number, then: (step: number) => number): (step: number) => number {
  if (warmup === 0) return then;
  return (step) => (step - 1 < warmup ? (peak * (step - 1)) / warmup : then(step));
}
