// WebGPU device setup for Node through the `webgpu` package (Dawn). On machines without a GPU, Dawn runs on
// Mesa's lavapipe (Vulkan on the CPU, DESIGN.md §4). The device is created with the adapter's buffer size
// limits, so that models are cut into as few chunks as the hardware allows; a kernel needs at most 8 storage
// buffers, WebGPU's default.
//
// The Dawn instance comes from dawn.ts (its globals, its polls spaced out, its warnings kept off stderr).

import { dawnGpu } from './dawn.ts';

export interface Gpu {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** Destroys the device (and with it every buffer) and drops Dawn's instance, so the process can exit. */
  destroy(): void;
}

export interface GpuOptions {
  /** Dawn's backend: 'null' validates shaders and calls without running anything. Default: Dawn's choice. */
  backend?: 'null' | 'vulkan';
  /** Ask for WebGPU's default limits instead of the adapter's (tests: the smallest device a host may give). */
  defaultLimits?: boolean;
}

export class NoAdapterError extends Error {
  constructor(detail = '') {
    super(
      'WebGPU: no adapter found' +
        (detail ? ` (${detail})` : '') +
        ". On a machine without a GPU, WebGPU runs on Mesa's " +
        'lavapipe: on Debian bookworm run `.ci/setup` as root, or `apt-get install -t bookworm-backports mesa-vulkan-drivers` ' +
        "(bookworm's own Mesa 22.3 is too old for Dawn).",
    );
    this.name = 'NoAdapterError';
  }
}

export async function openGpu(options: GpuOptions = {}): Promise<Gpu> {
  let instance: GPU | undefined = dawnGpu(options.backend ? [`backend=${options.backend}`] : []);
  let adapter: GPUAdapter | null;
  try {
    adapter = await instance.requestAdapter();
  } catch (e) {
    throw new NoAdapterError(e instanceof Error ? e.message : String(e));
  }
  if (!adapter) throw new NoAdapterError();
  const { limits } = adapter;
  const device = await adapter.requestDevice(
    options.defaultLimits
      ? {}
      : {
          requiredLimits: {
            maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
            maxBufferSize: limits.maxBufferSize,
          },
        },
  );
  return {
    adapter,
    device,
    destroy() {
      device.destroy();
      instance = undefined;
    },
  };
}
