// Choosing the tfjs backend (runtime/tfjs/backends.ts): the tensorflow backend comes from the optional
// dependencies @tensorflow/tfjs-node-gpu and @tensorflow/tfjs-node, usually absent or installed without their
// native library (npm ci here drops them: libtensorflow cannot be downloaded). Asking for it by name must
// then say why, without leaving half-registered kernels behind; asking for none falls back to the others.

import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_BACKENDS, useTfjsBackend } from '../../../runtime/tfjs/backends.ts';

describe('useTfjsBackend', () => {
  it('names tensorflow where tfjs-node loads, and otherwise says why it is not available', async () => {
    const outcome = await useTfjsBackend('tensorflow').then(
      (b) => b.name as string,
      (e: Error) => e.message,
    );
    if (outcome === 'tensorflow') return; // a machine with the native library: nothing to explain
    // Each package's reason follows from what npm put in node_modules: absent (npm ci without install scripts
    // drops a failed optional dependency), or present without the native library its install script fetches.
    const why = (pkg: string) =>
      existsSync(`node_modules/${pkg}`)
        ? `${pkg}: installed without its native library (its install script did not run or failed)`
        : `${pkg}: not installed`;
    expect(outcome).toBe(
      `the tfjs backend 'tensorflow' is not available on this machine (${why('@tensorflow/tfjs-node-gpu')}; ${why('@tensorflow/tfjs-node')})`,
    );
    expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
  });

  it('falls back to a backend this machine has when none is named', async () => {
    const chosen = await useTfjsBackend();
    expect(TFJS_BACKENDS).toContain(chosen.name);
    expect(tf.getBackend()).toBe(chosen.name);
    expect(chosen.description).toMatch(new RegExp(`^${chosen.name} \\(.+\\)$`));
  });

  it('rejects an unknown name, listing the known ones', async () => {
    await expect(useTfjsBackend('tpu')).rejects.toThrow(
      "unknown tfjs backend 'tpu' (known: tensorflow, wasm, webgpu, cpu)",
    );
  });
});
