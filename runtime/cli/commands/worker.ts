// `optic worker --queue redis://HOST:PORT [--concurrency N]`: takes the training jobs that `optic search`,
// `optic compare` and `optic sweep` enqueue with the same `--queue` (runtime/train/queue.ts), on this machine,
// until Ctrl-C (or SIGTERM), which lets the jobs under way finish. Start any number, on any machines that reach
// the Redis: each job carries its program; `--data` of the enqueuing command must name the same directory on
// every machine (or leave it out: Debian's Fashion-MNIST). One line per job on stderr.

import type { Command } from 'commander';
import { serveQueue } from '../../train/queue.ts';
import type { Io } from '../io.ts';
import { integer } from '../options.ts';
import { asCliError } from './train.ts';

interface WorkerFlags {
  queue: string;
  concurrency: number;
  stalledMs: number;
  dir?: string;
}

export function register(cli: Command, io: Io): void {
  cli
    .command('worker')
    .description('take training jobs from a Redis queue (those of optic search, compare and sweep --queue)')
    .requiredOption('--queue <url>', 'the Redis the jobs are in (redis://HOST:PORT)')
    .option('--concurrency <n>', 'jobs at once: 1 runs each in this process, more each in its own', integer(1), 1)
    .option('--stalled-ms <ms>', "a dead worker's job is retried after about this long", integer(500), 10_000)
    .option(
      '--dir <dir>',
      'where jobs run and keep their checkpoints (default: a temporary directory, each job removed once returned)',
    )
    .action((flags: WorkerFlags) => work(io, flags));
}

async function work(io: Io, flags: WorkerFlags): Promise<void> {
  const worker = await serveQueue(flags.queue, {
    concurrency: flags.concurrency,
    stalledMs: flags.stalledMs,
    ...(flags.dir !== undefined && { dir: flags.dir }),
    onJob: (event, id, result) =>
      io.err(
        event === 'started'
          ? `started ${id}\n`
          : `finished ${id}: ${result!.ok ? 'ok' : `failed: ${result!.error}`} (${result!.seconds.toFixed(1)} s)\n`,
      ),
  }).catch((e) => {
    throw asCliError(e);
  });
  io.err(`taking jobs from ${flags.queue}, ${flags.concurrency} at a time; Ctrl-C stops after the jobs under way\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await worker.close();
}
