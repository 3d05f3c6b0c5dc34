// `optic compare PROGRAM... --model M --seeds K [train flags] --out DIR`: each program × K seeds as training
// jobs in parallel worker processes (runtime/train/pool.ts), or through Redis to `optic worker`s with
// `--queue redis://HOST:PORT` (runtime/train/queue.ts); writes DIR/results.md (mean ± std over seeds),
// DIR/results.json, DIR/curves.svg (every run's curves) and each run's own files under DIR/runs/.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BASELINE, BASELINE_SPEC, isBaseline } from '../../train/baseline.ts';
import type { JobSpec } from '../../train/pool.ts';
import { runJobs } from '../../train/queue.ts';
import { markdown, programName, type Row, rowsOf, runsJson, type Run, writeReport } from '../../train/report.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';
import { checkSets, integer, parseSets, refuseIgnored } from '../options.ts';
import { type HyperSpec, hyperSpec } from '../../hypers.ts';
import { asCliError } from './train.ts';
import { addTrainFlags, jobFrom, TRAIN_IGNORED, type TrainFlags } from './train-options.ts';

export interface PoolFlags extends TrainFlags {
  seeds: number;
  firstSeed: number;
  workers?: number;
  queue?: string;
  out?: string;
}

export function addPoolFlags(command: Command): Command {
  return addTrainFlags(command, { seed: false })
    .option('--seeds <k>', 'runs per program (seeds first-seed, first-seed + 1, …)', integer(1), 1)
    .option('--first-seed <n>', 'the first seed', integer(0), 0)
    .option('--workers <n>', 'worker processes at once (default: one per core)', integer(1))
    .option('--queue <url>', 'run the jobs on `optic worker` processes through this Redis (redis://HOST:PORT)');
}

export function register(cli: Command, io: Io): void {
  const command = cli
    .command('compare')
    .description('train each program with K seeds in parallel workers; table (mean ± std) and plot of all curves')
    .argument('<programs...>', `optimizer programs (.opt); ${BASELINE} for tfjs's own Adam`);
  addPoolFlags(command)
    .option('--out <dir>', 'where results.md, results.json, curves.svg and runs/ go (default: runs/compare-MODEL)')
    .action((programs: string[], flags: PoolFlags, command: Command) => {
      refuseIgnored(command, TRAIN_IGNORED);
      return compare(io, programs, flags);
    });
}

/** Runs the jobs, printing one line per finished job on stderr; every program must compile first. */
export async function runAll(
  io: Io,
  runs: Omit<Run, 'result'>[],
  where: Pick<PoolFlags, 'workers' | 'queue'>,
): Promise<Run[]> {
  const results = await runJobs(
    runs.map((r) => r.spec),
    {
      ...where,
      onResult: (r, done, total) =>
        io.err(
          `[${done}/${total}] ${r.id}: ${r.ok ? `test accuracy ${r.metrics!.test_accuracy!.toFixed(4)}` : `failed: ${r.error}`} (${r.seconds.toFixed(0)} s)\n`,
        ),
    },
  ).catch((e) => {
    throw asCliError(e);
  });
  return runs.map((r, i) => ({ ...r, result: results[i] }));
}

/**
 * Every program compiles and has the hyperparameters `sets` names, before any worker starts (tf.train.adam has
 * its own); their hyperparameter specs.
 */
export function checkPrograms(
  io: Io,
  programs: readonly string[],
  sets: Readonly<Record<string, number>>,
): HyperSpec[] {
  const specs = programs.map((file) =>
    isBaseline(file) ? BASELINE_SPEC : hyperSpec(loadProgram(io, file).program, true),
  );
  for (const spec of specs) checkSets(spec, sets);
  const names = programs.map(programName);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice)
    throw new CliError(
      `two programs are named '${twice}': rows and run directories are named after the file`,
      EXIT.usage,
    );
  return specs;
}

async function compare(io: Io, programs: string[], flags: PoolFlags): Promise<void> {
  checkPrograms(io, programs, parseSets(flags.set ?? []));
  const out = flags.out ?? join('runs', `compare-${flags.model}`);
  mkdirSync(join(out, 'runs'), { recursive: true });
  const planned = programs.flatMap((program) =>
    Array.from({ length: flags.seeds }, (_, k) => {
      const seed = flags.firstSeed + k;
      const id = `${programName(program)}-seed${seed}`;
      const spec: JobSpec = { id, job: jobFrom(program, flags, seed), out: join(out, 'runs', id) };
      return { spec, label: programName(program), point: {} };
    }),
  );
  const runs = await runAll(io, planned, flags);
  const rows = rowsOf(runs);
  const context = contextLines(flags, runs.length);
  const md = markdown(`optic compare: ${flags.model}`, context, rows, runs, 'program');
  const json = {
    command: 'compare',
    model: flags.model,
    seeds: flags.seeds,
    settings: runs[0].spec.job,
    entries: entries(flags.model, rows, runs),
    rows,
    runs: runsJson(runs),
  };
  const written = await writeReport(out, md, json, runs, `${flags.model}: ${programs.map(programName).join(' vs ')}`);
  io.out(md);
  io.out(`results: ${written.results}, ${written.json}; plot: ${written.plots.join(', ')}\n`);
  if (runs.every((r) => !r.result.ok)) throw new CliError('every run failed');
}

/**
 * One entry per (model, optimizer), the format of results/fashion-mnist/results.json: mean and std of the
 * test accuracy over the seeds that completed, and the lr and λ the runs used (null when the program has none).
 */
function entries(model: string, rows: readonly Row[], runs: readonly Run[]) {
  return rows.map((row) => {
    const hypers = runs.find((r) => r.label === row.label && r.result.metrics)?.result.metrics?.hyperparameters ?? {};
    return {
      model,
      optimizer: row.label,
      test_accuracy_mean: row.test_accuracy.mean,
      test_accuracy_std: row.test_accuracy.std,
      seeds: row.runs - row.failed,
      lr: hypers.lr ?? null,
      λ: hypers.λ ?? null,
    };
  });
}

export function contextLines(flags: PoolFlags, count: number): string[] {
  const limit = flags.trainLimit ? `first ${flags.trainLimit} training examples` : 'the whole training split';
  const sets = (flags.set ?? []).join(' ') || 'program defaults';
  return [
    `model ${flags.model}, ${flags.epochs} epoch(s), batch ${flags.batch}, ${limit}, validation ${flags.validation}`,
    `hyperparameters: ${sets}; schedule ${flags.schedule}${flags.warmup ? `, warm-up ${flags.warmup} steps` : ''}${flags.decayAll ? ', decay on all variables' : ''}${flags.clipGlobalNorm ? `, clip ${flags.clipGlobalNorm}` : ''}`,
    `backend ${flags.backend}${flags.tfjsBackend ? `/${flags.tfjsBackend}` : ''}; ${count} runs`,
  ];
}
