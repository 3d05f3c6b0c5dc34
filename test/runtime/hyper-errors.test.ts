// Issue 8: an unknown hyperparameter and a missing one get the same message from every engine and command,
// because runtime/hypers.ts words them once: `optic step` on each engine, `optic equiv`, the interpreter, the
// tfjs optimizer, the WGSL runner and the WgslOptimizer. (`optic equiv` draws values for hyperparameters that
// have none, so only the unknown name applies to it.)
//
// Issue 10 item 7, one rule for non-finite hyperparameters on every engine: NaN or ±Infinity given by --set, by a
// constructor's values, by a group or by a schedule is a HyperError naming the hyperparameter and where its value
// came from, on interp, tfjs and wgsl alike; a literal beyond a double's range (1e999) is rejected where it is
// written, as E0004 rejects it in a program. Per-step inputs stay data: "NaN" there is allowed.

import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../runtime/engines.ts';
import { HyperError } from '../../runtime/hypers.ts';
import { Interpreter } from '../../runtime/interpreter.ts';
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

/** The HyperError `f` throws (awaited). */
async function thrownError(f: () => unknown): Promise<HyperError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(HyperError);
    return e as HyperError;
  }
  throw new Error('nothing was thrown');
}

/** The message of what `f` throws (awaited). */
const thrown = async (f: () => unknown): Promise<string> => (await thrownError(f)).message;

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

// Issue 10 item 7: non-finite hyperparameters.

const NF_SOURCE = 'β = 0.9\ndef train(w, g, lr_t):\n    update = lr * g * β * lr_t\n    return update\n';
const nf = scratch({
  'p.opt': NF_SOURCE,
  'in.json': '{"w": [1], "g": [1], "lr_t": 1}',
  'huge.json': '{"w": [1], "g": [1e999], "lr_t": 1}',
  'nan-input.json': '{"w": [1], "g": [1], "lr_t": "NaN"}',
});
const NF_FILE = join(nf, 'p.opt');
const NF_IN = join(nf, 'in.json');
const nfProgram = programOf(NF_SOURCE, NF_FILE);
const MUST = 'hyperparameters must be finite numbers';

describe.each(['interp', 'tfjs', 'wgsl'] as const)('on %s', (backend) => {
  const skipWithoutGpu = (ctx: { skip(): void }) => backend === 'wgsl' && !gpu && ctx.skip();

  it.for(['Infinity', '-Infinity', 'NaN'])(
    'optic step --set lr=%s: exit 1, naming the hyperparameter and the option',
    async (text, ctx) => {
      skipWithoutGpu(ctx);
      const r = await optic('step', NF_FILE, '--inputs', NF_IN, '--set', `lr=${text}`, '--backend', backend);
      expect(r).toEqual({ code: 1, out: '', err: `optic: --set: the hyperparameter 'lr' is ${text}: ${MUST}\n` });
    },
  );

  it('optic step --set lr=1e999: a literal beyond a double is a malformed value (exit 2)', async (ctx) => {
    skipWithoutGpu(ctx);
    const r = await optic('step', NF_FILE, '--inputs', NF_IN, '--set', 'lr=1e999', '--backend', backend);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`optic: --set: '1e999' is beyond a double's range (at most ${Number.MAX_VALUE} in magnitude)\n`);
  });

  it('a JSON 1e999 in the inputs file is an error naming the field, not a silent Infinity', async (ctx) => {
    skipWithoutGpu(ctx);
    const r = await optic('step', NF_FILE, '--inputs', join(nf, 'huge.json'), '--set', 'lr=1', '--backend', backend);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^optic: field 'g\[0\]' is a number beyond a double's range .*write "Infinity"/);
  });

  it('the engine, given the value in its constructor or in a group', async (ctx) => {
    skipWithoutGpu(ctx);
    const open = (init: object) =>
      ENGINES[backend](nfProgram, {
        params: [{ name: 'w', shape: [1] }],
        w: [[1]],
        device: gpu?.device,
        tfjsBackend: 'cpu',
        ...init,
      });
    const given = await thrownError(() => open({ hypers: { lr: Infinity } }));
    expect(given.message).toBe(`the hyperparameter 'lr' is Infinity: ${MUST}`);
    expect(given.kind).toBe('nonfinite');
    const group = await thrownError(() => open({ hypers: { lr: 1 }, groups: [{ set: { β: NaN } }] }));
    expect(group.message).toBe(`the hyperparameter 'β' is NaN in group 1: ${MUST}`);
  });

  it('a per-step input may be NaN: it is data, not a hyperparameter', async (ctx) => {
    skipWithoutGpu(ctx);
    // (What each engine then computes is the non-finite-input policy, not this rule.)
    const r = await optic(
      'step',
      NF_FILE,
      '--inputs',
      join(nf, 'nan-input.json'),
      '--set',
      'lr=1',
      '--backend',
      backend,
    );
    expect(r.err).not.toContain(MUST);
    expect(r.code).not.toBe(2);
  });
});

describe('the optimizer classes and the interpreter', () => {
  it('the interpreter', async () => {
    const e = await thrownError(() => new Interpreter(nfProgram, [new Float64Array(1)], { hypers: { lr: -Infinity } }));
    expect(e.message).toBe(`the hyperparameter 'lr' is -Infinity: ${MUST}`);
  });

  it('the tfjs optimizer: its constructor, setHyper, and a schedule at the step it gives NaN', async () => {
    expect((await thrownError(() => tfjsOptimizer(nfProgram, { hypers: { lr: NaN } }))).kind).toBe('nonfinite');
    expect(
      (await thrownError(() => tfjsOptimizer(nfProgram, { hypers: { lr: 1 } }).setHyper('β', Infinity))).kind,
    ).toBe('nonfinite');
    const w = tf.variable(tf.ones([1]), true, 'non-finite-hypers/w');
    const opt = tfjsOptimizer(nfProgram, { hypers: { lr: (step: number) => (step < 2 ? 1 : NaN), lr_t: 1 } });
    opt.applyGradients({ [w.name]: tf.ones([1]) });
    const e = await thrownError(() => opt.applyGradients({ [w.name]: tf.ones([1]) }));
    expect(e.message).toBe(`the hyperparameter 'lr' is NaN (its schedule at step 2): ${MUST}`);
  });

  it('the WgslOptimizer', async () => {
    const e = await thrownError(() => new WgslOptimizer(nfProgram, { hypers: { lr: Infinity } }));
    expect(e.message).toBe(`the hyperparameter 'lr' is Infinity: ${MUST}`);
  });
});

describe('optic equiv', () => {
  it('--set lr=NaN is exit 1 as on optic step; open hyperparameters are drawn finite', async () => {
    const r = await optic('equiv', NF_FILE, NF_FILE, '--set', 'lr=NaN');
    expect(r).toEqual({ code: 1, out: '', err: `optic: --set: the hyperparameter 'lr' is NaN: ${MUST}\n` });
    // lr has no value: equiv draws it, and edge values (NaN, ±Inf) must not be among the draws.
    const drawn = await optic('equiv', NF_FILE, NF_FILE, '--trials', '300', '--seed', '5');
    expect(drawn).toMatchObject({ code: 0, err: '' });
  });
});
