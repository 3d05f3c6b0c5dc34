// A training job: everything that determines a run, as JSON (DESIGN.md §4: a job is a JSON description in, a
// JSON result out, deterministic for its seed). `optic train` builds one from its flags; `compare` and `sweep`
// build many and hand them to worker processes (pool.ts); a checkpoint stores the one it was made by.

import { compile, compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { compileProgram } from '../../compiler/pipeline.ts';
import { NO_DECAY_FOR_VECTORS, type Schedule } from '../tfjs/index.ts';
import { checkHypers, HyperError, type HyperGroup, hyperSpec, hyperValues, inputValues } from '../hypers.ts';
import type { ModelName } from './models.ts';
import { learningRate, type ScheduleName } from './schedule.ts';
import { BASELINE, baselineValues, isBaseline } from './baseline.ts';

export interface TrainJob {
  /** The program's path, or `tf.train.adam` for tfjs's own Adam (baseline.ts). */
  program: string;
  model: ModelName;
  epochs: number;
  batch: number;
  /** Train on the first N examples of the (shuffled) training split only. */
  trainLimit?: number;
  /** Evaluate on the first N test images only (tests and quick looks; results use all 10,000). */
  testLimit?: number;
  /** Training images held out for validation (never the test set). */
  validation: number;
  /** Hyperparameter values (`--set`), over the program's defaults. */
  set: Record<string, number>;
  schedule: ScheduleName;
  warmup: number;
  /** Weight decay on every variable; by default rank ≤ 1 ones (biases, norm scales) get λ = 0. */
  decayAll: boolean;
  clipGlobalNorm?: number;
  seed: number;
  /** tfjs: the compiled tfjs optimizer; wgsl: the fused WGSL kernel on tfjs's webgpu backend. */
  backend: 'tfjs' | 'wgsl';
  /** IEEE arithmetic (absent) or Hero's protected division, log and sqrt (the tfjs backend only). */
  math?: MathMode;
  /** tfjs's backend (wasm, webgpu, cpu, tensorflow); the best available when absent (webgpu for wgsl). */
  tfjsBackend?: string;
  /** The directory of the IDX files; Debian's Fashion-MNIST when absent. */
  data?: string;
}

export const JOB_DEFAULTS = {
  epochs: 1,
  batch: 128,
  validation: 5000,
  schedule: 'constant',
  warmup: 0,
  decayAll: false,
  seed: 0,
  backend: 'tfjs',
} as const;

/** A job that cannot run as described (an unknown hyperparameter, a program that does not compile, …). */
export class JobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobError';
  }
}

export interface ResolvedJob {
  /** Null for the tf.train.adam baseline. */
  program: Program | null;
  fingerprint: string;
  /** Every hyperparameter and per-step input the optimizer gets, `lr` as a schedule when there is one. */
  hypers: Record<string, number | Schedule | ((step: number) => number)>;
  /** The numbers behind `hypers` (lr at its peak), for the metrics file. */
  values: Record<string, number>;
  groups: HyperGroup[];
}

/** The weight-decay hyperparameter the decay groups set to 0 (the programs' own name for it). */
export const DECAY = 'λ';

/** The program at `path`, or `source` compiled as that file (a queue's worker on another machine has no file). */
export function compileJobProgram(path: string, source?: string): Program {
  const compiled = source === undefined ? compileFile(path) : compile(source, path);
  const first = compiled.diagnostics.find((d) => d.severity === 'error');
  if (!compiled.program || first) {
    throw new JobError(
      first
        ? `${path}:${first.span.line}:${first.span.col}: ${first.message} [${first.code}]`
        : `${path} does not compile`,
    );
  }
  return compiled.program;
}

/**
 * Every hyperparameter's and per-step input's value (runtime/hypers.ts: `--set` over the declared defaults),
 * its errors in hypers.ts's one wording, prefixed by the option that gave them.
 */
function resolvedValues(program: Program, job: TrainJob): Record<string, number> {
  const spec = hyperSpec(program, true);
  try {
    checkHypers(spec, job.set);
    const hypers = hyperValues(spec, job.set);
    const inputs = inputValues(spec, job.set, 1);
    return Object.fromEntries([
      ...spec.hypers.map((h, i) => [h.name, hypers[i]]),
      ...(spec.inputs ?? []).map((name, i) => [name, inputs[i]]),
    ]);
  } catch (e) {
    if (!(e instanceof HyperError)) throw e;
    const fix = e.kind === 'missing' ? `: pass ${e.names.map((n) => `--set ${n}=VALUE`).join(' ')}` : '';
    throw new JobError(`${e.kind !== 'missing' ? '--set: ' : ''}${e.message}${fix}`);
  }
}

/**
 * Compiles the program (`source` when given, else the file) and turns the job's settings into optimizer
 * options; throws JobError with a sentence.
 */
export function resolveJob(job: TrainJob, stepsPerEpoch: number, source?: string): ResolvedJob {
  if (isBaseline(job.program)) return resolveBaseline(job);
  if (job.math === 'protected' && job.backend === 'wgsl')
    throw new JobError('--math protected runs on the tfjs backend: the WGSL optimizer computes IEEE math only');
  const program = compileJobProgram(job.program, source);
  const declared = program.signature.hypers;
  const values = resolvedValues(program, job);
  const hypers: ResolvedJob['hypers'] = { ...values };
  const scheduled = job.schedule !== 'constant' || job.warmup > 0;
  if (scheduled) {
    if (!Object.hasOwn(values, 'lr'))
      throw new JobError(
        `--schedule ${job.schedule} --warmup ${job.warmup}: ${job.program} has no hyperparameter 'lr' for the schedule to drive`,
      );
    try {
      hypers.lr = learningRate({
        kind: job.schedule,
        peak: values.lr,
        warmup: job.warmup,
        total: job.epochs * stepsPerEpoch,
        perEpoch: stepsPerEpoch,
      });
    } catch (e) {
      throw new JobError(`--warmup ${job.warmup}: ${(e as Error).message}`);
    }
  }
  const groups = !job.decayAll && declared.some((h) => h.name === DECAY) ? [NO_DECAY_FOR_VECTORS(DECAY)] : [];
  const fingerprint = compileProgram(program, 'tfjs', { math: job.math }).spec.fingerprint;
  return { program, fingerprint, hypers, values, groups };
}

/** tf.train.adam: its hyperparameters only, a constant lr (it takes no schedule), no weight-decay groups. */
function resolveBaseline(job: TrainJob): ResolvedJob {
  if (job.math === 'protected')
    throw new JobError(`${BASELINE} computes IEEE math only: --math protected needs a program`);
  if (job.schedule !== 'constant' || job.warmup > 0)
    throw new JobError(`${BASELINE} takes a constant lr: --schedule and --warmup need an optimizer program`);
  if (job.backend === 'wgsl')
    throw new JobError(`${BASELINE} runs on tfjs's own kernels: use --tfjs-backend webgpu instead of --backend wgsl`);
  let values: Record<string, number>;
  try {
    values = baselineValues(job.set);
  } catch (e) {
    if (!(e instanceof HyperError)) throw e;
    throw new JobError(`--set: ${e.message}`);
  }
  return { program: null, fingerprint: BASELINE, hypers: values, values, groups: [] };
}
