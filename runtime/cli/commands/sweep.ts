// `optic sweep PROGRAM --grid lr=1e-4,3e-4,1e-3 --grid λ=0.1,0.3,1 [train flags] --out DIR`: the paper's
// protocol, every point of the grid (the rest fixed) × K seeds as jobs in worker processes; writes
// DIR/results.md, DIR/results.json (with the best point), DIR/curves.svg and DIR/heatmap.svg (mean validation
// accuracy over the first two grid axes: the paper's Figure 2).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { JobSpec } from '../../train/pool.ts';
import { markdown, programName, type Row, rowsOf, runsJson, writeReport } from '../../train/report.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { addPoolFlags, checkPrograms, contextLines, runAll, type PoolFlags } from './compare.ts';
import { jobFrom, TRAIN_IGNORED } from './train-options.ts';
import { checkSets, parseSets, refuseIgnored } from '../options.ts';

interface SweepFlags extends PoolFlags {
  grid?: string[];
}

export function register(cli: Command, io: Io): void {
  const command = cli
    .command('sweep')
    .description('train a program over a grid of hyperparameters (× K seeds) in parallel workers; table and heatmap')
    .argument('<program>', 'optimizer program (.opt)');
  addPoolFlags(command)
    .option(
      '--grid <name=v1,v2,...>',
      'a hyperparameter and its values (repeatable; the first two make the heatmap)',
      (v: string, p: string[] | undefined) => [...(p ?? []), v],
    )
    .option('--out <dir>', 'where results.md, results.json, the plots and runs/ go (default: runs/sweep-PROGRAM-MODEL)')
    .action((program: string, flags: SweepFlags, command: Command) => {
      refuseIgnored(command, TRAIN_IGNORED);
      return sweep(io, program, flags);
    });
}

interface Axis {
  name: string;
  values: number[];
}

export function parseGrid(specs: readonly string[]): Axis[] {
  if (specs.length === 0) throw new CliError('optic sweep needs at least one --grid NAME=V1,V2,...', EXIT.usage);
  const axes = specs.map((spec) => {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, eq).trim();
    const values = spec
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim());
    if (eq <= 0 || values.some((v) => v === '' || !Number.isFinite(Number(v)))) {
      throw new CliError(
        `--grid expects NAME=V1,V2,... with numbers (like --grid lr=1e-4,3e-4), not '${spec}'`,
        EXIT.usage,
      );
    }
    return { name, values: values.map(Number) };
  });
  const twice = axes.find((a, i) => axes.findIndex((b) => b.name === a.name) !== i);
  if (twice) throw new CliError(`--grid ${twice.name} is given twice`, EXIT.usage);
  return axes;
}

function points(axes: readonly Axis[]): Record<string, number>[] {
  return axes.reduce<Record<string, number>[]>(
    (acc, axis) => acc.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.name]: v }))),
    [{}],
  );
}

async function sweep(io: Io, program: string, flags: SweepFlags): Promise<void> {
  const axes = parseGrid(flags.grid ?? []);
  const [spec] = checkPrograms(io, [program], parseSets(flags.set ?? []));
  const grid = Object.fromEntries(axes.map((a) => [a.name, a.values[0]]));
  checkSets(spec, grid, '--grid');
  const clash = axes.find((a) => (flags.set ?? []).some((s) => s.split('=')[0].trim() === a.name));
  if (clash) throw new CliError(`${clash.name} is both swept (--grid) and fixed (--set)`, EXIT.usage);
  const out = flags.out ?? join('runs', `sweep-${programName(program)}-${flags.model}`);
  mkdirSync(join(out, 'runs'), { recursive: true });
  const planned = points(axes).flatMap((point) => {
    const label = axes.map((a) => `${a.name}=${point[a.name]}`).join(' ');
    const sets = [...(flags.set ?? []), ...axes.map((a) => `${a.name}=${point[a.name]}`)];
    return Array.from({ length: flags.seeds }, (_, k) => {
      const seed = flags.firstSeed + k;
      const id = `${axes.map((a) => `${a.name}${point[a.name]}`).join('-')}-seed${seed}`;
      const spec: JobSpec = { id, job: jobFrom(program, { ...flags, set: sets }, seed), out: join(out, 'runs', id) };
      return { spec, label, point };
    });
  });
  const runs = await runAll(io, planned, flags);
  const rows = rowsOf(runs);
  // Chosen by validation accuracy (held out of the training set), by test accuracy only without a validation split.
  const by = flags.validation > 0 ? 'validation accuracy' : 'test accuracy';
  const score = (r: Row) => (flags.validation > 0 ? r.val_accuracy.mean : r.test_accuracy.mean);
  const best = rows.filter((r) => score(r) !== null).sort((a, b) => score(b)! - score(a)!)[0] ?? null;
  const md = markdown(
    `optic sweep: ${programName(program)} on ${flags.model}`,
    [
      ...contextLines(flags, runs.length),
      `grid: ${axes.map((a) => `${a.name} ∈ {${a.values.join(', ')}}`).join(', ')}`,
      `best by ${by}: ${best ? `${best.label} (${by} ${score(best)!.toFixed(4)}, test accuracy ${best.test_accuracy.mean!.toFixed(4)})` : 'none (every run failed)'}`,
    ],
    rows,
    runs,
    'grid point',
  );
  const json = {
    command: 'sweep',
    program,
    model: flags.model,
    seeds: flags.seeds,
    grid: axes,
    best: best && {
      point: best.point,
      chosen_by: by,
      score: score(best),
      test_accuracy_mean: best.test_accuracy.mean,
      test_accuracy_std: best.test_accuracy.std,
    },
    settings: runs[0].spec.job,
    rows,
    runs: runsJson(runs),
  };
  const [x, y] = axes;
  const cells = rows.map((r) => ({ x: r.point[x.name], y: y ? r.point[y.name] : 0, value: score(r) }));
  const title = `${programName(program)} on ${flags.model}: mean ${by}`;
  const written = await writeReport(out, md, json, runs, `${programName(program)} on ${flags.model}`, [
    cells,
    { x: x.name, y: y?.name ?? '', value: by },
    title,
  ]);
  io.out(md);
  io.out(`results: ${written.results}, ${written.json}; plots: ${written.plots.join(', ')}\n`);
  if (runs.every((r) => !r.result.ok)) throw new CliError('every run failed');
}
