// Choosing the tfjs backend: whichever this machine has, best first (DESIGN.md §3): TensorFlow's C++ library
// through @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node, then wasm, then webgpu (in Node through
// the `webgpu` package, Dawn), then cpu. tfjs-node(-gpu) are optional dependencies that download a native
// library at install time and so are often absent: they are only ever tried in a try/catch.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

import { TFJS_BACKENDS, type TfjsBackendName } from './backend-names.ts';

export { TFJS_BACKENDS, type TfjsBackendName };

export interface ChosenBackend {
  name: TfjsBackendName;
  /** What was found, for printing: `wasm (simd)`, `webgpu (llvmpipe)`, `tensorflow (@tensorflow/tfjs-node)`. */
  description: string;
}

/**
 * Tries to make `name` available; returns a description of it, or undefined (or throws, saying why) when this
 * machine lacks it.
 */
type Loader = () => Promise<string | undefined>;

const require = createRequire(import.meta.url);

/**
 * Why `pkg` could not be imported, in a few words. tfjs-node registers its kernels before it loads its native
 * addon: a failed import leaves them registered, and the next package's import would warn about every one
 * (~180 lines), so they are unregistered here. Exported for its tests: the failures of a tfjs-node that is
 * installed but broken happen on other machines.
 */
export function importFailure(pkg: string, error: unknown): string {
  for (const kernel of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(kernel.kernelName, 'tensorflow');
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ERR_MODULE_NOT_FOUND' && message?.includes(pkg)) return `${pkg}: not installed`;
  if (message?.includes('tfjs_binding.node'))
    return `${pkg}: installed without its native library (its install script did not run or failed)`;
  return `${pkg}: ${String(message ?? error).split('\n')[0]}`;
}

const LOADERS: Record<TfjsBackendName, Loader> = {
  async tensorflow() {
    const failures: string[] = [];
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(/* @vite-ignore */ pkg);
        return pkg;
      } catch (e) {
        failures.push(importFailure(pkg, e));
      }
    }
    throw new Error(failures.join('; '));
  },
  async wasm() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from the package's dist directory.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    return 'XNNPACK';
  },
  async webgpu() {
    const adapter = await gpuAdapter();
    if (!adapter) return undefined;
    await import('@tensorflow/tfjs-backend-webgpu');
    return adapter;
  },
  async cpu() {
    await import('@tensorflow/tfjs-backend-cpu');
    // Its first tensor prints a banner advising tfjs-node ("running TensorFlow.js in Node.js"): optic already
    // prefers tfjs-node when it is installed, and says which backend it uses. Only that banner is silenced
    // (tfjs's PROD flag would silence every tfjs warning).
    const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
    if (backend) backend.firstUse = false;
    return 'JavaScript';
  },
};

/** navigator.gpu from the `webgpu` package when the runtime has none; the adapter's name, if any. */
async function gpuAdapter(): Promise<string | undefined> {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator?.gpu) {
    const gpu = (await import('../webgpu/dawn.ts')).dawnGpu();
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  const adapter = await g.navigator!.gpu!.requestAdapter();
  if (!adapter) return undefined;
  return adapter.info?.description || adapter.info?.device || adapter.info?.vendor || 'adapter';
}

/**
 * Makes `name` (or the best available backend) tfjs's current backend. Throws when the named backend is not
 * available here; without a name, falls through the preference order.
 */
export async function useTfjsBackend(name?: string): Promise<ChosenBackend> {
  if (name !== undefined && !(TFJS_BACKENDS as readonly string[]).includes(name)) {
    throw new Error(`unknown tfjs backend '${name}' (known: ${TFJS_BACKENDS.join(', ')})`);
  }
  const candidates: readonly TfjsBackendName[] = name === undefined ? TFJS_BACKENDS : [name as TfjsBackendName];
  let why = '';
  for (const candidate of candidates) {
    const found = await LOADERS[candidate]().catch((e: Error) => {
      why = ` (${e.message})`;
      return undefined;
    });
    if (found === undefined) continue;
    if (await tf.setBackend(candidate)) {
      await tf.ready();
      return { name: candidate, description: `${candidate} (${found})` };
    }
  }
  throw new Error(
    name === undefined
      ? 'no tfjs backend could be initialized'
      : `the tfjs backend '${name}' is not available on this machine${why}`,
  );
}

/**
 * Resolves when tfjs's current backend has finished the work queued so far, copying nothing back: webgpu
 * batches commands, which must be submitted and finished; the other backends compute as ops are called.
 */
export async function settleBackend(): Promise<void> {
  const backend = tf.backend() as Partial<WebGPUBackend>;
  if (backend.device && backend.submitQueue) {
    backend.ensureCommandEncoderReady!();
    backend.endComputePassEncoder!();
    backend.submitQueue();
    await backend.device.queue.onSubmittedWorkDone();
  }
}
