// The Node WebGPU device (runtime/webgpu/device.ts): created with the adapter's buffer limits, or WebGPU's
// defaults when asked; destroy() ends it; a missing adapter is a NoAdapterError saying how to get lavapipe.
// The real device is opened inside the tests (gpuInTests: a throw at import or in a hook is no failed test to
// Stryker); what openGpu asks of Dawn, and an adapter request that fails or finds none, are checked against
// a stand-in `webgpu` package (a second real Dawn instance in one process can abort it at exit).

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { NoAdapterError, openGpu } from '../../../runtime/webgpu/device.ts';
import { gpuInTests } from './gpu.ts';

const gpu = gpuInTests();
afterAll(() => gpu.destroy());

describe('NoAdapterError', () => {
  it('says how to get an adapter, with the detail the adapter request gave if any', () => {
    const plain = new NoAdapterError();
    expect(plain.name).toBe('NoAdapterError');
    expect(plain.message).toBe(
      "WebGPU: no adapter found. On a machine without a GPU, WebGPU runs on Mesa's lavapipe: on Debian bookworm run `.ci/setup` as root, or `apt-get install -t bookworm-backports mesa-vulkan-drivers` (bookworm's own Mesa 22.3 is too old for Dawn).",
    );
    expect(new NoAdapterError('no Vulkan driver').message).toMatch(
      /^WebGPU: no adapter found \(no Vulkan driver\)\. On a /,
    );
  });
});

describe('openGpu', () => {
  it("asks for the adapter's buffer limits, or WebGPU's defaults (128 MiB a binding, 256 MiB a buffer)", async (ctx) => {
    const { adapter, device } = await gpu.open(ctx);
    expect(device.limits.maxStorageBufferBindingSize).toBe(adapter.limits.maxStorageBufferBindingSize);
    expect(device.limits.maxBufferSize).toBe(adapter.limits.maxBufferSize);
    const small = await openGpu({ defaultLimits: true });
    try {
      expect(small.device.limits.maxStorageBufferBindingSize).toBe(2 ** 27);
      expect(small.device.limits.maxBufferSize).toBe(2 ** 28);
    } finally {
      small.destroy();
    }
    await expect(small.device.lost).resolves.toMatchObject({ reason: 'destroyed' });
  });

  it("installs WebGPU's globals (GPUBufferUsage, GPUMapMode) for the browser code", async (ctx) => {
    await gpu.open(ctx);
    expect(GPUBufferUsage.STORAGE).toBe(0x80);
    expect(GPUMapMode.READ).toBe(1);
  });
});

const LIMITS = { maxStorageBufferBindingSize: 3 * 2 ** 27, maxBufferSize: 2 ** 31 };

/**
 * device.ts imported afresh over a stand-in `webgpu` whose adapter request gives an adapter (with LIMITS and a
 * device), none, or fails with `reason`.
 */
async function withDawn(answer: 'adapter' | 'none' | { reason: unknown }) {
  const device = { destroy: vi.fn() };
  const requestDevice = vi.fn(async (_descriptor: GPUDeviceDescriptor) => device);
  const adapter = answer === 'adapter' ? { limits: LIMITS, requestDevice } : null;
  const create = vi.fn((_flags: string[]) => ({
    requestAdapter: () => (typeof answer === 'object' ? Promise.reject(answer.reason) : Promise.resolve(adapter)),
  }));
  vi.resetModules();
  vi.doMock('webgpu', () => ({ create, globals: { OPTIC_STAND_IN_GLOBAL: 7 } }));
  const fresh = await import('../../../runtime/webgpu/device.ts');
  return { ...fresh, create, requestDevice, device };
}

afterEach(() => {
  vi.doUnmock('webgpu');
  vi.resetModules();
  delete (globalThis as Record<string, unknown>).OPTIC_STAND_IN_GLOBAL;
});

describe('openGpu, over a stand-in Dawn', () => {
  it("installs Dawn's globals, passes the backend asked for, and asks for the adapter's buffer limits", async () => {
    const { openGpu: open, create, requestDevice, device } = await withDawn('adapter');
    const gpu = await open();
    expect((globalThis as Record<string, unknown>).OPTIC_STAND_IN_GLOBAL).toBe(7);
    expect(create).toHaveBeenLastCalledWith([]);
    expect(requestDevice).toHaveBeenLastCalledWith({ requiredLimits: LIMITS });
    expect(gpu.device).toBe(device);
    gpu.destroy();
    expect(device.destroy).toHaveBeenCalledOnce();
    await open({ backend: 'null', defaultLimits: true });
    expect(create).toHaveBeenLastCalledWith(['backend=null']);
    expect(requestDevice).toHaveBeenLastCalledWith({});
  });

  it('finds no adapter: a NoAdapterError, with the reason a failed request gave', async () => {
    const none = await withDawn('none');
    await expect(none.openGpu()).rejects.toThrow(new none.NoAdapterError());
    const failed = await withDawn({ reason: new Error('no Vulkan driver') });
    await expect(failed.openGpu()).rejects.toThrow(new failed.NoAdapterError('no Vulkan driver'));
    const thrown = await withDawn({ reason: 'a string thrown' });
    await expect(thrown.openGpu()).rejects.toThrow(new thrown.NoAdapterError('a string thrown'));
  });
});
