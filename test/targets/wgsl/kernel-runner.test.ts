// runtime/webgpu/kernel-runner.ts's life cycle and its checks before anything is created: a module needing
// more storage buffers than the device allows is refused by name (a device below WebGPU's guaranteed 8, which
// no adapter here gives, so its limits are the real device's with that one lowered), and a runner used after
// destroy() says so, writing nothing; rows and cols state written reads back whichever half is current. (A
// module at the limit runs: limits.test.ts's program using all 8 storage buffers.)

import { afterAll, describe, expect, it } from 'vitest';
import { KernelRunner } from '../../../runtime/webgpu/kernel-runner.ts';
import { runnerModule, WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { factored } from './factored.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const ADAM = programOf(
  'def train(w, g, m, v):\n    m = interpolate(g, m, 0.9)\n    v = interpolate(square(g), v, 0.999)\n    return 0.1 * m / (sqrt(v) + 1e-8), m, v\n',
  'adam.opt',
);
const params = [{ name: 'w', shape: [5] }];

describe.skipIf(!gpu)('KernelRunner', () => {
  it('refuses a module needing more storage buffers per stage than the device allows, creating nothing', async () => {
    const module = runnerModule(ADAM, { params });
    const storage = module.manifest.bindings.filter((b) => b.kind === 'storage').length;
    expect(storage).toBeGreaterThan(1);
    // Only `limits` is read before the refusal: a call to anything else would fail with another error.
    const limits = { ...gpu!.device.limits, maxStorageBuffersPerShaderStage: storage - 1 };
    const device = { limits } as unknown as GPUDevice;
    const message = `adam.opt: the WGSL kernel needs ${storage} storage buffers per shader stage; this device allows ${storage - 1}`;
    await expect(KernelRunner.fromModule(device, ADAM, module, { params })).rejects.toThrow(message);
    expect(() => KernelRunner.fromModuleSync(device, ADAM, module, { params })).toThrow(message);
  });

  it('a step after destroy() is refused; destroy() twice is harmless', async () => {
    const runner = await WgslRunner.create(gpu!.device, ADAM, { params });
    runner.step([new Float32Array(5).fill(1)]);
    runner.destroy();
    runner.destroy();
    // Refused before the gradients are written: a write to a destroyed buffer is a WebGPU validation error.
    gpu!.device.pushErrorScope('validation');
    expect(() => runner.step([new Float32Array(5).fill(1)])).toThrow('WgslRunner: used after destroy()');
    expect(await gpu!.device.popErrorScope()).toBeNull();
    expect(() => runner.stepOnGpu()).toThrow('WgslRunner: used after destroy()');
  });
});

describe.skipIf(!gpu)('KernelRunner with rows and cols state', () => {
  // A rows or cols slot is written to both halves of its place: the next step reads either, whichever the
  // control block's parity names (the second after an odd number of steps).
  it.each([0, 1, 2])('write() then read() after %i steps returns what was written', async (steps) => {
    const params = [
      { name: 'a', shape: [3, 4] },
      { name: 'b', shape: [5] },
    ];
    const runner = await WgslRunner.create(gpu!.device, factored(), { params, level: 'none' });
    for (let k = 0; k < steps; k++) runner.step([new Float32Array(12).fill(0.5), new Float32Array(5).fill(0.5)]);
    const r = [Float32Array.of(1, 2, 3), Float32Array.of(4)];
    const c = [Float32Array.of(5, 6, 7, 8), Float32Array.of(9, 10, 11, 12, 13)];
    runner.write({ state: [r, c] });
    const { state } = await runner.read();
    expect(state).toEqual([r, c]);
    runner.destroy();
  });
});
