// Types of schedules.js (plain JavaScript, embedded in printed modules).

/** A hyperparameter schedule: the value at the 1-based step about to be taken. */
export type Schedule = ((step: number) => number) & { readonly config?: ScheduleConfig };

export type ScheduleConfig =
  | { kind: 'warmupCosineDecay'; init: number; peak: number; warmupSteps: number; decaySteps: number; end: number }
  | { kind: 'sgdr'; peak: number; min: number; period: number; mult: number }
  | { kind: 'linearDecay'; init: number; end: number; steps: number; begin: number };

export function warmupCosineDecay(options: {
  init?: number;
  peak: number;
  warmupSteps?: number;
  decaySteps: number;
  end?: number;
}): Schedule;
export function sgdr(options: { peak: number; min?: number; period: number; mult?: number }): Schedule;
export function linearDecay(options: { init: number; end?: number; steps: number; begin?: number }): Schedule;
export function scheduleFromConfig(config: ScheduleConfig): Schedule;
