// Schedules for any hyperparameter: functions `(step) => value`, `step` being the 1-based step counter of
// the step about to be taken. They follow optax's definitions, counting updates already made
// (count = step − 1), so step 1 gets the schedule's value at count 0. Each carries a `config` so that an
// optimizer using it can be saved (getConfig) and restored (scheduleFromConfig).
//
// No imports: `optic compile --target tfjs` bundles this file into the module it prints, and the runtime
// imports the same file, so what is printed is what runs.

/** A hyperparameter schedule: the value at the 1-based step about to be taken, and how to rebuild it. */
export type Schedule = ((step: number) => number) & { readonly config?: ScheduleConfig };

export type ScheduleConfig =
  | { kind: 'warmupCosineDecay'; init: number; peak: number; warmupSteps: number; decaySteps: number; end: number }
  | { kind: 'sgdr'; peak: number; min: number; period: number; mult: number }
  | { kind: 'linearDecay'; init: number; end: number; steps: number; begin: number };

function checkSchedule(kind: string, config: Record<string, unknown>, positive: string[]): void {
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${kind}: '${key}' must be a finite number, not ${String(value)}`);
    }
  }
  for (const key of positive) {
    if (!((config[key] as number) > 0)) throw new Error(`${kind}: '${key}' must be positive, not ${config[key]}`);
  }
}

function withConfig(fn: (step: number) => number, config: ScheduleConfig): Schedule {
  return Object.assign(fn, { config });
}

/**
 * Linear warmup from `init` to `peak` over `warmupSteps` updates, then cosine decay to `end` at
 * `decaySteps` updates in all (warmup included), then `end` (optax.warmup_cosine_decay_schedule).
 */
export function warmupCosineDecay({
  init = 0,
  peak,
  warmupSteps = 0,
  decaySteps,
  end = 0,
}: {
  init?: number;
  peak: number;
  warmupSteps?: number;
  decaySteps: number;
  end?: number;
}): Schedule {
  const config: ScheduleConfig = { kind: 'warmupCosineDecay', init, peak, warmupSteps, decaySteps, end };
  checkSchedule('warmupCosineDecay', { init, peak, warmupSteps, decaySteps, end }, ['decaySteps']);
  if (warmupSteps < 0 || warmupSteps > decaySteps)
    throw new Error('warmupCosineDecay: warmupSteps must lie in [0, decaySteps]');
  return withConfig((step: number) => {
    const count = step - 1;
    if (count < warmupSteps) return init + ((peak - init) * count) / warmupSteps;
    const span = decaySteps - warmupSteps;
    const progress = span === 0 ? 1 : Math.min(count - warmupSteps, span) / span;
    return end + (peak - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }, config);
}

/**
 * SGDR, cosine annealing with warm restarts (Loshchilov & Hutter 2017; torch CosineAnnealingWarmRestarts):
 * each cycle anneals from `peak` to `min` over `period` updates; each next cycle is `mult` times longer.
 */
export function sgdr({
  peak,
  min = 0,
  period,
  mult = 1,
}: {
  peak: number;
  min?: number;
  period: number;
  mult?: number;
}): Schedule {
  const config: ScheduleConfig = { kind: 'sgdr', peak, min, period, mult };
  checkSchedule('sgdr', { peak, min, period, mult }, ['period']);
  if (mult < 1) throw new Error(`sgdr: 'mult' must be at least 1, not ${mult}`);
  return withConfig((step: number) => {
    let count = step - 1;
    let length = period;
    if (mult === 1) count %= period;
    else while (count >= length) [count, length] = [count - length, length * mult];
    return min + (peak - min) * 0.5 * (1 + Math.cos((Math.PI * count) / length));
  }, config);
}

/** From `init` to `end` linearly over `steps` updates starting after `begin` updates (optax.linear_schedule). */
export function linearDecay({
  init,
  end = 0,
  steps,
  begin = 0,
}: {
  init: number;
  end?: number;
  steps: number;
  begin?: number;
}): Schedule {
  const config: ScheduleConfig = { kind: 'linearDecay', init, end, steps, begin };
  checkSchedule('linearDecay', { init, end, steps, begin }, ['steps']);
  return withConfig((step: number) => {
    const fraction = Math.min(Math.max((step - 1 - begin) / steps, 0), 1);
    return init + (end - init) * fraction;
  }, config);
}

const SCHEDULES = { warmupCosineDecay, sgdr, linearDecay };

/** Rebuilds a schedule from its `config` (as saved by getConfig). */
export function scheduleFromConfig(config: ScheduleConfig): Schedule {
  const make = Object.hasOwn(SCHEDULES, config.kind) ? SCHEDULES[config.kind] : undefined;
  if (!make)
    throw new Error(
      `unknown schedule kind ${JSON.stringify(config.kind)} (known: ${Object.keys(SCHEDULES).join(', ')})`,
    );
  const { kind: _kind, ...params } = config;
  return (make as (options: typeof params) => Schedule)(params);
}
