// The proxy fitness (issue 12 item 3): a candidate's validation accuracy after a short training run of a small
// model (the MLP of runtime/train by default) on a subset of Fashion-MNIST, as a job of the job interface
// (runtime/train/pool.ts): in this process for one worker, in worker processes for more, or through a BullMQ
// queue in Redis to `optic worker`s on any number of machines (runtime/train/queue.ts). Cheap rejects come first, in this process: a program whose updates are NaN or
// ±Inf on the probes within a few steps is not trained (fitness.ts `probeProblem`); a loss that
// diverges in training ends the job as `diverged` (runtime/train/run.ts), a failed outcome. An update that does
// not depend on g never gets here: mutation redraws it (compiler/mutate.ts `abstractProblems`).
//
// Each candidate is written to DIR/candidates/HASH.opt (a job names its program by path) and trained into
// DIR/runs/HASH/. Every candidate gets the same hyperparameter values (`hypers`, those the program still reads),
// unless `lrFactors` asks for a small learning-rate grid per candidate (hero's hparam_tune, on lr only): one job
// per factor × `hypers.lr`, into DIR/runs/HASH/lr-VALUE/, and the candidate's fitness is its best validation
// accuracy over the grid (it fails only when every point fails). It multiplies the training by the grid's size.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/compile.ts';
import { structuralHash } from '../../compiler/hash.ts';
import type { Program } from '../../compiler/ir.ts';
import { abstractProblems } from '../../compiler/mutate.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { printProgram } from '../../compiler/print.ts';
import { writeAtomically } from '../files.ts';
import { JOB_DEFAULTS, type TrainJob } from '../train/job.ts';
import { type JobResult, type JobSpec, type LocalPool, runJob } from '../train/pool.ts';
import { runJobs } from '../train/queue.ts';
import type { Evaluator, Outcome } from './evolve.ts';
import { probeProblem } from './fitness.ts';

export interface ProxyOptions {
  /** Where candidates/ and runs/ go. */
  dir: string;
  /** 1 (default): each job in this process; more: that many worker processes. */
  workers?: number;
  /** The worker processes to run on, kept from batch to batch (else `workers` new ones per batch). */
  pool?: LocalPool;
  /** redis://HOST:PORT: the jobs go to `optic worker`s through this Redis instead. */
  queue?: string;
  /** The training job's settings (model, trainLimit, validation, epochs, batch, data, seed …). */
  job?: Partial<Omit<TrainJob, 'program' | 'set' | 'math'>>;
  /** Hyperparameter values for every candidate (lr, λ …). */
  hypers: Readonly<Record<string, number>>;
  /** The arithmetic of the probes and of training (default IEEE). */
  math?: MathMode;
  /** Steps of the probe problem a program must stay finite for; default 5. */
  probeSteps?: number;
  /** Train each candidate that reads lr at each of these multiples of `hypers.lr`, and keep the best. */
  lrFactors?: readonly number[];
}

/**
 * The proxy task's defaults: one epoch of the MLP on 2,000 examples (62 steps of 32), validated on 1,000
 * held-out training images. Sized by measurement (runtime/search/README.md): a few seconds a job, so a search
 * of a few thousand candidates, half of them answered by the cache, fits in an hour on two idle cores; AdamW
 * reaches about 0.77 there (0.82 on 10,000 examples), so programs still differ by how well they train.
 */
export const PROXY_JOB = {
  model: 'mlp',
  epochs: 1,
  batch: 32,
  trainLimit: 2_000,
  validation: 1_000,
  testLimit: 1,
  tfjsBackend: 'wasm',
} as const satisfies Partial<TrainJob>;

export function proxyEvaluator(options: ProxyOptions): Evaluator {
  return async (programs) => {
    const outcomes: (Outcome | undefined)[] = programs.map((p) => earlyReject(p, options));
    const specs = programs.flatMap((p, i) => (outcomes[i] ? [] : jobSpecs(p, options).map((spec) => ({ i, spec }))));
    const { workers = 1, queue, pool } = options;
    const jobs = specs.map((s) => s.spec);
    const results =
      workers <= 1 && queue === undefined && pool === undefined
        ? await sequential(jobs)
        : await runJobs(jobs, { workers, queue, pool });
    const grid = options.lrFactors !== undefined;
    programs.forEach((_, i) => {
      const own = specs.flatMap((s, k) => (s.i === i ? [outcomeOf(results[k], s.spec, grid)] : []));
      if (!outcomes[i]) outcomes[i] = best(own);
    });
    return outcomes as Outcome[];
  };
}

/** The fittest of a candidate's outcomes (one per lr of the grid), or the first failure when all failed. */
function best(outcomes: readonly Outcome[]): Outcome {
  const ok = outcomes.filter((o) => o.ok);
  return ok.length === 0 ? outcomes[0] : ok.reduce((a, b) => (b.fitness > a.fitness ? b : a));
}

async function sequential(specs: readonly JobSpec[]): Promise<JobResult[]> {
  const results: JobResult[] = [];
  for (const spec of specs) results.push(await runJob(spec));
  return results;
}

function earlyReject(program: Program, options: ProxyOptions): Outcome | undefined {
  const problem = abstractProblems(program)[0] ?? probeProblem(program, options, options.probeSteps);
  return problem === undefined ? undefined : { ok: false, error: `rejected before training: ${problem}` };
}

function jobSpecs(program: Program, options: ProxyOptions): JobSpec[] {
  const id = structuralHash(program);
  const text = printProgram(program, { header: [`search candidate ${id}`] });
  const path = join(options.dir, 'candidates', `${id}.opt`);
  mkdirSync(join(options.dir, 'candidates'), { recursive: true });
  writeAtomically(path, text);
  // The printed program reads only the hyperparameters still live: --set only those.
  const { signature } = compile(text, path).program!;
  const reads = new Set([...signature.hypers.map((h) => h.name), ...signature.inputs]);
  const set = Object.fromEntries(Object.entries(options.hypers).filter(([name]) => reads.has(name)));
  const math = options.math === 'protected' ? { math: options.math } : {};
  const job: TrainJob = { ...JOB_DEFAULTS, ...PROXY_JOB, ...options.job, ...math, program: path, set };
  const out = join(options.dir, 'runs', id);
  const { lrFactors } = options;
  // No checkpoint: a proxy job is never resumed (a search resumes from its own checkpoint), and a checkpoint
  // of the MLP is 2.7 MB, 660 MB over a search of two thousand candidates.
  if (lrFactors === undefined || set.lr === undefined) return [{ id, job, out, checkpoint: false }];
  return lrFactors.map((factor) => {
    const lr = set.lr * factor;
    return {
      id: `${id}-lr${lr}`,
      job: { ...job, set: { ...set, lr } },
      out: join(out, `lr-${lr}`),
      checkpoint: false,
    };
  });
}

/** The job's outcome; with an lr grid, the lr it trained at goes with its fitness. */
function outcomeOf(result: JobResult, spec: JobSpec, grid: boolean): Outcome {
  const accuracy = result.metrics?.epochs.at(-1)?.val_accuracy;
  if (!result.ok) return { ok: false, error: result.error ?? 'the job failed' };
  if (typeof accuracy !== 'number') return { ok: false, error: 'no validation accuracy' };
  return grid ? { ok: true, fitness: accuracy, lr: spec.job.set.lr } : { ok: true, fitness: accuracy };
}
