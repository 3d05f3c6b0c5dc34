// `optic search --queue` on a real redis-server (test/train/redis.ts) with two real `optic worker` processes, one
// killed (SIGKILL) in the middle of its first job: BullMQ's stalled-job check gives that job to the other worker,
// the search completes with every candidate counted once, and it is the search the same seed makes with local
// evaluation. Then `optic compare --queue` on the surviving worker, and the sentence an unreachable Redis gives.
// A Redis that goes away mid-run (restarted empty, or gone): the run stops with a sentence instead of waiting
// forever, and `optic search --resume` continues the search on the Redis that came back.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import { printProgram } from '../../compiler/print.ts';
import { evolve } from '../../runtime/search/evolve.ts';
import { proxyEvaluator } from '../../runtime/search/proxy.ts';
import { JOB_DEFAULTS } from '../../runtime/train/job.ts';
import type { JobSpec } from '../../runtime/train/pool.ts';
import { queueJobId, runQueued } from '../../runtime/train/queue.ts';
import { optic } from '../cli/harness.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';
import { freePort, type RedisServer, redisWanted, startRedis } from '../train/redis.ts';

const out = () => mkdtempSync(join(tmpdir(), 'optic-queue-'));

/** An `optic worker` process and the lines of its stderr so far. */
interface WorkerProcess {
  child: ChildProcess;
  /** Its TMPDIR, where it makes its temporary directory. */
  tmp: string;
  lines: string[];
  /** Resolves with the first line matching. */
  line(pattern: RegExp): Promise<string>;
}

function startWorker(url: string): WorkerProcess {
  const tmp = out();
  const child = spawn(process.execPath, ['runtime/cli/bin.js', 'worker', '--queue', url, '--stalled-ms', '2000'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TMPDIR: tmp },
  });
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) resolve(seen);
      else waiting.push({ pattern, resolve });
    });
  return { child, tmp, lines, line };
}

/** The tests' search (AdamW, P = T = 2, two at a time, 120 examples) with each candidate trained in this process. */
function localSearch(data: string, { budget, seed }: { budget: number; seed: number }) {
  const hypers = { lr: 1e-3, λ: 0 };
  const job = { trainLimit: 120, validation: 40, seed, data };
  const options = { population: 2, tournament: 2, budget, seed, batch: 2, hypers };
  return evolve(compileFile('programs/adamw.opt').program!, proxyEvaluator({ dir: out(), hypers, job }), options);
}

describe.skipIf(!redisWanted)('optic search --queue (BullMQ on a real redis-server)', { timeout: 120_000 }, () => {
  let redis: RedisServer;
  let data: string;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    data = writeSyntheticDataset({ train: 200, test: 20 });
    redis = await startRedis();
    workers.push(startWorker(redis.url), startWorker(redis.url));
    await Promise.all(workers.map((w) => w.line(/^taking jobs from /)));
  }, 60_000);
  afterAll(() => {
    for (const w of workers) w.child.kill('SIGKILL');
    redis?.stop();
  });

  it('survives a worker killed mid-job, counts every candidate once, and equals the local search', async () => {
    // The first worker to start a job is killed before it can finish it (the other one only when it is first).
    const killed = Promise.race(
      workers.map((w) => w.line(/^started /).then((line) => ({ worker: w, job: line.slice('started '.length) }))),
    ).then((first) => {
      first.worker.child.kill('SIGKILL');
      return first;
    });
    const dir = out();
    const hypers = ['--set', 'lr=1e-3', '--set', 'λ=0'];
    const search = ['--from', 'programs/adamw.opt', '--budget', '4', '--population', '2', '--workers', '2'];
    const tiny = ['--seed', '1', '--train-limit', '120', '--validation', '40', '--data', data];
    const r = await optic('search', ...hypers, ...search, ...tiny, '--queue', redis.url, '--out', dir);
    expect(r.err).not.toContain('optic:');
    expect(r.code).toBe(0);

    const { worker: dead, job } = await killed;
    expect(dead.lines.some((l) => l.startsWith(`finished ${job}`))).toBe(false);
    const [alive] = workers.filter((w) => w !== dead);
    expect(alive.lines.filter((l) => l.startsWith(`finished ${job}: ok`))).toHaveLength(1);

    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.evaluated - 1 + report.cache_hits + report.stuck).toBe(report.generated);
    expect(report.evaluated).toBeGreaterThan(1);
    const finished = alive.lines.filter((l) => l.startsWith('finished ')).length;
    expect(finished).toBe(report.evaluated);

    // The same search, each candidate trained in this process: the same decisions, the same fitness.
    const local = await localSearch(data, { budget: 4, seed: 1 });
    expect(report.best).toEqual({
      fitness: local.best.fitness,
      born: local.best.born,
      lr: null,
      program: printProgram(local.best.program),
    });
    expect([report.generated, report.evaluated, report.cache_hits]).toEqual([
      local.generated,
      local.evaluated,
      local.cacheHits,
    ]);
    expect(report.history.map((h: { best: number }) => h.best)).toEqual(local.history.map((h) => h.best));
  });

  it('runs optic compare --queue on the workers, writing each run where the command says', async () => {
    const dir = out();
    const tiny = ['--train-limit', '120', '--validation', '40', '--batch', '32', '--tfjs-backend', 'wasm'];
    const args = ['programs/lion.opt', '--model', 'mlp', '--set', 'lr=1e-3', '--set', 'λ=0', ...tiny, '--data', data];
    const r = await optic('compare', ...args, '--queue', redis.url, '--out', dir);
    expect(r.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(dir, 'runs', 'lion-seed0', 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({ status: 'completed', program: 'programs/lion.opt' });
    expect(existsSync(join(dir, 'runs', 'lion-seed0', 'curves.svg'))).toBe(true);
    // A worker's temporary directory keeps no finished job (the one killed mid-job in the first test left its own).
    for (const w of workers.filter((w) => w.child.signalCode === null)) {
      const [own] = readdirSync(w.tmp);
      expect(own).toMatch(/^optic-worker-/);
      expect(readdirSync(join(w.tmp, own))).toEqual([]);
    }
  });
});

