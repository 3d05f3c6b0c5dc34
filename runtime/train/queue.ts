// The job interface (pool.ts) on a BullMQ queue in Redis (issue 12 item 6): `runQueued` enqueues the jobs and
// waits for their results; `serveQueue` is a worker, `optic worker --queue URL` on any machine, taking jobs one
// (or `concurrency`) at a time. A job carries its program's text (workers share no filesystem with the one
// that enqueued it) and runs into the worker's own directory; the result comes back through Redis and its
// metrics.json and curves.svg are written where the job said, by the process that enqueued it.
//
// A job's id is its spec's id and a hash of what it runs (the job and the program's text): deterministic, so a
// job is never counted twice. BullMQ keeps one job per id, a retried job keeps its id, and the results are
// collected by id. A worker that dies mid-job stops renewing its lock; another worker's stalled-job check puts
// the job back in the queue after `stalledMs` or so, and someone runs it again. Results are removed from Redis
// once collected; a run that died before collecting them finds them there when it enqueues the same jobs.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { compileFile } from '../../compiler/compile.ts';
import { fnv1a } from '../../compiler/hash.ts';
import { isBaseline } from './baseline.ts';
import { writeMetrics } from './metrics.ts';
import { type JobResult, type JobSpec, type PoolOptions, runPool, WorkerProcess } from './pool.ts';

/** The queue every optic process uses (BullMQ's keys are `bull:optic-jobs:*`). */
export const QUEUE_NAME = 'optic-jobs';

/** The queue cannot be used: a bad URL, Redis unreachable. Its message is a sentence for the user. */
export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

export interface Connection {
  host: string;
  port: number;
}

/** `redis://HOST:PORT` (the port defaults to 6379) as ioredis's connection options. */
export function parseQueueUrl(url: string): Connection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError(`--queue ${url}: not a URL (expected redis://HOST:PORT)`);
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '')
    throw new QueueError(`--queue ${url}: expected redis://HOST:PORT`);
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port === '' ? 6379 : Number(parsed.port) };
}

/** Connects once, without retrying, so an unreachable Redis is a sentence instead of endless reconnects. */
async function reachable(url: string): Promise<Connection> {
  const connection = parseQueueUrl(url);
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...connection, lazyConnect: true, retryStrategy: () => null, connectTimeout: 5000 });
  let cause: Error | undefined; // ioredis rejects with 'Connection is closed'; the socket's error says why
  client.on('error', (e: Error) => (cause ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new QueueError(`cannot reach Redis at ${url}: ${(cause ?? (e as Error)).message}`);
  } finally {
    client.disconnect();
  }
  return connection;
}

/** A job's BullMQ id: its spec's id (without ':', which BullMQ reserves) and a hash of what it runs. */
export function queueJobId(spec: JobSpec): string {
  return `${spec.id.replaceAll(':', '_')}-${fnv1a(JSON.stringify({ job: spec.job, source: spec.source }))}`;
}

/** The spec with its program's text, for a worker on another machine. */
function withSource(spec: JobSpec): JobSpec {
  if (spec.source !== undefined || isBaseline(spec.job.program)) return spec;
  const { source } = compileFile(spec.job.program);
  return source === undefined ? spec : { ...spec, source };
}

/** How `runQueued` notices a Redis that went away (defaults: a look every 5 s, 60 s of silence at most). */
export interface Watch {
  /** How often it checks that Redis answers and still holds every job not yet collected. */
  everyMs?: number;
  /** How long Redis may not answer before the run gives up. */
  silenceMs?: number;
}

/**
 * Runs every job through the queue at `url`; resolves to the results in the order of `specs`. Never rejects
 * for a job (a job that failed is a failed result); rejects with QueueError when Redis cannot be reached, stops
 * answering for `watch.silenceMs`, or no longer holds a job that has not finished (a Redis restarted without
 * persistence, or emptied): nothing would ever finish it, and waiting would be forever.
 */
export async function runQueued(
  specs: readonly JobSpec[],
  url: string,
  options: Pick<PoolOptions, 'onResult'> & { watch?: Watch } = {},
): Promise<JobResult[]> {
  if (specs.length === 0) {
    parseQueueUrl(url); // a bad URL is still an error; a search batch whose candidates were all rejected is not
    return [];
  }
  const connection = await reachable(url);
  const { Queue, QueueEvents } = await import('bullmq');
  const queue: Queue = new Queue(QUEUE_NAME, { connection });
  const events: QueueEvents = new QueueEvents(QUEUE_NAME, { connection });
  // Connection errors: ioredis reconnects on its own; the watch below gives up on a Redis that does not return.
  queue.on('error', () => {});
  events.on('error', () => {});
  let done = 0;
  const waiting = new Set<string>();
  const watch = watchJobs(queue, waiting, url, options.watch);
  try {
    // Both connections ready (or failed) before anything can close them: BullMQ (5.81) drops its connection's
    // listeners on close, so a connection closed while it still initialises rejects with no one listening
    // (an unhandled 'Connection is closed', which ended a test process when a batch had no jobs).
    const ready = await Promise.allSettled([queue.waitUntilReady(), events.waitUntilReady()]);
    for (const r of ready) if (r.status === 'rejected') throw r.reason;
    const full = specs.map(withSource);
    const jobs = await Promise.all(full.map((spec) => queue.add('train', spec, { jobId: queueJobId(spec) })));
    for (const job of jobs) waiting.add(job.id!);
    const collected = Promise.all(
      jobs.map(async (job, i) => {
        const result = await outcome(job, events, full[i]);
        waiting.delete(job.id!);
        if (result.metrics) {
          mkdirSync(full[i].out, { recursive: true });
          await writeMetrics(full[i].out, result.metrics);
        }
        await queue.remove(job.id!).catch(() => {});
        options.onResult?.(result, ++done, specs.length);
        return result;
      }),
    );
    return await Promise.race([collected, watch.lost]);
  } finally {
    watch.stop();
    // close() waits for Redis to answer: a Redis that went away gets a few seconds, then the connections drop.
    const closed = await withTimeout(Promise.all([events.close(), queue.close()]), 5000);
    if (closed === undefined) for (const side of [events, queue]) (await side.client).disconnect(); // no reconnecting
  }
}

