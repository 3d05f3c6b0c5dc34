// Each model: logits of shape [batch, 10] for 28 × 28 images, its documented parameter count, weights that
// are a function of the seed; and the hand-written layers' gradients equal tfjs's own ops' gradients.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { conv2dSame } from '../../runtime/train/conv-layers.ts';
import { matMul2d } from '../../runtime/train/matmul.ts';
import { buildModel, MODELS } from '../../runtime/train/models.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

/** Parameter counts as documented in runtime/train/README.md (trainable + BatchNorm's moving statistics). */
const PARAMETERS = { mlp: 235146, cnn: 38378, vit: 71946, mixer: 57690 };
const IO = { height: 28, width: 28, classes: 10 };

describe.each(MODELS)('the %s', (name) => {
  it('maps [batch, 28, 28, 1] images to [batch, 10] logits, with its documented parameter count', () => {
    const model = buildModel(name, IO, 1);
    const logits = model.predict(tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 1)) as tf.Tensor;
    expect(logits.shape).toEqual([3, 10]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    expect(model.countParams()).toBe(PARAMETERS[name]);
    model.dispose();
  });

  it('draws its initial weights from the seed', () => {
    const weights = (seed: number) => {
      const m = buildModel(name, IO, seed);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    const a = weights(4);
    expect(weights(4)).toEqual(a);
    expect(weights(5)).not.toEqual(a);
  });
});

const gradients = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor, t: tf.Tensor) =>
  tf
    .grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), t)))([a, b])
    .map((g) => Array.from(g.dataSync()));

function expectAllClose(actual: number[][], expected: number[][], tol: number): void {
  actual.forEach((xs, i) =>
    xs.forEach((x, j) =>
      expect(Math.abs(x - expected[i][j]), `gradient ${i}[${j}]`).toBeLessThan(tol * (1 + Math.abs(expected[i][j]))),
    ),
  );
}

describe('hand-written gradients', () => {
  it('conv2dSame: value and gradients of tf.conv2d(x, w, 1, "same")', () => {
    for (const k of [1, 3, 5]) {
      const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 1);
      const w = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 2);
      const t = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 3);
      const reference = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same');
      const mine = (a: tf.Tensor, b: tf.Tensor) => conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D);
      expectAllClose([Array.from(mine(x, w).dataSync())], [Array.from(reference(x, w).dataSync())], 1e-5);
      expectAllClose(gradients(mine, x, w, t), gradients(reference, x, w, t), 1e-5);
    }
  });

  it('matMul2d: value and gradients of tf.matMul', () => {
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 4);
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 5);
    const t = tf.randomNormal([5, 3], 0, 1, 'float32', 6);
    const mine = (x: tf.Tensor, y: tf.Tensor) => matMul2d(x as tf.Tensor2D, y as tf.Tensor2D);
    expectAllClose(
      gradients(mine, a, b, t),
      gradients((x, y) => tf.matMul(x, y), a, b, t),
      1e-6,
    );
  });
});