describe('an unreachable Redis', () => {
  it('is one sentence, no stack', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const r = await optic('worker', '--queue', url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^optic: cannot reach Redis at ${url}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\n$`),
    );
    const bad = await optic('search', '--queue', 'http://x', '--out', out(), '--set', 'lr=1e-3', '--set', 'λ=0');
    expect(bad.err).toBe('optic: --queue http://x: expected redis://HOST:PORT\n');
  });

  it('is not asked about a batch with no jobs (every candidate of a search batch rejected before training)', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await runQueued([], url)).toEqual([]);
  });
});

/** Resolves once `check` is true, looking every 100 ms. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await sleep(100);
}

describe.skipIf(!redisWanted)('a Redis that goes away mid-run', { timeout: 120_000 }, () => {
  let data: string;
  beforeAll(() => {
    data = writeSyntheticDataset({ train: 200, test: 20 });
  });
  // With its source, as runQueued sends it: the job's id hashes it.
  const spec = (): JobSpec => ({
    id: 'lion',
    out: out(),
    source: readFileSync('programs/lion.opt', 'utf8'),
    job: { ...JOB_DEFAULTS, program: 'programs/lion.opt', model: 'mlp', set: { lr: 1e-3, λ: 0 }, data },
  });
  /** Whether Redis holds the job (its hash), asked with a client of its own. */
  async function holds(url: string, id: string): Promise<boolean> {
    const { Redis } = await import('ioredis');
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.exists(`bull:optic-jobs:${id}`)) === 1;
    } finally {
      client.disconnect();
    }
  }

  it('stops waiting for jobs a restarted Redis lost, in a sentence', async () => {
    let redis = await startRedis();
    const port = Number(new URL(redis.url).port);
    try {
      const job = spec();
      const waiting = runQueued([job], redis.url, { watch: { everyMs: 200, silenceMs: 30_000 } });
      waiting.catch(() => {});
      await until(() => holds(redis.url, queueJobId(job)));
      await redis.stop();
      redis = await startRedis(port);
      await expect(waiting).rejects.toThrow(
        `Redis at ${redis.url} no longer holds 1 of the jobs this run is waiting for (it restarted without persistence, or was emptied): they will never finish`,
      );
    } finally {
      await redis.stop();
    }
  });

  it('stops waiting for a Redis that does not answer', async () => {
    const redis = await startRedis();
    const job = spec();
    const waiting = runQueued([job], redis.url, { watch: { everyMs: 200, silenceMs: 2000 } });
    waiting.catch(() => {});
    await until(() => holds(redis.url, queueJobId(job)));
    await redis.stop();
    await expect(waiting).rejects.toThrow(new RegExp(`^Redis at ${redis.url} has not answered for [23] s$`));
  });

  it('optic search says how to go on, and --resume goes on to the search an uninterrupted run makes', async () => {
    let redis = await startRedis();
    const port = Number(new URL(redis.url).port);
    const workers = [startWorker(redis.url)];
    try {
      const dir = out();
      const args = ['--from', 'programs/adamw.opt', '--set', 'lr=1e-3', '--set', 'λ=0', '--budget', '6'];
      const tiny = ['--population', '2', '--workers', '2', '--seed', '2', '--train-limit', '120', '--validation', '40'];
      const search = optic('search', ...args, ...tiny, '--data', data, '--queue', redis.url, '--out', dir);
      // The first batch (the warm start) is checkpointed; the worker dies in its next job, Redis restarts empty.
      const started = () => workers[0].lines.filter((l) => l.startsWith('started ')).length;
      await until(() => started() === 2);
      workers[0].child.kill('SIGKILL');
      expect(existsSync(join(dir, 'search-state.json'))).toBe(true);
      await redis.stop();
      redis = await startRedis(port);
      const stopped = await search;
      expect(stopped.code).toBe(1);
      expect(stopped.err).toMatch(
        /no longer holds [12] of the jobs this run is waiting for \(it restarted without persistence, or was emptied\): they will never finish; `optic search --resume \S+` goes on from the last checkpoint\n$/,
      );
      expect(stopped.err).toContain(`--resume ${dir}\``);

      workers.push(startWorker(redis.url));
      await workers[1].line(/^taking jobs from /);
      const resumed = await optic('search', '--resume', dir);
      expect(resumed.err).not.toContain('optic:');
      expect(resumed.code).toBe(0);
      const local = await localSearch(data, { budget: 6, seed: 2 });
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(report.best.fitness).toBe(local.best.fitness);
      expect([report.generated, report.evaluated, report.cache_hits]).toEqual([
        local.generated,
        local.evaluated,
        local.cacheHits,
      ]);
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await redis.stop();
    }
  });
});
