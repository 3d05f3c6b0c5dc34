// The test files' WebGPU device. Outside CI a machine without an adapter skips the WebGPU tests; in CI
// (process.env.CI set) a missing adapter fails them, so a broken lavapipe setup cannot pass silently.

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
