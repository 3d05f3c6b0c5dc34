// Issue 8: an unknown hyperparameter and a missing one get the same message from every engine and command,
// because runtime/hypers.ts words them once: `optic step` on each engine, `optic equiv`, the interpreter, the
// tfjs optimizer, the WGSL runner and the WgslOptimizer. (`optic equiv` draws values for hyperparameters that
// have none, so only the unknown name applies to it.)

import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HyperError } from '../../runtime/hypers.ts';
import { Interpreter } from '../../runtime/interp.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { tfjsOptimizer } from '../../runtime/tfjs/index.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { WgslOptimizer } from '../../runtime/webgpu/optimizer.ts';
import { WgslRunner } from '../../runtime/webgpu/runner.ts';
import { optic, scratch } from '../cli/harness.ts';
import { programOf } from '../fixtures/compile.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';

const SOURCE = 'β = 0.9\ndef train(w, g):\n    update = lr * g * β\n    return update\n';
const dir = scratch({ 'p.opt': SOURCE, 'in.json': '{"w": [1], "g": [1]}' });
const FILE = join(dir, 'p.opt');
const program = programOf(SOURCE, FILE);

const UNKNOWN = `'lrr' is not a hyperparameter of ${FILE} (hyperparameters: lr, β)`;
const MISSING = "the hyperparameter 'lr' has no value";

/** The message of what `f` throws (awaited). */
async function thrown(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(HyperError);
    return (e as Error).message;
  }
  throw new Error('nothing was thrown');
}

let gpu: Gpu | undefined;
beforeAll(async () => {
  await useTfjsBackend('cpu');
  gpu = await testGpu();
});
afterAll(() => {
  tf.disposeVariables();
  gpu?.destroy();
});

describe('an unknown hyperparameter', () => {
  it.each(['interp', 'tfjs', 'wgsl'])('optic step --backend %s', async (backend) => {
    if (backend === 'wgsl' && !gpu) return;
    const r = await optic('step', FILE, '--inputs', join(dir, 'in.json'), '--set', 'lrr=1', '--backend', backend);
    expect([r.code, r.err]).toEqual([1, `optic: --set: ${UNKNOWN}\n`]);
  });

  it('optic equiv', async () => {
    const r = await optic('equiv', FILE, FILE, '--set', 'lrr=1');
    expect([r.code, r.err]).toEqual([1, `optic: --set: ${UNKNOWN}\n`]);
  });

  it('the tfjs optimizer, given it or told to set it', async () => {
    expect(await thrown(() => tfjsOptimizer(program, { hypers: { lrr: 1 } }))).toBe(UNKNOWN);
    expect(await thrown(() => tfjsOptimizer(program, { hypers: { lr: 1 } }).setHyper('lrr', 1))).toBe(UNKNOWN);
    expect(await thrown(() => tfjsOptimizer(program, { groups: [{ set: { lrr: 1 } }] }))).toBe(UNKNOWN);
  });

  it('the WgslOptimizer', async () => {
    expect(await thrown(() => new WgslOptimizer(program, { hypers: { lrr: 1 } }))).toBe(UNKNOWN);
  });

  it('the WGSL runner', async (ctx) => {
    if (!gpu) return ctx.skip();
    const device = gpu.device;
    const params = [{ name: 'w', shape: [1] }];
    expect(await thrown(() => WgslRunner.create(device, program, { params, hypers: { lr: 1, lrr: 1 } }))).toBe(UNKNOWN);
  });
});

describe('a missing hyperparameter', () => {
  it.each(['interp', 'tfjs', 'wgsl'])('optic step --backend %s (E0400 at its first use)', async (backend) => {
    if (backend === 'wgsl' && !gpu) return;
    const r = await optic('step', FILE, '--inputs', join(dir, 'in.json'), '--backend', backend);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe(`${FILE}:3:14: error: ${MISSING} [E0400]`);
  });

  it('the interpreter', async () => {
    expect(await thrown(() => new Interpreter(program, [new Float64Array(1)]))).toBe(MISSING);
  });

  it('the tfjs optimizer, at its first step', async () => {
    const w = tf.variable(tf.zeros([1]), true, 'hyper-errors/w');
    const opt = tfjsOptimizer(program);
    expect(await thrown(() => opt.applyGradients({ [w.name]: tf.ones([1]) }))).toBe(MISSING);
  });

  it('the WgslOptimizer, at its first step', async () => {
    const w = tf.variable(tf.zeros([1]), true, 'hyper-errors/v');
    const opt = new WgslOptimizer(program);
    expect(await thrown(() => opt.applyGradients({ [w.name]: tf.ones([1]) }))).toBe(MISSING);
  });

  it('the WGSL runner', async (ctx) => {
    if (!gpu) return ctx.skip();
    const device = gpu.device;
    expect(await thrown(() => WgslRunner.create(device, program, { params: [{ name: 'w', shape: [1] }] }))).toBe(
      MISSING,
    );
  });
});
