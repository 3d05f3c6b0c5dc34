// Interleaved timing of several variants in one process: round r runs every variant once (a few steps each),
// in an order that rotates, so that a load that comes and goes (other engineers' tests share the 2 cores)
// falls on all variants alike. Each variant reports the median and spread of its per-step wall time and of
// the process's CPU time per step: lavapipe runs the GPU's work on this process's threads, so CPU time counts
// the work done and is far less disturbed by other processes than wall time is. A variant that measures its
// step on the device (GPU timestamps) returns those milliseconds, and gets a third spread of them.

/** One step; resolves when it is done, with its time on the device in milliseconds if the variant measures it. */
export type Variant = () => Promise<unknown>;

export interface Timing {
  /** Milliseconds per step. */
  readonly wall: Spread;
  readonly cpu: Spread;
  /** The device's own time per step (GPU timestamps), where every step of the variant returned one. */
  readonly gpu?: Spread;
  readonly samples: number;
  /**
   * Wall milliseconds per step of each round, in round order: round r of every variant of one measure() ran
   * within the same few steps of time, so a ratio of two variants can be taken round by round (paired).
   */
  readonly rounds: readonly number[];
}

export interface Spread {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
}

export interface MeasureOptions {
  /** Rounds over all variants (default 15). */
  rounds?: number;
  /** Steps per variant per round (default 5). */
  perRound?: number;
  /** Untimed steps of each variant first (default 2). */
  warmup?: number;
}

export async function measure(
  variants: Readonly<Record<string, Variant>>,
  options: MeasureOptions = {},
): Promise<Record<string, Timing>> {
  const { rounds = 15, perRound = 5, warmup = 2 } = options;
  const names = Object.keys(variants);
  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const gpu: Record<string, number[]> = {};
  for (const name of names) for (let i = 0; i < warmup; i++) await variants[name]();
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + r) % names.length];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let device: number | undefined = 0;
      for (let i = 0; i < perRound; i++) {
        const ms = await variants[name]();
        device = typeof ms === 'number' && device !== undefined ? device + ms : undefined;
      }
      const t = (performance.now() - t0) / perRound;
      const c = process.cpuUsage(c0);
      (wall[name] ??= []).push(t);
      (cpu[name] ??= []).push((c.user + c.system) / 1000 / perRound);
      if (device !== undefined) (gpu[name] ??= []).push(device / perRound);
    }
  }
  const timing = (n: string): Timing => ({
    wall: spread(wall[n]),
    cpu: spread(cpu[n]),
    ...(gpu[n]?.length === rounds ? { gpu: spread(gpu[n]) } : {}),
    samples: rounds,
    rounds: wall[n],
  });
  return Object.fromEntries(names.map((n) => [n, timing(n)]));
}

export function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p10: at(0.1), p90: at(0.9) };
}

/**
 * The ratio a ÷ b of two variants timed in the same rounds, round by round: its median and 10th–90th
 * percentiles. Drift that comes and goes (another process, the CPU's clock) falls on both members of a pair
 * and cancels in the ratio, which the ratio of the two medians does not do; null when the rounds differ in number.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Spread | null {
  if (a.length === 0 || a.length !== b.length) return null;
  return spread(a.map((x, r) => x / b[r]));
}

/** One line per variant: wall and CPU medians with their 10th–90th percentile ranges. */
export function formatTimings(timings: Readonly<Record<string, Timing>>): string {
  const width = Math.max(8, ...Object.keys(timings).map((k) => k.length));
  const f = (x: number) => x.toFixed(2).padStart(8);
  const row = (name: string, t: Timing) =>
    `${name.padEnd(width)}  wall ${f(t.wall.median)} ms [${f(t.wall.p10)} –${f(t.wall.p90)}]  cpu ${f(t.cpu.median)} ms [${f(t.cpu.p10)} –${f(t.cpu.p90)}]`;
  return Object.entries(timings)
    .map(([n, t]) => row(n, t))
    .join('\n');
}
