// The job interface (DESIGN.md §4): a job is a JSON description in and a JSON result out, deterministic for
// its seed. `runJob` runs one in this process; `runPool` runs many in worker processes (worker.js), at most
// `workers` at a time (default: one per core), on a `LocalPool`: each process is kept from one job to the next,
// so node, tsx, tfjs and the data load once per process, not once per job (a search trains thousands of short
// jobs). A job's result does not depend on what its process ran before (the model's weights and the data order
// come from its seed; test/train/pool.test.ts checks it against a fresh process), and a process that dies takes
// only its job with it: that job is a failed row and the next job forks a new process. queue.ts runs the same
// jobs through a BullMQ queue instead, on workers on any number of machines.

import { type ChildProcess, fork } from 'node:child_process';
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
  /** False: no checkpoint.bin (a search's proxy job: never resumed, and thousands of them). */
  checkpoint?: boolean;
  /** The program's text, when the process running the job cannot read `job.program` (queue.ts). */
  source?: string;
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
    const metrics = await train(spec.job, { out: spec.out, source: spec.source, checkpoint: spec.checkpoint });
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
  /** Run on these processes instead of new ones (kept for the caller's next call; `workers` is then ignored). */
  pool?: LocalPool;
  /** Called as each job finishes, in completion order. */
  onResult?: (result: JobResult, done: number, total: number) => void;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Runs every job in worker processes; resolves to the results in the order of `specs`. Never rejects for a job. */
export async function runPool(specs: readonly JobSpec[], options: PoolOptions = {}): Promise<JobResult[]> {
  if (options.pool) return options.pool.run(specs, options.onResult);
  const pool = new LocalPool(Math.min(options.workers ?? availableParallelism(), specs.length));
  try {
    return await pool.run(specs, options.onResult);
  } finally {
    pool.close();
  }
}

/**
 * `workers` worker processes that take job after job until closed (a search's batches, one after another).
 * One `run` at a time.
 */
export class LocalPool {
  private readonly lanes: WorkerProcess[];

  constructor(workers: number = availableParallelism()) {
    this.lanes = Array.from({ length: Math.max(1, workers) }, () => new WorkerProcess());
  }

  get workers(): number {
    return this.lanes.length;
  }

  /** Each lane's process id (undefined before its first job and after its process died). */
  get pids(): (number | undefined)[] {
    return this.lanes.map((w) => w.pid);
  }

  /** The results in the order of `specs`; never rejects for a job. */
  async run(specs: readonly JobSpec[], onResult?: PoolOptions['onResult']): Promise<JobResult[]> {
    const results = new Array<JobResult>(specs.length);
    let next = 0;
    let done = 0;
    const lane = async (worker: WorkerProcess) => {
      while (next < specs.length) {
        const i = next++;
        results[i] = await worker.run(specs[i]);
        onResult?.(results[i], ++done, specs.length);
      }
    };
    await Promise.all(this.lanes.slice(0, specs.length).map(lane));
    return results;
  }

  /** Ends the processes (a job under way is lost: close after `run` resolves). */
  close(): void {
    for (const worker of this.lanes) worker.close();
  }
}

/**
 * A worker process (worker.js) running jobs one at a time, kept from one job to the next (tfjs loads once);
 * forked again after it dies. A worker that dies mid-job is a failed result naming how it died.
 */
export class WorkerProcess {
  private child?: ChildProcess;
  private pending?: { spec: JobSpec; started: number; resolve: (result: JobResult) => void };
  private stderr = '';

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Runs the job (one at a time); never rejects. */
  run(spec: JobSpec): Promise<JobResult> {
    const child = this.child ?? this.start();
    this.stderr = ''; // a crash names its own job's last line, not an earlier job's
    return new Promise((resolve) => {
      this.pending = { spec, started: performance.now(), resolve };
      child.send(spec);
    });
  }

  close(): void {
    this.child?.kill();
    this.child = undefined;
  }

  private start(): ChildProcess {
    const child = fork(WORKER, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (message) => this.settle(message as JobResult));
    child.on('error', (e) => this.settle({ ok: false, error: `the worker could not start: ${e.message}`, seconds: 0 }));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const lastLine = this.stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1);
      const seconds = this.pending ? (performance.now() - this.pending.started) / 1000 : 0;
      this.settle({
        ok: false,
        error: `the worker ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before reporting${lastLine ? `: ${lastLine}` : ''}`,
        seconds,
      });
    });
    this.child = child;
    return child;
  }

  private settle(result: Omit<JobResult, 'id'>): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ id: pending.spec.id, ...result });
  }
}
