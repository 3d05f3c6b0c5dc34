// runtime/tfjs/backends.ts beyond backends.test.ts: what each backend is described as, why a missing tfjs-node
// is missing, the cpu backend's banner silenced, and settleBackend submitting webgpu's queued commands (and
// touching nothing on the other backends). Where a package is installed or an adapter exists, the checks that
// need its absence or presence say so and are skipped, never passed.

import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { settleBackend, useTfjsBackend } from '../../../runtime/tfjs/backends.ts';

const require = createRequire(import.meta.url);
afterAll(async () => {
  await useTfjsBackend('cpu');
});

const resolvable = (pkg: string) => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

// Tried once, at load; whether it must succeed is a test of its own (inside a test, so that a failure counts).
let gpuError = '';
const gpu = await useTfjsBackend('webgpu').then(
  (b) => b,
  (e: Error) => void (gpuError = e.message),
);

describe('the tfjs backends', () => {
  it('include webgpu where there is an adapter, as there must be in CI', () => {
    if (process.env.CI) expect(gpuError).toBe('');
    expect(gpu === undefined).toBe(gpuError !== '');
  });

  it.skipIf(resolvable('@tensorflow/tfjs-node-gpu') || resolvable('@tensorflow/tfjs-node'))(
    'say that tfjs-node is not installed when it is not',
    async () => {
      // As tfjs-node registers its kernels before loading its native library: a failed import must take them back.
      tf.registerKernel({ kernelName: 'OpticHalfRegistered', backendName: 'tensorflow', kernelFunc: () => [] });
      expect(tf.getKernelsForBackend('tensorflow')).toHaveLength(1);
      await expect(useTfjsBackend('tensorflow')).rejects.toThrow(
        "the tfjs backend 'tensorflow' is not available on this machine (@tensorflow/tfjs-node-gpu: not installed; " +
          '@tensorflow/tfjs-node: not installed)',
      );
      // The failed imports leave nothing of the tensorflow backend behind, and the next backend loads.
      expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
      expect((await useTfjsBackend('cpu')).name).toBe('cpu');
    },
  );

  it('describe wasm, cpu and webgpu by what runs them', async () => {
    expect(await useTfjsBackend('wasm')).toEqual({ name: 'wasm', description: 'wasm (XNNPACK)' });
    expect(tf.getBackend()).toBe('wasm');
    expect(await useTfjsBackend('cpu')).toEqual({ name: 'cpu', description: 'cpu (JavaScript)' });
    expect(tf.getBackend()).toBe('cpu');
    if (!gpu) return;
    const adapter = await navigator.gpu.requestAdapter();
    const name = adapter?.info?.description || adapter?.info?.device || adapter?.info?.vendor || 'adapter';
    expect(await useTfjsBackend('webgpu')).toEqual({ name: 'webgpu', description: `webgpu (${name})` });
    expect(tf.getBackend()).toBe('webgpu');
  });

  it("silence the cpu backend's first-use banner, and only that", async () => {
    await useTfjsBackend('cpu');
    expect((tf.findBackend('cpu') as { firstUse?: boolean }).firstUse).toBe(false);
  });

  it.skipIf(!gpu)('settle webgpu: the queued commands are submitted and finished', async () => {
    await useTfjsBackend('webgpu');
    const backend = tf.backend() as unknown as {
      submitQueue(): void;
      device: GPUDevice;
    };
    const calls: string[] = [];
    const submit = backend.submitQueue.bind(backend);
    const queue = backend.device.queue;
    const done = queue.onSubmittedWorkDone.bind(queue);
    backend.submitQueue = () => {
      calls.push('submit');
      submit();
    };
    const wait = Object.getOwnPropertyDescriptor(queue, 'onSubmittedWorkDone');
    Object.defineProperty(queue, 'onSubmittedWorkDone', {
      value: () => {
        calls.push('wait');
        return done();
      },
      configurable: true,
    });
    try {
      const x = tf.add(tf.ones([4]), 1);
      await settleBackend();
      expect(calls).toEqual(['submit', 'wait']);
      x.dispose();
    } finally {
      delete (backend as { submitQueue?: unknown }).submitQueue;
      if (wait) Object.defineProperty(queue, 'onSubmittedWorkDone', wait);
      else delete (queue as { onSubmittedWorkDone?: unknown }).onSubmittedWorkDone;
    }
  });

  it('settle the other backends at once', async () => {
    for (const name of ['cpu', 'wasm']) {
      await useTfjsBackend(name);
      const x = tf.add(tf.ones([4]), 1);
      await settleBackend();
      expect(Array.from(x.dataSync())).toEqual([2, 2, 2, 2]);
      x.dispose();
    }
  });
});
