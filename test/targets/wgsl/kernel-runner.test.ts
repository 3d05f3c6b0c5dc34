// runtime/webgpu/kernel-runner.ts's life cycle and its checks before anything is created: a module needing
// more storage buffers than the device allows is refused by name (a device below WebGPU's guaranteed 8, which
// no adapter here gives, so its limits are the real device's with that one lowered), and a runner used after
// destroy() says so, writing nothing; rows and cols state written reads back whichever half is current. (A
// module at the limit runs: limits.test.ts's program using all 8 storage buffers.) On a device with smaller
// limits (the real one presented as smaller) no binding or dispatch exceeds them; a buffer WebGPU rejects
// leaves nothing behind; the host calls a tfjs optimizer or a page uses (fromKernel, region, stepOnGpu,
// write, setHypers) do what they say.

import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TILE } from '../../../compiler/targets/wgsl-tiles.ts';
import { packedSlots } from '../../../runtime/webgpu/buffers.ts';
import { compileKernel } from '../../../runtime/webgpu/compile.ts';
import { KernelRunner } from '../../../runtime/webgpu/kernel-runner.ts';
import { pack } from '../../../runtime/webgpu/layout.ts';
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

const SGD = programOf('lr = 0.1\n\ndef train(w, g):\n    return lr * g\n', 'sgd.opt');
const ones = (n: number) => new Float32Array(n).fill(1);

/** `target` with some members replaced; its own methods bound to it (Dawn's objects refuse another `this`). */
function wrap<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get: (t, key) => {
      if (typeof key === 'string' && key in overrides) return overrides[key];
      const value = Reflect.get(t, key);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/**
 * The real device presented as a smaller one: `lowered` replaces some of its limits, and the storage bindings'
 * sizes and the workgroup counts dispatched are recorded. The real device, with larger limits, would accept
 * what the smaller one must refuse: the test compares them with the lowered limits.
 */
function smallerDevice(device: GPUDevice, lowered: Partial<Record<keyof GPUSupportedLimits, number>>) {
  const limits: Record<string, unknown> = {};
  // Dawn's limits are getters on the prototype: a spread copies none of them.
  for (const key in device.limits) limits[key] = device.limits[key as keyof GPUSupportedLimits];
  Object.assign(limits, lowered);
  const bindings: number[] = [];
  const dispatches: number[] = [];
  const small = wrap(device, {
    limits,
    createBindGroup(descriptor: GPUBindGroupDescriptor) {
      for (const { resource } of descriptor.entries) {
        const { buffer, size } = resource as GPUBufferBinding;
        bindings.push(size ?? buffer.size);
      }
      return device.createBindGroup(descriptor);
    },
    createCommandEncoder(descriptor?: GPUCommandEncoderDescriptor) {
      const encoder = device.createCommandEncoder(descriptor);
      return wrap(encoder, {
        beginComputePass(passDescriptor?: GPUComputePassDescriptor) {
          const pass = encoder.beginComputePass(passDescriptor);
          return wrap(pass, {
            dispatchWorkgroups(x: number) {
              dispatches.push(x);
              pass.dispatchWorkgroups(x);
            },
          });
        },
      });
    },
  });
  return { device: small, bindings, dispatches };
}

describe.skipIf(!gpu)('KernelRunner on a device with smaller limits', () => {
  // 64 KiB a binding: a chunk of Adam's state holds 2 slots in each of 2 halves, SGD's weights 2 halves, so
  // 10,000 elements take several chunks; 2 workgroups a dispatch for 10 tiles of 1,024 elements (64 × 4 tiles,
  // whatever the adapter's default).
  const limits = { maxStorageBufferBindingSize: 2 ** 16, maxComputeWorkgroupsPerDimension: 2 };
  it.each([
    ['sgd.opt', SGD],
    ['adam.opt', ADAM],
  ])('%s: no binding larger, no dispatch wider than the device allows, and the step is right', async (_, program) => {
    const { device, bindings, dispatches } = smallerDevice(gpu!.device, limits);
    const params = [{ name: 'w', shape: [10_000] }];
    const runner = await WgslRunner.create(device, program, { params, tile: DEFAULT_TILE });
    expect(runner.layout.chunks.length).toBeGreaterThan(1);
    expect(Math.max(...bindings)).toBeLessThanOrEqual(limits.maxStorageBufferBindingSize);
    runner.step([ones(10_000)]);
    expect(Math.max(...dispatches)).toBe(limits.maxComputeWorkgroupsPerDimension);
    const { w } = await runner.read();
    runner.destroy();
    // SGD: −0.1 · 1; Adam at step 1: −0.1 · m̂ / (√v̂ + ε) with m = 0.1, v = 0.001: −0.1 · 0.1 / √0.001.
    const update = program === SGD ? -0.1 : (-0.1 * 0.1) / (Math.sqrt(0.001) + 1e-8);
    expect(Math.max(...w[0].map((x) => Math.abs(x - update)))).toBeLessThan(1e-5 * Math.abs(update));
  });
});

describe.skipIf(!gpu)("KernelRunner's host interface", () => {
  it('runs a compiled kernel without its program (fromKernel, fromKernelSync)', async () => {
    const kernel = compileKernel(SGD);
    const runners = [
      await KernelRunner.fromKernel(gpu!.device, kernel, { params }),
      KernelRunner.fromKernelSync(gpu!.device, kernel, { params }),
    ];
    for (const runner of runners) {
      runner.step([ones(5)]);
      expect((await runner.read()).w).toEqual([new Float32Array(5).fill(Math.fround(-0.1))]);
      runner.destroy();
    }
  });

  it('writes weights alone, sets hyperparameters, and steps on gradients already in its buffers', async () => {
    const runner = await WgslRunner.create(gpu!.device, SGD, { params });
    runner.write({ w: [ones(5)] });
    runner.setHypers({ lr: 0.5 });
    // The gradients written where region() says (tfjs copies its own there), then a step without inputs.
    const [packed] = pack(runner.layout, [Float32Array.of(1, 2, 3, 4, 5)]);
    const g = runner.region(packedSlots(runner.module).g, 0);
    gpu!.device.queue.writeBuffer(g.buffer, g.offset, packed);
    runner.stepOnGpu();
    expect((await runner.read()).w).toEqual([Float32Array.of(0.5, 0, -0.5, -1, -1.5)]);
    runner.destroy();
  });

  it('destroys what it created when WebGPU rejects a buffer, and says what WebGPU said', async () => {
    // A buffer made invalid as it is created (mappable storage): a validation error, as a device refusing
    // a buffer that passed every check here would give.
    const destroyed = new Set<GPUBuffer>();
    const created: GPUBuffer[] = [];
    const real = gpu!.device;
    const device = wrap(real, {
      createBuffer(descriptor: GPUBufferDescriptor) {
        const usage = created.length === 2 ? descriptor.usage | GPUBufferUsage.MAP_READ : descriptor.usage;
        const buffer = real.createBuffer({ ...descriptor, usage });
        const destroy = buffer.destroy.bind(buffer);
        buffer.destroy = () => {
          destroyed.add(buffer);
          destroy();
        };
        created.push(buffer);
        return buffer;
      },
    });
    const module = runnerModule(ADAM, { params });
    await expect(KernelRunner.fromModule(device, ADAM, module, { params })).rejects.toThrow(
      /^optic: WebGPU rejected the model's buffers: Buffer usages .* is invalid/,
    );
    expect(created.length).toBeGreaterThan(3);
    expect(created.filter((b) => !destroyed.has(b))).toEqual([]);
  });
});
