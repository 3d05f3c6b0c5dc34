// tfjs's webgpu backend for the test files that train or step through tfjs on it (the fused kernel as a tfjs
// optimizer): made current once per file, released after, skipped where no adapter exists outside CI.

import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';

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
