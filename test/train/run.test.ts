// Training runs on a small dataset the test writes (real IDX files): the loss falls; the same seed gives the
// same metrics; a run stopped after an epoch and resumed ends exactly as an uninterrupted one; a run whose
// loss becomes NaN stops with a clear message and a complete metrics file.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../runtime/train/checkpoint.ts';
import { JOB_DEFAULTS, type TrainJob } from '../../runtime/train/job.ts';
import type { EpochRecord, Metrics } from '../../runtime/train/metrics.ts';
import { train } from '../../runtime/train/run.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';

let data: string;
beforeAll(() => {
  data = writeSyntheticDataset({ train: 400, test: 100 });
});

const out = () => mkdtempSync(join(tmpdir(), 'optic-run-'));
const job = (overrides: Partial<TrainJob> = {}): TrainJob => ({
  ...JOB_DEFAULTS,
  program: 'programs/lion.opt',
  model: 'mlp',
  epochs: 3,
  batch: 32,
  validation: 80,
  set: { lr: 1e-3, λ: 0.1 },
  tfjsBackend: 'wasm',
  data,
  ...overrides,
});
/** Everything but the times, which vary. */
const timeless = (epochs: EpochRecord[]) => epochs.map(({ seconds: _s, cpu_seconds: _c, ...rest }) => rest);

describe("optic train's run on tfjs (wasm)", { timeout: 180_000 }, () => {
  it('lowers the training loss and writes metrics.json, curves.svg and a checkpoint', async () => {
    const dir = out();
    const m = await train(job(), { out: dir });
    expect(m.status).toBe('completed');
    expect(m.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(m.epochs[2].train_loss).toBeLessThan(m.epochs[0].train_loss);
    expect(m.examples).toEqual({ train: 320, validation: 80, test: 100 });
    expect(m.epochs.every((e) => e.cpu_seconds > 0)).toBe(true);
    expect(m.cpu_seconds_per_epoch).toBeGreaterThan(0);
    expect(m.state_bytes_per_parameter).toBe(4); // Lion: one float32 slot
    expect(m.weight_decay).toBe('no decay on rank ≤ 1 variables');
    const file = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Metrics;
    expect(file.test_accuracy).toBe(m.test_accuracy);
    expect(file.status).toBe('completed');
    expect(readFileSync(join(dir, 'curves.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*test accuracy/s);
    expect(existsSync(join(dir, 'checkpoint.bin'))).toBe(true);
  });

  it('gives the same metrics for the same seed, and other ones for another seed', async () => {
    const [a, b, c] = [
      await train(job({ epochs: 1 })),
      await train(job({ epochs: 1 })),
      await train(job({ epochs: 1, seed: 1 })),
    ];
    expect(timeless(b.epochs)).toEqual(timeless(a.epochs));
    expect(timeless(c.epochs)).not.toEqual(timeless(a.epochs));
  });

  it('resumed after an epoch, ends exactly as an uninterrupted run (cosine schedule, AdamW state, BatchNorm)', async () => {
    const settings = job({
      model: 'cnn',
      program: 'programs/adamw.opt',
      set: { lr: 3e-3 },
      schedule: 'cosine',
      warmup: 5,
      epochs: 2,
      batch: 64,
    });
    const whole = out();
    const full = await train(settings, { out: whole });
    // AdamW's two slots per trainable weight; BatchNorm's moving statistics are parameters but have no state.
    expect(full.state_bytes_per_parameter).toBe(8);
    const parted = out();
    const first = await train(settings, { out: parted, stopAfterEpochs: 1 });
    expect(first.status).toBe('interrupted');
    expect(first.epochs.length).toBe(1);
    const resumed = await train(settings, { out: parted, resume: true });
    expect(resumed.status).toBe('completed');
    expect(timeless(resumed.epochs)).toEqual(timeless(full.epochs));
    const [x, y] = [loadCheckpoint(join(whole, 'checkpoint.bin')), loadCheckpoint(join(parted, 'checkpoint.bin'))];
    for (const part of ['model', 'optimizer'] as const) {
      expect(y[part].length).toBe(x[part].length);
      x[part].forEach((t, i) =>
        expect(Array.from(y[part][i].tensor.dataSync()), `${part} ${t.name}`).toEqual(Array.from(t.tensor.dataSync())),
      );
    }
  });

  it('stops on a NaN loss with a message, leaving a complete metrics file', async () => {
    const dir = out();
    const m = await train(job({ program: 'programs/sgd.opt', set: { lr: 1e30 }, epochs: 2 }), { out: dir });
    expect(m.status).toBe('diverged');
    expect(m.message).toMatch(/the training loss (became NaN|became Infinity|diverged: .*) at step \d+ \(epoch 1\)/);
    const file = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Metrics;
    expect(file.status).toBe('diverged');
    expect(file.message).toBe(m.message);
    expect(file.epochs).toEqual([]);
    expect(file.test_accuracy).toBeNull();
  });

  it("trains the paper's Step 1 AdamW (no ε) under protected math, where IEEE math makes it NaN", async () => {
    // A ReLU unit dead for a whole batch gets g = 0 on its weights: m / sqrt(v) is 0 / 0 at step 1 under IEEE,
    // 0 / (0 + 1e-8) = 0 under Hero's protected division.
    const step1 = (math?: 'protected') =>
      train(job({ program: 'programs/paper/step1_adamw.opt', epochs: 1, ...(math && { math }) }));
    const [ieee, hero] = [await step1(), await step1('protected')];
    expect(ieee.status).toBe('diverged');
    expect(hero.status).toBe('completed');
    expect(hero.fingerprint).not.toBe(ieee.fingerprint);
    expect(hero.epochs[0].train_loss).toBeLessThan(Math.log(10));
    await expect(train(job({ math: 'protected', backend: 'wgsl' }))).rejects.toThrow(
      '--math protected runs on the tfjs backend: the WGSL optimizer computes IEEE math only',
    );
  });

  it('stops when asked (Ctrl-C), keeping the epochs done', async () => {
    let steps = 0;
    const m = await train(job({ epochs: 2 }), { stopRequested: () => ++steps > 12 });
    expect(m.status).toBe('interrupted');
    expect(m.epochs.length).toBe(1);
    expect(m.message).toMatch(/interrupted during epoch 2; metrics hold the 1 epochs done/);
  });
});
