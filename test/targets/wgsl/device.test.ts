// The Node WebGPU device (runtime/webgpu/device.ts): created with the adapter's buffer limits, or WebGPU's
// defaults when asked; destroy() ends it; a missing adapter is a NoAdapterError saying how to get lavapipe.

import { afterAll, describe, expect, it } from 'vitest';
import { NoAdapterError, openGpu } from '../../../runtime/webgpu/device.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

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

describe.skipIf(!gpu)('openGpu', () => {
  it("asks for the adapter's buffer limits, or WebGPU's defaults (128 MiB a binding, 256 MiB a buffer)", async () => {
    const { adapter, device } = gpu!;
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

  it("installs WebGPU's globals (GPUBufferUsage, GPUMapMode) for the browser code", () => {
    expect(GPUBufferUsage.STORAGE).toBe(0x80);
    expect(GPUMapMode.READ).toBe(1);
  });
});
