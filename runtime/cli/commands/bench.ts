// `optic bench [--params N...] [--programs FILE...] [--steps K] [--out FILE]`: times one optimizer step of
// each program at each size on the fused WGSL kernel, the tfjs target (webgpu and cpu backends) and, for Adam,
// tf.train.adam (runtime/bench/suite.ts); prints a table; --out writes the rows as JSON, atomically.

import { cpus, totalmem } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatBench, runBench } from '../../bench/suite.ts';
import { writeAtomically } from '../../files.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { integer } from '../options.ts';
import { loadProgram } from '../load.ts';
import { shipped } from '../../root.ts';

interface BenchOptions {
  params: number[];
  programs: string[];
  steps: number;
  out?: string;
}

const DEFAULT_PROGRAMS = ['programs/tfjs/adam.opt', 'programs/lion.opt', 'programs/sgd.opt'];
const DEFAULT_PARAMS = [1 << 20, 1 << 22];

export function register(cli: Command, io: Io): void {
  cli
    .command('bench')
    .description('time one optimizer step: fused WGSL vs the tfjs target (webgpu, cpu) vs tf.train.adam')
    .option('--params <n...>', `parameter counts (default: ${DEFAULT_PARAMS.join(' ')})`, positiveIntegers)
    .option('--programs <file...>', `programs to time (default: ${DEFAULT_PROGRAMS.join(' ')})`)
    .option('--steps <k>', 'timed steps per engine, program and size', integer(1), 30)
    .option('--out <file>', 'also write the results as JSON (replaced atomically)')
    .action((options: Partial<BenchOptions>) =>
      bench(io, { params: DEFAULT_PARAMS, programs: DEFAULT_PROGRAMS.map(shipped), steps: 30, ...options }),
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

/** Refuses sizes the machine cannot hold, before anything is allocated (V8 would abort the process). */
function checkMemory(options: BenchOptions, slots: number): void {
  const largest = Math.max(...options.params);
  const need = largest * 4 * (2 + slots) * COPIES_PER_SLOT;
  const have = totalmem();
  if (need > 0.75 * have) {
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;
    const fits = Math.floor((0.75 * have) / (4 * (2 + slots) * COPIES_PER_SLOT));
    throw new CliError(
      `--params ${largest} needs about ${gib(need)} and this machine has ${gib(have)}: at most ${fits} parameters here`,
      EXIT.usage,
    );
  }
}

async function bench(io: Io, options: BenchOptions): Promise<void> {
  const programs = options.programs.map((file) => ({ name: basename(file), program: loadProgram(io, file).program }));
  checkMemory(options, Math.max(...programs.map((p) => p.program.signature.state.length)));
  const rows = await runBench({
    programs,
    params: options.params,
    steps: options.steps,
    note: (m) => io.err(`${m}\n`),
  });
  io.out(formatBench(rows));
  if (options.out) {
    const machine = {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform,
    };
    const report = { format: 'optic-bench/1', date: new Date().toISOString(), machine, steps: options.steps, rows };
    writeAtomically(options.out, `${JSON.stringify(report, null, 2)}\n`);
  }
}
