// `optic search --queue` on a real redis-server (test/train/redis.ts) with two real `optic worker` processes, one
// killed (SIGKILL) in the middle of its first job: BullMQ's stalled-job check gives that job to the other worker,
// the search completes with every candidate counted once, and it is the search the same seed makes with local
// evaluation. Then `optic compare --queue` on the surviving worker, and the sentence an unreachable Redis gives.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import { printProgram } from '../../compiler/print.ts';
import { evolve } from '../../runtime/search/evolve.ts';
import { proxyEvaluator } from '../../runtime/search/proxy.ts';
import { optic } from '../cli/harness.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';
import { freePort, type RedisServer, redisWanted, startRedis } from '../train/redis.ts';

const out = () => mkdtempSync(join(tmpdir(), 'optic-queue-'));

/** An `optic worker` process and the lines of its stderr so far. */
interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching. */
  line(pattern: RegExp): Promise<string>;
}

function startWorker(url: string): WorkerProcess {
  const child = spawn(process.execPath, ['runtime/cli/bin.js', 'worker', '--queue', url, '--stalled-ms', '2000'], {
    stdio: ['ignore', 'ignore', 'pipe'],
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
  return { child, lines, line };
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
    const local = await evolve(
      compileFile('programs/adamw.opt').program!,
      proxyEvaluator({
        dir: out(),
        hypers: { lr: 1e-3, λ: 0 },
        job: { trainLimit: 120, validation: 40, seed: 1, data },
      }),
      { population: 2, tournament: 2, budget: 4, seed: 1, batch: 2, hypers: { lr: 1e-3, λ: 0 } },
    );
    expect(report.best).toEqual({
      fitness: local.best.fitness,
      born: local.best.born,
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
});
