// The test files' WebGPU device. Outside CI a machine without an adapter skips the WebGPU tests; in CI
// (process.env.CI set) a missing adapter fails them, so a broken lavapipe setup cannot pass silently.

import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { NoAdapterError, openGpu, type Gpu } from '../../../runtime/webgpu/device.ts';

export async function testGpu(): Promise<Gpu | undefined> {
  try {
    return await openGpu();
  } catch (e) {
    if (e instanceof NoAdapterError && !process.env.CI) {
      console.warn(`skipping WebGPU tests: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/**
 * Makes tfjs's webgpu backend current: true, or false with a warning naming `what` is skipped where no adapter
 * exists outside CI (in CI it throws).
 */
export async function useTfjsWebgpu(what: string): Promise<boolean> {
  try {
    await useTfjsBackend('webgpu');
    return true;
  } catch (e) {
    if (process.env.CI) throw e;
    console.warn(`skipping ${what}: ${(e as Error).message}`);
    return false;
  }
}

/** Releases tfjs's webgpu backend and its Dawn device (or the test worker would not exit). */
export function releaseTfjsWebgpu(): void {
  const device = (tf.backend() as WebGPUBackend).device;
  tf.removeBackend('webgpu');
  device.destroy();
  delete (globalThis as { navigator?: unknown }).navigator;
}
