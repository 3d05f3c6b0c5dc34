// The local pool (runtime/train/pool.ts): a worker process is kept from one job to the next, and a job's result
// is the one a fresh process gives (nothing of the previous job leaks into the next: tfjs's state, the data
// order, the model's initial weights); a process killed mid-job is that job's failed result, and the next job
// runs on a new process.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOB_DEFAULTS, type TrainJob } from '../../runtime/train/job.ts';
import type { Metrics } from '../../runtime/train/metrics.ts';
import { type JobSpec, LocalPool, runPool } from '../../runtime/train/pool.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';

let data: string;
beforeAll(() => {
  data = writeSyntheticDataset({ train: 300, test: 40 });
});

const spec = (id: string, overrides: Partial<TrainJob> = {}): JobSpec => ({
  id,
  out: mkdtempSync(join(tmpdir(), 'optic-pool-')),
  job: {
    ...JOB_DEFAULTS,
    program: 'programs/lion.opt',
    model: 'mlp',
    epochs: 2,
    batch: 32,
    trainLimit: 200,
    validation: 60,
    testLimit: 40,
    set: { lr: 1e-3, λ: 0.1 },
    tfjsBackend: 'wasm',
    data,
    ...overrides,
  },
});

/** What a run computed: everything but its times. */
function computed(m: Metrics | undefined) {
  return {
    epochs: m?.epochs.map(({ seconds: _s, cpu_seconds: _c, ...rest }) => rest),
    test_accuracy: m?.test_accuracy,
    final_train_loss: m?.final_train_loss,
  };
}

describe('LocalPool', { timeout: 180_000 }, () => {
  it('runs job after job on one process, each with the result a fresh process gives', async () => {
    const other = spec('adamw', { program: 'programs/adamw.opt', seed: 3, batch: 16 });
    const [fresh] = await runPool([spec('lion')], { workers: 1 });
    const pool = new LocalPool(1);
    try {
      const [first] = await pool.run([other]);
      const pid = pool.pids[0];
      const [reused] = await pool.run([spec('lion')]);
      expect(pool.pids[0]).toBe(pid);
      expect([first.ok, reused.ok, fresh.ok]).toEqual([true, true, true]);
      expect(computed(reused.metrics)).toEqual(computed(fresh.metrics));
      expect(computed(first.metrics)).not.toEqual(computed(fresh.metrics));
    } finally {
      pool.close();
    }
  });

  it('fails the job of a process killed under it and runs the next one on a new process', async () => {
    const pool = new LocalPool(1);
    try {
      const results = pool.run([spec('killed'), spec('next')]);
      const pid = pool.pids[0]!;
      process.kill(pid, 'SIGKILL');
      const [killed, next] = await results;
      expect(killed).toMatchObject({ id: 'killed', ok: false, error: expect.stringMatching(/was killed by SIGKILL/) });
      expect(next).toMatchObject({ id: 'next', ok: true });
      expect(pool.pids[0]).not.toBe(pid);
    } finally {
      pool.close();
    }
  });
});
