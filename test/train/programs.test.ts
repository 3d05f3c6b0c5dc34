// Each program issue 14 added, trained by `optic train`'s run (train()) with its own defaults on the tfjs target
// (wasm) and with the fused WGSL kernel (tfjs's webgpu backend): the run completes and lowers the training loss,
// and factored Adafactor keeps O(R + C) state per weight matrix on both (a small fraction of a byte per parameter;
// an element-wise slot is 4 bytes).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_DEFAULTS, type TrainJob } from '../../runtime/train/job.ts';
import { train } from '../../runtime/train/run.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';
import { releaseTfjsWebgpu, useTfjsWebgpu } from '../targets/wgsl/tfjs-webgpu.ts';

const PROGRAMS = ['adafactor', 'lookahead_adam', 'cautious_adamw', 'cautious_lion', 'adopt', 'adan'];

let data: string;
beforeAll(() => {
  data = writeSyntheticDataset({ train: 160, test: 20 });
});
const webgpu = await useTfjsWebgpu('the WGSL training runs');
afterAll(() => {
  if (webgpu) releaseTfjsWebgpu();
});

const job = (name: string, engine: Partial<TrainJob>): TrainJob => ({
  ...JOB_DEFAULTS,
  program: `programs/${name}.opt`,
  model: 'mlp',
  epochs: 2,
  batch: 32,
  validation: 32,
  // Lion-like updates are lr·sign: the defaults' 1e-4 moves too little in 8 steps to see.
  set: name === 'cautious_lion' ? { lr: 1e-3 } : {},
  data,
  ...engine,
});

const engines: [string, Partial<TrainJob>, boolean][] = [
  ['tfjs (wasm)', { tfjsBackend: 'wasm' }, true],
  ['fused WGSL', { backend: 'wgsl' }, webgpu],
];

for (const [engine, options, available] of engines) {
  describe.skipIf(!available)(`optic train on ${engine}`, { timeout: 180_000 }, () => {
    it.each(PROGRAMS)('%s completes and lowers the training loss', async (name) => {
      const m = await train(job(name, options), { out: mkdtempSync(join(tmpdir(), 'optic-programs-')) });
      expect(m.status).toBe('completed');
      const losses = m.epochs.map((e) => e.train_loss);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(losses[0]);
      if (name === 'adafactor') expect(m.state_bytes_per_parameter).toBeLessThan(0.1);
      else expect(m.state_bytes_per_parameter).toBeGreaterThanOrEqual(4);
    });
  });
}
