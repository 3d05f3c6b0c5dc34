// Tables and plots over many runs (`optic compare`, `optic sweep`): rows of mean ± standard deviation over
// seeds, as Markdown and JSON, and the plots. A failed run counts in its row's `failed` and is listed with
// its reason; it never stops the others.

import { basename, join } from 'node:path';
import { writeAtomically } from '../files.ts';
import type { JobResult, JobSpec } from './pool.ts';
import { curvesSvg, heatmapSvg, type CurvePoint } from './plots.ts';

export interface Stat {
  mean: number | null;
  std: number | null;
}

/** Mean and sample standard deviation (n − 1; 0 for one value) of the finite values; nulls when none. */
export function stat(values: readonly (number | null | undefined)[]): Stat {
  const xs = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (xs.length === 0) return { mean: null, std: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

export interface Row {
  /** What the row groups: a program (compare) or a grid point (sweep). */
  label: string;
  program: string;
  /** The grid point's values (sweep), else {}. */
  point: Record<string, number>;
  runs: number;
  failed: number;
  test_accuracy: Stat;
  /** Validation accuracy after the last epoch: what a sweep chooses by (never the test set). */
  val_accuracy: Stat;
  final_train_loss: Stat;
  seconds_per_epoch: Stat;
  /** CPU seconds per epoch: on a shared machine, closer than the wall time to what an idle one would take. */
  cpu_seconds_per_epoch: Stat;
  state_bytes_per_parameter: number | null;
  seeds: number[];
}

export interface Run {
  spec: JobSpec;
  result: JobResult;
  label: string;
  point: Record<string, number>;
}

export function rowsOf(runs: readonly Run[]): Row[] {
  const labels = [...new Set(runs.map((r) => r.label))];
  return labels.map((label) => {
    const mine = runs.filter((r) => r.label === label);
    const ok = mine.filter((r) => r.result.ok).map((r) => r.result.metrics!);
    return {
      label,
      program: mine[0].spec.job.program,
      point: mine[0].point,
      runs: mine.length,
      failed: mine.length - ok.length,
      test_accuracy: stat(ok.map((m) => m.test_accuracy)),
      val_accuracy: stat(ok.map((m) => m.epochs.at(-1)?.val_accuracy)),
      final_train_loss: stat(ok.map((m) => m.final_train_loss)),
      seconds_per_epoch: stat(ok.map((m) => m.seconds_per_epoch)),
      cpu_seconds_per_epoch: stat(ok.map((m) => m.cpu_seconds_per_epoch)),
      state_bytes_per_parameter: ok[0]?.state_bytes_per_parameter ?? null,
      seeds: mine.map((r) => r.spec.job.seed),
    };
  });
}

const pm = (s: Stat, digits: number) =>
  s.mean === null ? '–' : `${s.mean.toFixed(digits)} ± ${s.std!.toFixed(digits)}`;

export function markdown(
  title: string,
  context: string[],
  rows: readonly Row[],
  runs: readonly Run[],
  first: string,
): string {
  const lines = [
    `# ${title}`,
    '',
    ...context.map((c) => `- ${c}`),
    '',
    `| ${first} | test accuracy | validation accuracy | final training loss | s/epoch | CPU s/epoch | state bytes/parameter | runs (failed) |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${pm(r.test_accuracy, 4)} | ${pm(r.val_accuracy, 4)} | ${pm(r.final_train_loss, 4)} | ${pm(r.seconds_per_epoch, 1)} | ${pm(r.cpu_seconds_per_epoch, 1)} | ${r.state_bytes_per_parameter ?? '–'} | ${r.runs} (${r.failed}) |`,
    );
  }
  const failures = runs.filter((r) => !r.result.ok);
  if (failures.length > 0) {
    lines.push('', '## Failed runs', '');
    for (const f of failures) lines.push(`- ${f.spec.id}: ${f.result.error}`);
  }
  lines.push(
    '',
    "Mean ± sample standard deviation over the seeds that completed. Each run's metrics.json and curves.svg are in runs/.",
    '',
  );
  return lines.join('\n');
}

/** Every run's per-epoch curve, colored by its row. */
export function curvePoints(runs: readonly Run[]): CurvePoint[] {
  return runs.flatMap((r) =>
    (r.result.metrics?.epochs ?? []).map((e) => ({
      run: r.spec.id,
      group: r.label,
      epoch: e.epoch,
      train_loss: Number.isFinite(e.train_loss) ? e.train_loss : null,
      val_accuracy: e.val_accuracy,
      test_accuracy: e.test_accuracy,
    })),
  );
}

export function runsJson(runs: readonly Run[]) {
  return runs.map((r) => ({
    id: r.spec.id,
    program: r.spec.job.program,
    point: r.point,
    seed: r.spec.job.seed,
    ok: r.result.ok,
    error: r.result.error ?? null,
    test_accuracy: r.result.metrics?.test_accuracy ?? null,
    final_train_loss: r.result.metrics?.final_train_loss ?? null,
    seconds_per_epoch: r.result.metrics?.seconds_per_epoch ?? null,
    cpu_seconds_per_epoch: r.result.metrics?.cpu_seconds_per_epoch ?? null,
    metrics: join('runs', r.spec.id, 'metrics.json'),
  }));
}

export const programName = (path: string) => basename(path, '.opt');

export interface Written {
  results: string;
  json: string;
  plots: string[];
}

/** Writes results.md, results.json and curves.svg (and heatmap.svg when given cells) into `dir`, atomically. */
export async function writeReport(
  dir: string,
  md: string,
  json: unknown,
  runs: readonly Run[],
  title: string,
  heatmap?: Parameters<typeof heatmapSvg>,
): Promise<Written> {
  const written: Written = {
    results: join(dir, 'results.md'),
    json: join(dir, 'results.json'),
    plots: [join(dir, 'curves.svg')],
  };
  writeAtomically(written.results, md);
  writeAtomically(
    written.json,
    `${JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`,
  );
  writeAtomically(written.plots[0], await curvesSvg(curvePoints(runs), title));
  if (heatmap) {
    written.plots.push(join(dir, 'heatmap.svg'));
    writeAtomically(written.plots[1], await heatmapSvg(...heatmap));
  }
  return written;
}
