// The test files' WebGPU device. Outside CI a machine without an adapter skips the WebGPU tests; in CI
// (process.env.CI set) a missing adapter fails them, so a broken lavapipe setup cannot pass silently.

import type { TestContext } from 'vitest';
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
 * A file's device opened inside its tests, once, on the first test that asks: a failure to open then fails
 * those tests. Opened at import or in a top-level hook, it fails the file or skips every test in it, and
 * Stryker's vitest runner counts neither as a failed test (a mutant of device.ts that throws survives). Outside
 * CI without an adapter the asking test is skipped; in CI one without a device fails.
 */
export function gpuInTests(): { open(ctx: TestContext): Promise<Gpu>; destroy(): Promise<void> } {
  let opening: Promise<Gpu | undefined> | undefined;
  return {
    async open(ctx) {
      const gpu = await (opening ??= testGpu());
      if (!gpu && !process.env.CI) ctx.skip();
      return gpu!;
    },
    async destroy() {
      (await opening?.catch(() => undefined))?.destroy();
    },
  };
}
