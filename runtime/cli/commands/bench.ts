// `optic bench [--params N...] [--tensors K] [--programs FILE...] [--steps S] [--implementations NAME...]
// [--tiles WxP...] [--json] [--out DIR]`: times one optimizer step of each program at each size, split into K
// tensors, on every implementation a user would compare (runtime/bench/suite.ts): the fused WGSL kernel (with and without its
// checks, and its traffic twin), the tfjs target and tf.train.adam on each tfjs backend, a plain JavaScript
// loop and the interpreter, or only those named, the WGSL kernels at each tile shape given; prints a markdown report (or, with --json, the JSON
// one); --out DIR also writes bench.json, bench.md and bench.svg (the log-log plot) there, each atomically.

import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Command, Option } from 'commander';
import { CPU_TILE, DEFAULT_TILE, type TileShape, tileName } from '../../../compiler/targets/wgsl-tiles.ts';
import {
  type BenchReport,
  benchMachine,
  benchMarkdown,
  benchRatios,
  benchSvg,
  benchTiming,
  RATIO_DEFINITIONS,
} from '../../bench/report.ts';
import { IMPLEMENTATIONS, type Implementation, runBench } from '../../bench/suite.ts';
import { writeAtomically } from '../../files.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { integer, tileShape } from '../options.ts';
import { loadProgram } from '../load.ts';
import { shipped } from '../../root.ts';
import { totalmem } from 'node:os';

interface BenchOptions {
  params: number[];
  tensors: number;
  /** As given; absent: the shipped defaults, wherever optic is installed. */
  programs?: string[];
  steps: number;
  interpLimit: number;
  /** As given; absent: every implementation. */
  implementations?: Implementation[];
  /** As given; absent: the WGSL target's default. */
  tiles?: TileShape[];
  json?: boolean;
  out?: string;
}

const DEFAULT_PROGRAMS = ['programs/adamw.opt', 'programs/lion.opt', 'programs/tfjs/adam.opt'];
const DEFAULT_PARAMS = [1e4, 1e5, 1e6, 1e7];

export function register(cli: Command, io: Io): void {
  cli
    .command('bench')
    .description('time one optimizer step: fused WGSL, the tfjs target and tf.train.adam per backend, a JS loop')
    .option('--params <n...>', `parameter counts (default: ${DEFAULT_PARAMS.join(' ')})`, positiveIntegers)
    .option('--tensors <k>', 'tensors the parameters are split into: large matrices and small biases', integer(1), 1)
    .option('--programs <file...>', `programs to time (default: ${DEFAULT_PROGRAMS.join(' ')})`)
    .option('--steps <s>', 'timed steps per implementation, program and size', integer(1), 30)
    .option('--interp-limit <n>', 'the largest size the (slow, float64) interpreter runs at', integer(0), 1e5)
    .addOption(
      new Option('--implementations <name...>', 'time only these implementations (default: all)').choices(
        IMPLEMENTATIONS,
      ),
    )
    .option(
      '--tiles <shape...>',
      `the WGSL kernels' tile shapes, threads x vec4s per thread, each timed; ratios at the first (default: the adapter's, ${tileName(CPU_TILE)} on a CPU adapter, else ${tileName(DEFAULT_TILE)})`,
      (value: string, previous: TileShape[] | undefined) => [...(previous ?? []), tileShape(value)],
    )
    .option('--json', 'print the JSON report instead of the markdown one')
    .option('--out <dir>', 'also write bench.json, bench.md and bench.svg (log-log plot) to this directory')
    .action((options: Partial<BenchOptions>) =>
      bench(io, {
        params: DEFAULT_PARAMS,
        steps: 30,
        tensors: 1,
        interpLimit: 1e5,
        ...options,
      }),
    );
}

function positiveIntegers(value: string, previous: number[] | undefined): number[] {
  return [...(previous ?? []), integer(1)(value)];
}

