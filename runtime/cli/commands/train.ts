// `optic train PROGRAM --model mlp|cnn|vit|mixer [...]`: trains a model on Fashion-MNIST with the compiled
// program as its optimizer; writes DIR/metrics.json, DIR/curves.svg and a checkpoint each epoch
// (runtime/train/run.ts). `--resume DIR` continues a stopped run. A progress bar on a terminal, one line per
// epoch otherwise. Ctrl-C stops after the current step, leaving the metrics of the epochs done.

import { basename, join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { DataError } from '../../data/idx.ts';
import { CheckpointError, loadCheckpoint } from '../../train/checkpoint.ts';
import { BASELINE, BASELINE_SPEC, isBaseline } from '../../train/baseline.ts';
import { JobError, type TrainJob } from '../../train/job.ts';
import type { EpochRecord, Metrics } from '../../train/metrics.ts';
import { QueueError } from '../../train/queue.ts';
import { train, type Progress } from '../../train/run.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';
import { progressWanted } from '../progress.ts';
import { type Applies, checkSets, refuseIgnored } from '../options.ts';
import { hyperSpec } from '../../hypers.ts';
import { addTrainFlags, jobFrom, TRAIN_IGNORED, type TrainFlags } from './train-options.ts';

interface Flags extends TrainFlags {
  out?: string;
  resume?: string;
}

export function register(cli: Command, io: Io): void {
  const command = cli
    .command('train')
    .description(
      'train a model on Fashion-MNIST with a compiled optimizer program; writes metrics.json, curves.svg, checkpoints',
    )
    .argument('[program]', `optimizer program (.opt), or ${BASELINE} for tfjs's own Adam; not needed with --resume`);
  addTrainFlags(command)
    .option('--out <dir>', 'where metrics.json, curves.svg and checkpoint.bin go (default: runs/PROGRAM-MODEL-seedN)')
    .option('--resume <dir>', 'continue the run whose checkpoint is in DIR, with the settings it was started with')
    .action((program: string | undefined, flags: Flags, command: Command) => {
      refuseIgnored(command, [...TRAIN_IGNORED, ...notWithResume(command)]);
      if (flags.resume && program !== undefined)
        throw new CliError(
          `--resume continues the run in ${flags.resume} with its own program: give no PROGRAM`,
          EXIT.usage,
        );
      return runTrain(io, program, flags);
    });
}

/** Every option but --resume means nothing with it: a resumed run keeps the settings it was started with. */
function notWithResume(command: Command): Applies[] {
  return command.options
    .map((o) => o.attributeName())
    .filter((key) => key !== 'resume')
    .map((option) => ({
      option,
      applies: (o) => o.resume === undefined,
      where: 'to a new run: --resume continues a run with the settings it was started with',
    }));
}

/** The default output directory of a run. */
export function defaultOut(job: TrainJob): string {
  return join('runs', `${basename(job.program, '.opt')}-${job.model}-seed${job.seed}`);
}

async function runTrain(io: Io, program: string | undefined, flags: Flags): Promise<void> {
  let job: TrainJob;
  let out: string;
  if (flags.resume) {
    job = checkpointJob(flags.resume);
    out = flags.resume;
  } else {
    if (program === undefined) throw new CliError('optic train needs a PROGRAM (or --resume DIR)', EXIT.usage);
    job = jobFrom(program, flags);
    out = flags.out ?? defaultOut(job);
  }
  // The program's diagnostics and the --set names, before any data is read.
  checkSets(isBaseline(job.program) ? BASELINE_SPEC : hyperSpec(loadProgram(io, job.program).program, true), job.set);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    io.err('\nstopping after this step (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  const progress = progressWanted() ? barProgress() : lineProgress(io);
  let metrics: Metrics;
  try {
    metrics = await train(job, { out, resume: Boolean(flags.resume), progress, stopRequested: () => interrupted });
  } catch (e) {
    throw asCliError(e);
  } finally {
    progress.close();
    process.off('SIGINT', onSigint);
  }
  report(io, metrics, out);
}

export function asCliError(e: unknown): unknown {
  const user = [DataError, JobError, CheckpointError, QueueError].some((kind) => e instanceof kind);
  return user ? new CliError((e as Error).message) : e;
}

function checkpointJob(dir: string): TrainJob {
  try {
    const ckpt = loadCheckpoint<{ job: TrainJob }>(join(dir, 'checkpoint.bin'));
    [...ckpt.model, ...ckpt.optimizer].forEach((t) => t.tensor.dispose());
    return ckpt.meta.job;
  } catch (e) {
    throw asCliError(e);
  }
}

function report(io: Io, m: Metrics, out: string): void {
  const files = `metrics: ${join(out, 'metrics.json')}, plot: ${join(out, 'curves.svg')}`;
  const done = `${m.epochs.length} epoch${m.epochs.length === 1 ? '' : 's'}`;
  if (m.status === 'completed') {
    io.out(
      `test accuracy ${m.test_accuracy?.toFixed(4)} after ${done} (${m.model}, ${m.parameters} parameters, ${m.seconds_per_epoch?.toFixed(1)} s/epoch on ${m.backend}/${m.tfjs_backend})\n${files}\n`,
    );
    return;
  }
  if (m.status === 'interrupted') {
    io.err(`interrupted: ${m.message}\n${files}; continue with: optic train --resume ${out}\n`);
    throw new CliError(`training interrupted after ${done}`, 130);
  }
  throw new CliError(`training stopped: ${m.message}; ${files}`);
}

interface ClosableProgress extends Progress {
  close(): void;
}

const epochLine = (r: EpochRecord) =>
  `epoch ${r.epoch}: loss ${r.train_loss.toFixed(4)}, validation ${r.val_accuracy === null ? '-' : r.val_accuracy.toFixed(4)}, test ${r.test_accuracy.toFixed(4)}, ${r.seconds.toFixed(1)} s\n`;

/** Not a terminal: one line per epoch on stderr, no escape codes. */
function lineProgress(io: Io): ClosableProgress {
  return { epoch: () => {}, step: () => {}, epochEnd: (r) => io.err(epochLine(r)), close: () => {} };
}

/** A terminal: cli-progress's bar with steps, loss, examples/s and time left; each epoch's line stays above. */
function barProgress(): ClosableProgress {
  const bar = new cliProgress.SingleBar(
    {
      format: 'epoch {epochOf} [{bar}] {value}/{total} steps | loss {loss} | {rate} ex/s | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    epoch(epoch, epochs, steps) {
      bar.start(steps, 0, { epochOf: `${epoch}/${epochs}`, loss: '-', rate: '-' });
      running = true;
    },
    step(done, loss, rate) {
      bar.update(done, { loss: loss.toFixed(4), rate: rate.toFixed(0) });
    },
    epochEnd(r) {
      if (running) bar.stop();
      running = false;
      process.stderr.write(epochLine(r));
    },
    close() {
      if (running) bar.stop();
      running = false;
    },
  };
}
