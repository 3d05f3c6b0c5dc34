// The training flags `optic train`, `compare` and `sweep` share, and the TrainJob they make.

import { InvalidArgumentError, Option, type Command } from 'commander';
import { JOB_DEFAULTS, type TrainJob } from '../../train/job.ts';
import { MODELS, type ModelName } from '../../train/models.ts';
import { SCHEDULES, type ScheduleName } from '../../train/schedule.ts';
import { TFJS_BACKENDS } from '../../tfjs/backend-names.ts';
import { type Applies, collect, integer, parseSets } from '../options.ts';

export interface TrainFlags {
  model: ModelName;
  epochs: number;
  batch: number;
  trainLimit?: number;
  testLimit?: number;
  validation: number;
  set?: string[];
  schedule: ScheduleName;
  warmup: number;
  decayAll?: boolean;
  clipGlobalNorm?: number;
  seed: number;
  backend: 'tfjs' | 'wgsl';
  tfjsBackend?: string;
  data?: string;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

/** The training flags that mean something only with some values of the others (options.ts refuseIgnored). */
export const TRAIN_IGNORED: readonly Applies[] = [
  {
    option: 'tfjsBackend',
    applies: (o) => o.backend !== 'wgsl' || o.tfjsBackend === 'webgpu',
    where: "with --backend tfjs (--backend wgsl runs on tfjs's webgpu backend)",
  },
];

/** Adds the training flags to `command`; `seed` is left out for commands that take --seeds. */
export function addTrainFlags(command: Command, { seed = true } = {}): Command {
  command
    .addOption(new Option('--model <name>', 'the model to train').choices(MODELS).default('mlp'))
    .option('--epochs <n>', 'epochs over the training split', integer(1), JOB_DEFAULTS.epochs)
    .option('--batch <n>', 'minibatch size', integer(1), JOB_DEFAULTS.batch)
    .option('--train-limit <n>', 'train on the first N examples of the shuffled training split only', integer(1))
    .option('--test-limit <n>', 'evaluate on the first N test images only', integer(1))
    .option('--validation <n>', 'training images held out for validation', integer(0), JOB_DEFAULTS.validation)
    .option('--set <name=value>', "a hyperparameter value (repeatable); overrides the program's default", collect)
    .addOption(
      new Option('--schedule <kind>', "how lr changes over the run (peak: the program's lr)")
        .choices(SCHEDULES)
        .default(JOB_DEFAULTS.schedule),
    )
    .option('--warmup <steps>', 'linear warm-up of lr from 0 over this many steps', integer(0), JOB_DEFAULTS.warmup)
    .option('--decay-all', 'weight decay (λ) on every variable, biases and norm weights too')
    .option('--clip-global-norm <c>', 'scale gradients down to a global L2 norm of at most C', positiveNumber)
    .addOption(
      new Option('--backend <name>', 'the optimizer: the tfjs target, or the fused WGSL kernel (tfjs webgpu)')
        .choices(['tfjs', 'wgsl'])
        .default(JOB_DEFAULTS.backend),
    )
    .addOption(
      new Option('--tfjs-backend <name>', "tfjs's backend (default: the best available)").choices(TFJS_BACKENDS),
    )
    .option('--data <dir>', "directory of the IDX files (default: Debian's Fashion-MNIST)");
  if (seed)
    command.option('--seed <n>', 'seed of the initial weights and the data order', integer(0), JOB_DEFAULTS.seed);
  return command;
}

export function jobFrom(program: string, flags: TrainFlags, seed = flags.seed): TrainJob {
  const job: TrainJob = {
    program,
    model: flags.model,
    epochs: flags.epochs,
    batch: flags.batch,
    validation: flags.validation,
    set: parseSets(flags.set ?? []),
    schedule: flags.schedule,
    warmup: flags.warmup,
    decayAll: Boolean(flags.decayAll),
    seed,
    backend: flags.backend,
  };
  if (flags.trainLimit !== undefined) job.trainLimit = flags.trainLimit;
  if (flags.testLimit !== undefined) job.testLimit = flags.testLimit;
  if (flags.clipGlobalNorm !== undefined) job.clipGlobalNorm = flags.clipGlobalNorm;
  if (flags.tfjsBackend !== undefined) job.tfjsBackend = flags.tfjsBackend;
  if (flags.data !== undefined) job.data = flags.data;
  return job;
}