/** Rejects `lost` with a QueueError once Redis is silent too long or has lost one of `waiting`'s jobs. */
function watchJobs(queue: Queue, waiting: ReadonlySet<string>, url: string, watch: Watch = {}) {
  const { everyMs = 5000, silenceMs = 60_000 } = watch;
  let answered = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const lost = new Promise<never>((_, reject) => {
    const look = async () => {
      const ids = [...waiting];
      const ask = async () => {
        await queue.count(); // an answer even when no job is left to ask about
        return Promise.all(ids.map((id) => queue.getJobState(id)));
      };
      const states = await withTimeout(ask(), everyMs);
      if (stopped) return;
      if (states) answered = performance.now();
      const gone = states ? ids.filter((id, i) => states[i] === 'unknown' && waiting.has(id)) : [];
      if (gone.length > 0)
        return reject(
          new QueueError(
            `Redis at ${url} no longer holds ${gone.length} of the jobs this run is waiting for (it restarted without persistence, or was emptied): they will never finish`,
          ),
        );
      const silent = performance.now() - answered;
      if (silent >= silenceMs)
        return reject(new QueueError(`Redis at ${url} has not answered for ${Math.round(silent / 1000)} s`));
      timer = setTimeout(look, everyMs);
    };
    timer = setTimeout(look, everyMs);
  });
  lost.catch(() => {}); // when the jobs finish first, nobody awaits it
  return {
    lost,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The promise's value, or undefined when it rejects or takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The job's result, or a failed result naming why BullMQ gave up on it (it stalled too often). */
async function outcome(job: Job, events: QueueEvents, spec: JobSpec): Promise<JobResult> {
  try {
    return { ...((await job.waitUntilFinished(events)) as JobResult), id: spec.id };
  } catch (e) {
    return { id: spec.id, ok: false, error: `the queue gave up on the job: ${(e as Error).message}`, seconds: 0 };
  }
}

export interface ServeOptions {
  /** Jobs at a time (default 1), each lane a worker process kept from job to job. */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: a dead worker's job is retried after about this long. */
  stalledMs?: number;
  /** Where jobs run (their checkpoints stay there); a fresh temporary directory by default. */
  dir?: string;
  /** Called as a job starts and as it ends. */
  onJob?: (event: 'started' | 'finished', id: string, result?: JobResult) => void;
}

/** The jobs through the queue at `queue` when there is one, else in local worker processes (pool.ts). */
export function runJobs(
  specs: readonly JobSpec[],
  options: PoolOptions & { queue?: string; watch?: Watch },
): Promise<JobResult[]> {
  return options.queue === undefined ? runPool(specs, options) : runQueued(specs, options.queue, options);
}

/** Takes jobs from the queue at `url` until closed; `close` lets the jobs under way finish first. */
export async function serveQueue(url: string, options: ServeOptions = {}): Promise<Worker> {
  const connection = await reachable(url);
  const { Worker } = await import('bullmq');
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const stalledMs = options.stalledMs ?? 10_000;
  // A temporary directory is nobody's: each job's is removed once its result (with the metrics the enqueuing
  // side writes) is returned, and the directory itself when the worker closes.
  const temporary = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'optic-worker-'));
  // Jobs run in worker processes, so that this one's event loop is free to renew the jobs' locks.
  const idle = Array.from({ length: concurrency }, () => new WorkerProcess());
  const lanes = [...idle];
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job<JobSpec>) => {
      const lane = idle.pop()!;
      options.onJob?.('started', job.id!);
      const out = join(dir, job.id!);
      const result = await lane.run({ ...job.data, out });
      idle.push(lane);
      if (temporary) rmSync(out, { recursive: true, force: true });
      options.onJob?.('finished', job.id!, result);
      return result;
    },
    {
      connection: { ...connection, maxRetriesPerRequest: null },
      concurrency,
      lockDuration: stalledMs,
      stalledInterval: Math.max(500, Math.floor(stalledMs / 2)),
      maxStalledCount: 3,
      // The queue's side removes results once collected; nothing piles up if it dies, past a day.
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 24 * 3600 },
    },
  );
  worker.on('error', () => {}); // connection errors: ioredis reconnects on its own
  worker.on('closed', () => {
    for (const lane of lanes) lane.close();
    if (temporary) rmSync(dir, { recursive: true, force: true });
  });
  await worker.waitUntilReady();
  return worker;
}
