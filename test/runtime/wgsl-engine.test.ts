// runtime/webgpu/engine.ts beyond what every engine promises (engines.test.ts): a device of its own when none
// is given; a non-finite gradient's step skipped on the GPU (the counter does not move) unless ignoreNonFinite;
// initial state loaded; an update read only with keepUpdate; the runner's refusal passed on as it is; nothing
// stepped after dispose(); a device that cannot be opened is an EngineError (a user error to the commands).

import { afterAll, describe, expect, it, vi } from 'vitest';
import { openEngine } from '../../runtime/engines.ts';
import type { EngineInit } from '../../runtime/engine.ts';
import { programOf } from '../fixtures/compile.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const MOMENTUM = programOf('def train(w, g, m):\n    m = 0.5 * m + g\n    return 0.25 * m, m\n', 'momentum.opt');
const params = [{ name: 'w', shape: [3] }];
const w = [[1, 2, 3]];
const g = [[4, -8, 0.5]];

const open = (init: Partial<EngineInit> = {}) =>
  openEngine('wgsl', MOMENTUM, { params, w, device: gpu!.device, ...init });

describe.skipIf(!gpu)('the wgsl engine', () => {
  it('opens a device of its own when given none, and steps as on the one given', async () => {
    const [own, given] = [await open({ device: undefined }), await open()];
    for (const e of [own, given]) await e.step(g);
    expect(await own.read()).toEqual(await given.read());
    own.dispose();
    given.dispose();
  });

  it('loads the initial state; reads the update only with keepUpdate', async () => {
    const e = await open({ state: [[[2, 0, -2]]], keepUpdate: true });
    await e.step(g);
    // m = 0.5 · m₀ + g, the update 0.25 · m
    expect(await e.read()).toEqual({
      step: 2,
      w: [Float64Array.of(-0.25, 4, 3.125)],
      state: [[Float64Array.of(5, -8, -0.5)]],
      update: [Float64Array.of(1.25, -2, -0.125)],
    });
    e.dispose();
    const plain = await open();
    await plain.step(g);
    expect(Object.keys(await plain.read()).sort()).toEqual(['state', 'step', 'w']);
    plain.dispose();
  });

  it('skips a step whose gradient is not finite, unless ignoreNonFinite', async () => {
    const nan = [[1, Number.NaN, 1]];
    const skipping = await open();
    await skipping.step(nan);
    expect(await skipping.read()).toEqual({ step: 1, w: [Float64Array.of(1, 2, 3)], state: [[new Float64Array(3)]] });
    skipping.dispose();
    const ignoring = await open({ ignoreNonFinite: true });
    await ignoring.step(nan);
    const after = await ignoring.read();
    expect(after.step).toBe(2);
    expect(after.w[0][1]).toBeNaN();
    expect(after.w[0][0]).toBe(0.75);
    ignoring.dispose();
  });

  it('repeatStep() of a program without per-step inputs needs none; settle() is a promise', async () => {
    const [repeated, stepped] = [await open(), await open()];
    await repeated.step(g);
    await repeated.repeatStep();
    const settled = repeated.settle();
    expect(settled).toBeInstanceOf(Promise);
    await settled;
    for (const _ of [1, 2]) await stepped.step(g);
    expect(await repeated.read()).toEqual(await stepped.read());
    expect((await repeated.read()).step).toBe(3);
    repeated.dispose();
    stepped.dispose();
  });

  it("passes the runner's refusal on, and steps nothing after dispose()", async () => {
    for (const device of [gpu!.device, undefined])
      await expect(open({ device, hypers: { lr: 1 } })).rejects.toThrow(
        "'lr' is not a hyperparameter of momentum.opt (hyperparameters: none)",
      );
    const e = await open();
    e.dispose();
    await expect(e.step(g)).rejects.toThrow('WgslRunner: used after destroy()');
  });
});

describe('the wgsl engine without a device', () => {
  it("is an EngineError with openGpu's reason when no device can be opened", async () => {
    vi.resetModules();
    vi.doMock('../../runtime/webgpu/device.ts', () => ({
      openGpu: () => Promise.reject(new Error('no WebGPU adapter (a stand-in device.ts)')),
    }));
    try {
      // Imported afresh with it: the EngineError class engine.ts throws.
      const { wgslEngine } = await import('../../runtime/webgpu/engine.ts');
      const { EngineError } = await import('../../runtime/engine.ts');
      const opened = wgslEngine(MOMENTUM, { params, w });
      await expect(opened).rejects.toThrow(EngineError);
      await expect(opened).rejects.toThrow('no WebGPU adapter (a stand-in device.ts)');
    } finally {
      vi.doUnmock('../../runtime/webgpu/device.ts');
      vi.resetModules();
    }
  });
});
