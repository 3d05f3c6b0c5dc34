// The proxy fitness on a tiny task (a few hundred examples the test writes as real IDX files, one epoch): a
// candidate's outcome is its validation accuracy from a training job; a program that is NaN on the probe problem
// or where the gradient is 0 is
// rejected without training; the same jobs in worker processes give the same accuracies. No accuracy floor:
// what is checked is where the number comes from.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import { structuralHash } from '../../compiler/hash.ts';
import { proxyEvaluator } from '../../runtime/search/proxy.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';

let data: string;
beforeAll(() => {
  data = writeSyntheticDataset({ train: 240, test: 40 });
});

const ADAMW = compileFile('programs/adamw.opt').program!;
// The paper's Step 1 has no ε: 0 / 0 where a pixel is always black (its weights' gradient is exactly 0).
const STEP1 = compileFile('programs/paper/step1_adamw.opt').program!;
const LION = compileFile('programs/paper/step3_lion.opt').program!;
const NAN = compile('def train(w, g):\n    update = g * (0 / 0)\n    return update\n', 'nan.opt').program!;
const HYPERS = { lr: 1e-3, λ: 0.1 };

describe('proxyEvaluator', { timeout: 300_000 }, () => {
  const job = () => ({ data, trainLimit: 160, validation: 80, batch: 32, testLimit: 40 });

  it("scores candidates by a training job's validation accuracy, and rejects a NaN program untrained", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optic-proxy-'));
    const [adamw, nan, step1] = await proxyEvaluator({ dir, hypers: HYPERS, job: job() })([ADAMW, NAN, STEP1]);
    expect(nan).toEqual({ ok: false, error: 'rejected before training: the loss is NaN on the quadratic' });
    expect(step1).toEqual({ ok: false, error: 'rejected before training: the update is not finite where g = 0' });
    for (const p of [NAN, STEP1]) expect(existsSync(join(dir, 'runs', structuralHash(p)))).toBe(false);
    const metrics = JSON.parse(readFileSync(join(dir, 'runs', structuralHash(ADAMW), 'metrics.json'), 'utf8'));
    expect(metrics.status).toBe('completed');
    expect(adamw).toEqual({ ok: true, fitness: metrics.epochs[0].val_accuracy });
    // A proxy job is never resumed: its run keeps the metrics and curves, not a checkpoint of the model.
    expect(readdirSync(join(dir, 'runs', structuralHash(ADAMW))).sort()).toEqual(['curves.svg', 'metrics.json']);
    expect(readFileSync(join(dir, 'candidates', `${structuralHash(ADAMW)}.opt`), 'utf8')).toContain('def train');
  });

  it('gives the same outcomes from worker processes, and sets only the hyperparameters a candidate reads', async () => {
    // Step 3 (Hero-Lion) reads lr and λ; a child that no longer reads λ must not be given --set λ.
    const noDecay = compile('def train(w, g, m):\n    update = sign(g) * lr\n    return update, m\n', 'n.opt').program!;
    const programs = [LION, noDecay];
    const local = await proxyEvaluator({
      dir: mkdtempSync(join(tmpdir(), 'optic-proxy-')),
      hypers: HYPERS,
      job: job(),
    })(programs);
    expect(local.map((o) => o.ok)).toEqual([true, true]);
    const pooled = await proxyEvaluator({
      dir: mkdtempSync(join(tmpdir(), 'optic-proxy-')),
      hypers: HYPERS,
      job: job(),
      workers: 2,
    })(programs);
    expect(pooled).toEqual(local);
  });

  it('with an lr grid, trains a candidate at each multiple of lr and keeps its best validation accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optic-proxy-'));
    const noLr = compile('def train(w, g):\n    update = sign(g) * 0.001\n    return update\n', 'c.opt').program!;
    const lrFactors = [0.1, 1, 10];
    const [lion, constant] = await proxyEvaluator({ dir, hypers: HYPERS, job: job(), lrFactors })([LION, noLr]);
    const runs = join(dir, 'runs', structuralHash(LION));
    const metrics = readdirSync(runs)
      .sort()
      .map((d) => JSON.parse(readFileSync(join(runs, d, 'metrics.json'), 'utf8')));
    expect(metrics.map((m) => m.hyperparameters.lr).sort()).toEqual(lrFactors.map((f) => f * HYPERS.lr).sort());
    const accuracies = metrics.map((m) => m.epochs[0].val_accuracy);
    expect(new Set(accuracies).size).toBeGreaterThan(1);
    const best = metrics[accuracies.indexOf(Math.max(...accuracies))];
    expect(lion).toEqual({ ok: true, fitness: Math.max(...accuracies), lr: best.hyperparameters.lr });
    // A candidate that reads no lr has nothing to tune: one job.
    expect(constant.ok).toBe(true);
    expect(existsSync(join(dir, 'runs', structuralHash(noLr), 'metrics.json'))).toBe(true);
  });
});
