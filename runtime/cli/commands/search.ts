// `optic search [--from FILE] [--budget N] [--population P] [--tournament T] [--workers K] [--seed S] --out DIR`:
// regularized evolution (runtime/search/evolve.ts) warm-started from a program, with the proxy fitness (training
// jobs, runtime/search/proxy.ts) or the synthetic quadratic (`--fitness quadratic`, for smoke runs). One progress
// line per batch on stderr; writes DIR/report.json, DIR/best.opt (the winner, simplified: valid input to every
// other command) and DIR/fitness.svg (best and median fitness against evaluations), atomically.
// `--queue redis://HOST:PORT` sends the training jobs to `optic worker`s (BullMQ); the search is the same for
// the same seed and --workers, wherever the jobs ran. The state is checkpointed
// after every batch (DIR/search-state.json); `--resume DIR` continues a killed search to where an uninterrupted
// one would have gone. `--funnel N` moves the N best that beat AdamW on the proxy to a
// larger task (search-funnel.ts).

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import type { Program } from '../../../compiler/ir.ts';
import { MUTABLE_OPS } from '../../../compiler/mutate.ts';
import { CALLABLE, HERO_OPS, type MathMode, OPS, type OpName } from '../../../compiler/ops.ts';
import { printProgram } from '../../../compiler/print.ts';
import { writeAtomically } from '../../files.ts';
import { searchSvg } from '../../train/plots.ts';
import { hyperSpec, own } from '../../hypers.ts';
import {
  CHECKPOINT_FILE,
  loadSearch,
  type SearchCheckpoint,
  SearchCheckpointError,
  saveSearch,
} from '../../search/checkpoint.ts';
import {
  type Evaluator,
  evolve,
  inProcess,
  type Progress,
  type SearchResult,
  type SearchState,
} from '../../search/evolve.ts';
import { quadraticFitness } from '../../search/fitness.ts';
import type { FunnelEntry, FunnelResult } from '../../search/funnel.ts';
import { PROXY_JOB, type ProxyOptions, proxyEvaluator } from '../../search/proxy.ts';
import { MODELS } from '../../train/models.ts';
import { LocalPool } from '../../train/pool.ts';
import { QueueError } from '../../train/queue.ts';
import {
  type FunnelFlags,
  largerEvaluator,
  largerTask,
  runFunnel,
  type Simplified,
  simplifiedChecked,
} from './search-funnel.ts';
import { CliError, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';
import { checkSets, collect, integer, parseSets, positives } from '../options.ts';
import { asCliError } from './train.ts';

interface SearchFlags extends FunnelFlags {
  from: string;
  budget: number;
  population: number;
  tournament: number;
  workers: number;
  queue?: string;
  seed: number;
  plateau?: number;
  fitness: 'proxy' | 'quadratic';
  math: MathMode;
  /** hero, all, or op names separated by commas (a checkpoint from before the option has none: hero). */
  ops?: string;
  set?: string[];
  tuneLr?: number[];
  trainLimit: number;
  validation: number;
  data?: string;
  out: string;
  resume?: string;
}

export function register(cli: Command, io: Io): void {
  cli
    .command('search')
    .description('discover optimizer programs by regularized evolution from a warm start')
    .option('--from <file>', 'the program the population starts as', 'programs/paper/step1_adamw.opt')
    .option('--budget <n>', 'candidates to make (cache hits included)', integer(1), 100)
    .option('--population <p>', 'members of the population', integer(1), 100)
    .option('--tournament <t>', 'members sampled per tournament', integer(1), 2)
    .option(
      '--workers <k>',
      'candidates evaluated at once, each in a worker process (with --queue: on the workers)',
      integer(1),
      1,
    )
    .option('--queue <url>', 'proxy: evaluate on `optic worker` processes through this Redis (redis://HOST:PORT)')
    .option('--seed <s>', 'the random seed: the same seed and workers give the same search', integer(0), 0)
    .option('--plateau <n>', 'restart after this many candidates without a better best', integer(1))
    .addOption(
      new Option('--fitness <kind>', 'proxy: training jobs; quadratic: a synthetic problem, for smoke runs')
        .choices(['proxy', 'quadratic'])
        .default('proxy'),
    )
    .addOption(
      new Option('--math <mode>', "IEEE arithmetic, or hero's protected division, log and sqrt (fitness and cache)")
        .choices(['ieee', 'protected'])
        .default('ieee'),
    )
    .option(
      '--ops <set>',
      "the ops a mutation inserts: hero (Hero's search space, the paper's), all (also comparisons, where, mod, " +
        'sum, mean and size; never row or column reductions), or op names separated by commas',
      'hero',
    )
    .option('--set <name=value>', 'a hyperparameter for every candidate (repeatable)', collect)
    .option(
      '--tune-lr <factors>',
      'proxy: train each candidate at these multiples of --set lr (like 0.3,1,3) and keep its best',
      positives,
    )
    .option('--train-limit <n>', 'proxy: training examples', integer(1), PROXY_JOB.trainLimit)
    .option('--validation <n>', 'proxy: validation examples (the fitness)', integer(1), PROXY_JOB.validation)
    .option('--data <dir>', "proxy: the IDX files' directory (default: Debian's Fashion-MNIST)")
    .option(
      '--funnel <n>',
      'move the N best that beat AdamW on the proxy to a larger task (baselines: AdamW, Lion)',
      integer(0),
      0,
    )
    .addOption(new Option('--funnel-model <m>', "proxy: the larger task's model (default mlp)").choices([...MODELS]))
    .option(
      '--funnel-train-limit <n>',
      "proxy: the larger task's training examples (default 10 × --train-limit)",
      integer(1),
    )
    .option('--out <dir>', 'where report.json, best.opt, the checkpoint, candidates/ and runs/ go')
    .option('--resume <dir>', 'continue the search checkpointed in DIR, with its settings (--budget may raise it)')
    .action((flags: SearchFlags, command: Command) => {
      const { settings, resume } = resumed(flags, command);
      return search(io, settings, resume);
    });
}

/** The settings to run with: on --resume the checkpoint's (and --budget when given) and its state. */
function resumed(flags: SearchFlags, command: Command): { settings: SearchFlags; resume?: SearchState } {
  if (flags.resume === undefined) {
    if (flags.out === undefined) throw new CliError('--out DIR is required (or --resume DIR)', 2);
    return { settings: flags };
  }
  const given = command.options.filter((o) => command.getOptionValueSource(o.attributeName()) === 'cli');
  const others = given.map((o) => o.long!).filter((name) => name !== '--resume' && name !== '--budget');
  if (others.length > 0)
    throw new CliError(`--resume takes only --budget: the search keeps its settings (not ${others.join(', ')})`, 2);
  let checkpoint: SearchCheckpoint<SearchFlags>;
  try {
    checkpoint = loadSearch<SearchFlags>(join(flags.resume, CHECKPOINT_FILE));
  } catch (e) {
    throw e instanceof SearchCheckpointError ? new CliError(e.message) : e;
  }
  const budget = command.getOptionValueSource('budget') === 'cli' ? flags.budget : checkpoint.settings.budget;
  return { settings: { ...checkpoint.settings, budget, out: flags.resume }, resume: checkpoint.state };
}

async function search(io: Io, flags: SearchFlags, resume?: SearchState): Promise<void> {
  if (flags.tournament > flags.population)
    throw new CliError(`--tournament ${flags.tournament} is more than --population ${flags.population}`, 2);
  if (flags.queue !== undefined && flags.fitness !== 'proxy')
    throw new CliError('--queue runs training jobs: it needs --fitness proxy', 2);
  if (flags.tuneLr !== undefined && flags.fitness !== 'proxy')
    throw new CliError('--tune-lr tunes training jobs: it needs --fitness proxy', 2);
  searchOps(flags.ops);
  const initial = resume?.start.program ?? loadProgram(io, flags.from).program;
  const hypers = parseSets(flags.set ?? []);
  if (flags.tuneLr !== undefined && hypers.lr === undefined)
    throw new CliError('--tune-lr multiplies the learning rate: pass --set lr=VALUE too', 2);
  checkSets(hyperSpec(initial, true), hypers);
  mkdirSync(flags.out, { recursive: true });
  // One set of worker processes for the whole search and its funnel (each starts once: pool.ts).
  const local = flags.fitness === 'proxy' && flags.queue === undefined && flags.workers > 1;
  const pool = local ? new LocalPool(flags.workers) : undefined;
  try {
    await searchOn(io, flags, initial, hypers, pool, resume);
  } finally {
    pool?.close();
  }
}

/** The ops `--ops` names (hero by default); a usage error names what cannot be drawn. */
export function searchOps(spec = 'hero'): readonly OpName[] {
  if (spec === 'hero') return HERO_OPS;
  if (spec === 'all') return MUTABLE_OPS;
  const ops: OpName[] = [];
  const bad: string[] = [];
  for (const name of spec.split(',').map((n) => n.trim())) {
    const def = OPS.get(name as OpName) ?? CALLABLE.get(name);
    if (def && MUTABLE_OPS.includes(def.name as OpName)) ops.push(def.name as OpName);
    else bad.push(def?.kind === 'axis_reduce' ? `${name} (a row or column reduction)` : JSON.stringify(name));
  }
  if (bad.length > 0) {
    const can = `the ops it can: ${MUTABLE_OPS.join(', ')} (or hero, all)`;
    throw new CliError(`--ops: a mutation cannot draw ${bad.join(', ')}; ${can}`, 2);
  }
  return ops;
}

async function searchOn(
  io: Io,
  flags: SearchFlags,
  initial: Program,
  hypers: Record<string, number>,
  pool: LocalPool | undefined,
  resume?: SearchState,
): Promise<void> {
  const started = performance.now();
  const result = await evolve(initial, evaluator(flags, hypers, pool), {
    population: flags.population,
    tournament: flags.tournament,
    budget: flags.budget,
    seed: flags.seed,
    batch: flags.workers,
    hypers,
    math: flags.math,
    mutation: { ops: searchOps(flags.ops) },
    ...(flags.plateau !== undefined && { plateau: flags.plateau }),
    onProgress: (p) => io.err(progressLine(p, flags.budget, started)),
    onBatch: (state) => saveSearch(join(flags.out, CHECKPOINT_FILE), { version: 1, settings: flags, state }),
    ...(resume && { resume }),
  }).catch((e) => {
    throw asCliError(withResumeHint(e, flags.out));
  });
  if (!Number.isFinite(result.initial.fitness))
    throw new CliError(`${flags.from} has no fitness to start from: ${result.initial.error}`);
  const proxy = proxyOptions(flags, hypers, pool);
  const funnelled =
    flags.funnel > 0
      ? await runFunnel(result, flags.funnel, evaluator(flags, hypers, pool), largerEvaluator(flags, proxy), {
          hypers,
          math: flags.math,
        }).catch((e) => {
          throw asCliError(e);
        })
      : undefined;
  const winner = funnelled?.winners[0];
  const chosen = simplifiedChecked(winner?.program ?? result.best.program, flags.math, hypers);
  const math = flags.math === 'protected' ? ', under --math protected' : '';
  const what = winner
    ? `funnel winner: fitness ${winner.proxy} on the proxy, ${winner.funnel} on the larger task`
    : `best fitness ${result.best.fitness}`;
  const lr = winner ? (winner.lr?.funnel ?? winner.lr?.proxy) : result.best.lr;
  const trained = { ...hypers, ...(lr !== undefined && { lr }) };
  const best = printProgram(withDefaults(chosen.program, trained), {
    header: [
      `optic search ${flags.fitness} ${what} (the start: ${result.initial.fitness})${math}`,
      'hyperparameter defaults: the values it was trained at',
    ],
  });
  writeAtomically(join(flags.out, 'best.opt'), best);
  const json = { ...report(flags, hypers, result), ...funnelReport(funnelled, result, chosen) };
  writeAtomically(join(flags.out, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
  const points = result.history.map((h) => ({
    evaluated: h.evaluated,
    best: finite(h.best),
    median: finite(h.median),
  }));
  writeAtomically(join(flags.out, 'fitness.svg'), await searchSvg(points, `optic search: ${flags.fitness} fitness`));
  io.out(
    `best fitness ${result.best.fitness} (the start: ${result.initial.fitness}) after ${result.generated} candidates, ${result.evaluated} evaluated\n`,
  );
  io.out(
    `report: ${join(flags.out, 'report.json')}, best program: ${join(flags.out, 'best.opt')}, plot: ${join(flags.out, 'fitness.svg')}\n`,
  );
}

/** `program` with `values` as its hyperparameters' defaults, where it reads them. */
function withDefaults(program: Program, values: Readonly<Record<string, number>>): Program {
  const hypers = program.signature.hypers.map((h) => {
    const value = own(values, h.name);
    return value === undefined ? h : { ...h, default: value };
  });
  return { ...program, signature: { ...program.signature, hypers } };
}

/** A queue that failed mid-search: how to go on from the last checkpoint, when there is one. */
function withResumeHint(e: unknown, out: string): unknown {
  if (!(e instanceof QueueError) || !existsSync(join(out, CHECKPOINT_FILE))) return e;
  return new QueueError(`${e.message}; \`optic search --resume ${out}\` goes on from the last checkpoint`);
}

function evaluator(flags: SearchFlags, hypers: Record<string, number>, pool?: LocalPool): Evaluator {
  if (flags.fitness === 'quadratic') return inProcess(quadraticFitness(50, { hypers, math: flags.math }));
  return proxyEvaluator(proxyOptions(flags, hypers, pool));
}

function proxyOptions(flags: SearchFlags, hypers: Record<string, number>, pool?: LocalPool): ProxyOptions {
  const job = { trainLimit: flags.trainLimit, validation: flags.validation, seed: flags.seed };
  return {
    dir: flags.out,
    workers: flags.workers,
    ...(flags.queue !== undefined && { queue: flags.queue }),
    ...(pool && { pool }),
    ...(flags.tuneLr && { lrFactors: flags.tuneLr }),
    hypers,
    math: flags.math,
    job: { ...job, ...(flags.data && { data: flags.data }) },
  };
}

/** The funnel's part of the report (with --funnel), and how best.opt was made. */
function funnelReport(f: FunnelResult | undefined, r: SearchResult, chosen: Simplified) {
  const entry = (e: FunnelEntry) => ({
    born: e.born,
    proxy: e.proxy,
    funnel: e.funnel,
    ...(e.error && { error: e.error }),
    ...(e.lr && { lr: e.lr }),
    program: printProgram(e.program),
  });
  const bestEntry = f?.candidates.find((c) => c.born === r.best.born && c.proxy === r.best.fitness);
  return {
    ...(f && {
      baselines: f.baselines,
      best_on_funnel: bestEntry?.funnel ?? null,
      funnel: { candidates: f.candidates.map(entry), winners: f.winners.map(entry) },
    }),
    best_opt: {
      source:
        f === undefined
          ? 'the proxy best (no funnel)'
          : f.winners.length > 0
            ? 'the funnel winner'
            : 'the proxy best (no funnel winner)',
      simplified_equivalent: chosen.equivalent,
      statements: chosen.statements,
    },
  };
}

function progressLine(p: Progress, budget: number, started: number): string {
  const minutes = (performance.now() - started) / 60_000;
  const rate = minutes > 0 ? (p.evaluated / minutes).toFixed(1) : '-';
  return `[${p.generated}/${budget}] evaluated ${p.evaluated}, cache hits ${p.cacheHits}, best ${p.best}, ${rate} evaluations/min\n`;
}

function report(flags: SearchFlags, hypers: Record<string, number>, r: SearchResult) {
  const fitness = (m: { fitness: number; error?: string }) => (Number.isFinite(m.fitness) ? m.fitness : null);
  return {
    command: 'search',
    from: flags.from,
    fitness: flags.fitness,
    settings: {
      budget: flags.budget,
      population: flags.population,
      tournament: flags.tournament,
      workers: flags.workers,
      seed: flags.seed,
      math: flags.math,
      plateau: flags.plateau ?? null,
      hyperparameters: hypers,
      lr_factors: flags.tuneLr ?? null,
      ...(flags.fitness === 'proxy' && { train_limit: flags.trainLimit, validation: flags.validation }),
      funnel: flags.funnel,
      ...(flags.funnel > 0 && flags.fitness === 'proxy' && { funnel_task: largerTask(flags) }),
    },
    generated: r.generated,
    evaluated: r.evaluated,
    cache_hits: r.cacheHits,
    cache_hit_rate: r.generated === 0 ? 0 : r.cacheHits / r.generated,
    redundant_fraction: r.redundantFraction,
    stuck: r.stuck,
    restarts: r.restarts,
    initial: { fitness: fitness(r.initial) },
    best: { fitness: fitness(r.best), born: r.best.born, lr: r.best.lr ?? null, program: printProgram(r.best.program) },
    history: r.history.map((h) => ({ ...h, best: finite(h.best), median: finite(h.median) })),
  };
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);
