// The job interface (DESIGN.md §4): a job is a JSON description in and a JSON result out, deterministic for
// its seed. `runJob` runs one in this process; `runPool` runs many, each in a fresh worker process
// (worker.js), at most `workers` at a time (default: one per core). A fresh process per job keeps runs
// independent (tfjs's global state, its backend, its memory) and makes a crash one failed row, not a failed
// comparison. Issue 10 backs the same interface with a BullMQ queue.

import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { TrainJob } from './job.ts';
import type { Metrics } from './metrics.ts';
import { train } from './run.ts';

export interface JobSpec {
  /** Unique within one pool run; names the row and the output directory. */
  id: string;
  job: TrainJob;
  /** Where the run writes metrics.json, curves.svg and its checkpoint. */
  out: string;
}

export interface JobResult {
  id: string;
  ok: boolean;
  metrics?: Metrics;
  /** Why the job failed, in a sentence (also when the run stopped early: diverged). */
  error?: string;
  /** Wall time of the job, process start included. */
  seconds: number;
}

/** Runs one job in this process. A run that stopped early is a failed job carrying its metrics. */
export async function runJob(spec: JobSpec): Promise<JobResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const metrics = await train(spec.job, { out: spec.out });
    const ok = metrics.status === 'completed';
    return {
      id: spec.id,
      ok,
      metrics,
      ...(ok ? {} : { error: metrics.message ?? metrics.status }),
      seconds: seconds(),
    };
  } catch (e) {
    return { id: spec.id, ok: false, error: (e as Error).message, seconds: seconds() };
  }
}

export interface PoolOptions {
  /** Concurrent worker processes (default: one per core). */
  workers?: number;
  /** Called as each job finishes, in completion order. */
  onResult?: (result: JobResult, done: number, total: number) => void;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Runs every job in worker processes; resolves to the results in the order of `specs`. Never rejects for a job. */
export async function runPool(specs: readonly JobSpec[], options: PoolOptions = {}): Promise<JobResult[]> {
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const results = new Array<JobResult>(specs.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < specs.length) {
      const i = next++;
      results[i] = await inWorker(specs[i]);
      options.onResult?.(results[i], ++done, specs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, specs.length) }, lane));
  return results;
}

/** One job in a fresh worker process; a worker that dies is a failed result naming how it died. */
function inWorker(spec: JobSpec): Promise<JobResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = fork(WORKER, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let result: JobResult | undefined;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (message) => {
      result = message as JobResult;
    });
    child.on('error', (e) => {
      result ??= { id: spec.id, ok: false, error: `the worker could not start: ${e.message}`, seconds: 0 };
    });
    child.on('exit', (code, signal) => {
      const lastLine = stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1);
      resolve(
        result ?? {
          id: spec.id,
          ok: false,
          error: `the worker ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before reporting${lastLine ? `: ${lastLine}` : ''}`,
          seconds: (performance.now() - started) / 1000,
        },
      );
    });
    child.send(spec);
  });
}
