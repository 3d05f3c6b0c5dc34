// The metrics file of a training run (DIR/metrics.json) and the curves drawn from it (DIR/curves.svg). The
// file is rewritten atomically after every epoch and at the end, so at any moment it is complete for the
// epochs done: after a NaN stop, a Ctrl-C or a crash too. `status` says how the run ended.

import { join } from 'node:path';
import { writeAtomically } from '../files.ts';
import type { TrainJob } from './job.ts';
import { curvesSvg } from './plots.ts';

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  train_loss: number;
  val_accuracy: number | null;
  test_accuracy: number;
  /** Training time of the epoch (evaluation not included). */
  seconds: number;
  /**
   * The process's CPU time over the same steps (user + system). tfjs's wasm and cpu backends run on one
   * thread, so on a machine shared with other work this is about what `seconds` would be on an idle one.
   */
  cpu_seconds: number;
  /** The learning rate at the epoch's last step, when the program has one. */
  lr: number | null;
}

export type RunStatus = 'running' | 'completed' | 'diverged' | 'interrupted';

export interface Metrics {
  status: RunStatus;
  /** Why the run stopped early, in a sentence; null when it completed. */
  message: string | null;
  program: string;
  /** The compiled optimizer's fingerprint (a hash of its generated code and signature). */
  fingerprint: string;
  model: string;
  parameters: number;
  /** Every hyperparameter's value (lr at its peak when scheduled). */
  hyperparameters: Record<string, number>;
  schedule: { kind: string; warmup: number };
  weight_decay: 'all variables' | 'no decay on rank ≤ 1 variables' | 'none';
  clip_global_norm: number | null;
  seed: number;
  backend: string;
  tfjs_backend: string;
  batch: number;
  epochs_planned: number;
  examples: { train: number; validation: number; test: number };
  epochs: EpochRecord[];
  final_train_loss: number | null;
  test_accuracy: number | null;
  seconds_per_epoch: number | null;
  cpu_seconds_per_epoch: number | null;
  wall_seconds: number;
  /** Optimizer state per trainable parameter (float32 slots: 4 bytes each; `parameters` counts BN's statistics too). */
  state_bytes_per_parameter: number | null;
  job: TrainJob;
}

export function summarize(m: Metrics): Metrics {
  const last = m.epochs.at(-1);
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return {
    ...m,
    final_train_loss: last?.train_loss ?? null,
    test_accuracy: last?.test_accuracy ?? null,
    seconds_per_epoch: mean(m.epochs.map((e) => e.seconds)),
    cpu_seconds_per_epoch: mean(m.epochs.map((e) => e.cpu_seconds)),
  };
}

/** JSON with NaN and ±Infinity as strings (as `optic step` writes them), so a diverged run's file parses. */
export function metricsJson(m: Metrics): string {
  return `${JSON.stringify(m, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

export async function writeMetrics(dir: string, m: Metrics): Promise<void> {
  writeAtomically(join(dir, 'metrics.json'), metricsJson(m));
  const points = m.epochs.map((e) => ({
    run: 'run',
    group: `${m.model} · ${m.program}`,
    epoch: e.epoch,
    train_loss: finite(e.train_loss),
    val_accuracy: e.val_accuracy,
    test_accuracy: e.test_accuracy,
  }));
  writeAtomically(
    join(dir, 'curves.svg'),
    await curvesSvg(points, `${m.model}, ${m.program} (seed ${m.seed}, ${m.backend}/${m.tfjs_backend})`),
  );
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
