// A short training run with the fused WGSL kernel as the optimizer (WgslOptimizer on tfjs's webgpu backend,
// lavapipe on a machine without a GPU): the loss falls, and the run writes its metrics and checkpoint.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseTfjsWebgpu, useTfjsWebgpu } from '../targets/wgsl/tfjs-webgpu.ts';
import { JOB_DEFAULTS } from '../../runtime/train/job.ts';
import { train } from '../../runtime/train/run.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';

const available = await useTfjsWebgpu('the WGSL training test');
afterAll(() => {
  if (available) releaseTfjsWebgpu();
});

describe.skipIf(!available)('optic train --backend wgsl', { timeout: 180_000 }, () => {
  it('lowers the loss with the fused Lion kernel', async () => {
    const out = mkdtempSync(join(tmpdir(), 'optic-wgsl-'));
    const data = writeSyntheticDataset({ train: 300, test: 100 });
    const m = await train(
      {
        ...JOB_DEFAULTS,
        program: 'programs/lion.opt',
        model: 'mlp',
        epochs: 2,
        batch: 32,
        validation: 60,
        set: { lr: 1e-3, λ: 0.1 },
        backend: 'wgsl',
        data,
      },
      { out },
    );
    expect(m.status).toBe('completed');
    expect(m.tfjs_backend).toBe('webgpu');
    expect(m.epochs[1].train_loss).toBeLessThan(m.epochs[0].train_loss);
    expect(m.state_bytes_per_parameter).toBe(4);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).backend).toBe('wgsl');
  });
});