/**
 * Copies of each float32 slot (weights, gradient, each state slot) alive at once, counted from the suite:
 * the host's arrays, the WGSL runner's buffers and their staging copies, and the tfjs engines' tensors.
 */
const COPIES_PER_SLOT = 6;

/**
 * Refuses sizes the machine cannot hold, before anything is allocated (V8 would abort the process). `slots`:
 * the float32 slots of every program (weights, gradient and state), all alive at once in an interleaved set.
 */
function checkMemory(options: BenchOptions, slots: number): void {
  const largest = Math.max(...options.params);
  const need = largest * 4 * slots * COPIES_PER_SLOT;
  const have = totalmem();
  if (need > 0.75 * have) {
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;
    const fits = Math.floor((0.75 * have) / (4 * slots * COPIES_PER_SLOT));
    throw new CliError(
      `--params ${largest} needs about ${gib(need)} and this machine has ${gib(have)}: at most ${fits} parameters here`,
      EXIT.usage,
    );
  }
}

/** Creates --out (before the bench runs, so that a bad path costs nothing), or says why it cannot. */
function makeOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'it is a file' : (e as Error).message;
    throw new CliError(`--out ${dir}: cannot make the directory (${why})`);
  }
}

/** The command line as a user would retype it (for the report). */
function commandLine(options: BenchOptions): string {
  return [
    'optic bench',
    `--params ${options.params.join(' ')}`,
    `--tensors ${options.tensors}`,
    // The default programs are left out: their absolute paths say where optic was installed, not what ran.
    ...(options.programs ? [`--programs ${options.programs.join(' ')}`] : []),
    `--steps ${options.steps}`,
    `--interp-limit ${options.interpLimit}`,
    ...(options.implementations ? [`--implementations ${options.implementations.join(' ')}`] : []),
    ...(options.tiles ? [`--tiles ${options.tiles.map(tileName).join(' ')}`] : []),
  ].join(' ');
}

async function bench(io: Io, options: BenchOptions): Promise<void> {
  if (options.out) makeOutDir(options.out);
  const smallest = Math.min(...options.params);
  if (options.tensors > smallest)
    throw new CliError(`--tensors ${options.tensors} is more than the smallest --params (${smallest})`, EXIT.usage);
  const files = options.programs ?? DEFAULT_PROGRAMS.map(shipped);
  const names = files.map((file) => basename(file));
  const programs = files.map((file, i) => {
    const { source, program } = loadProgram(io, file);
    // A file's name, or its path where two files share a name (programs/adam.opt, programs/tfjs/adam.opt).
    const name = names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : file;
    return { name, file, source, program };
  });
  checkMemory(
    options,
    programs.reduce((slots, p) => slots + 2 + p.program.signature.state.length, 0),
  );
  const result = await runBench({
    programs,
    params: options.params,
    tensors: options.tensors,
    steps: options.steps,
    interpLimit: options.interpLimit,
    ...(options.implementations ? { implementations: options.implementations } : {}),
    ...(options.tiles ? { tiles: options.tiles } : {}),
    note: (m) => io.err(`${m}\n`),
  });
  const report: BenchReport = {
    format: 'optic-bench/3',
    date: new Date().toISOString(),
    command: commandLine(options),
    machine: await benchMachine(),
    options: {
      params: options.params,
      tensors: options.tensors,
      steps: options.steps,
      interp_limit: options.interpLimit,
      implementations: options.implementations ?? [...IMPLEMENTATIONS],
      tiles: result.tiles,
    },
    backends: result.backends,
    programs: result.programs,
    timing: benchTiming(result),
    rows: result.rows,
    ratios: benchRatios(result),
    ratio_definitions: RATIO_DEFINITIONS,
    cold: result.cold,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdown = benchMarkdown(report);
  io.out(options.json ? json : markdown);
  if (options.out) {
    writeAtomically(join(options.out, 'bench.json'), json);
    writeAtomically(join(options.out, 'bench.md'), markdown);
    writeAtomically(join(options.out, 'bench.svg'), await benchSvg(report));
  }
}
