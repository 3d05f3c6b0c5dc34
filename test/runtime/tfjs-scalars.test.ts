// runtime/tfjs/scalars.ts on its own: a position's scalar tensor is kept while its float32 value stays the
// same (−0 and 0 differ, NaN equals NaN), replaced and disposed when it changes, and disposed when fewer
// values are taken or the pool is disposed. On cpu.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { ScalarPool } from '../../runtime/tfjs/scalars.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});

describe('ScalarPool', () => {
  it('nests the scalars as given, with the float32 values', () => {
    const pool = new ScalarPool(tf);
    const [a, b] = pool.take([[[1, 0.1], [2]], [[3]]]);
    expect(a.map((row) => row.map((s) => s.dataSync()[0]))).toEqual([[1, Math.fround(0.1)], [2]]);
    expect(b[0][0].dataSync()[0]).toBe(3);
    expect(a[0][0].shape).toEqual([]);
    pool.dispose();
  });

  it('keeps a tensor while its float32 value stays, and replaces it when the value changes', () => {
    const before = tf.memory().numTensors;
    const pool = new ScalarPool(tf);
    const first = pool.take([[[0.5, 0.1, NaN, 0]]])[0][0];
    expect(tf.memory().numTensors).toBe(before + 4);
    // 0.1 + 1e-12 rounds to the same float32; NaN is NaN; 0 becomes −0, 0.5 becomes 0.75.
    const second = pool.take([[[0.75, 0.1 + 1e-12, NaN, -0]]])[0][0];
    expect(second[1]).toBe(first[1]);
    expect(second[2]).toBe(first[2]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[3]).not.toBe(first[3]);
    expect(Object.is(second[3].dataSync()[0], -0)).toBe(true);
    expect(first[0].isDisposed && first[3].isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 4);
    pool.dispose();
  });

  it('disposes what a shorter take leaves over, and everything on dispose', () => {
    const before = tf.memory().numTensors;
    const pool = new ScalarPool(tf);
    const all = pool.take([[[1, 2, 3]], [[4]]]);
    expect(tf.memory().numTensors).toBe(before + 4);
    const fewer = pool.take([[[1, 2]]]);
    expect(fewer[0][0][1]).toBe(all[0][0][1]);
    expect(all[0][0][2].isDisposed && all[1][0][0].isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 2);
    pool.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const again = pool.take([[[1]]]);
    expect(again[0][0][0].isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before + 1);
    pool.dispose();
  });

  it('keeps its tensors through a tf.tidy around take', () => {
    const pool = new ScalarPool(tf);
    let kept: tf.Scalar | undefined;
    tf.tidy(() => {
      kept = pool.take([[[7]]])[0][0][0]; // not returned: the tidy disposes it unless it was kept
    });
    if (!kept) throw new Error('no scalar');
    expect(kept.isDisposed).toBe(false);
    expect(pool.take([[[7]]])[0][0][0]).toBe(kept);
    pool.dispose();
  });
});
