// Matrix products that stay on XNNPACK's fast path on tfjs's wasm backend. There, only the untransposed
// product A·B is fast: measured on this machine ([2048×64]·[64×128]) A·B takes 4.4 ms, A·Bᵀ 33 ms and
// Aᵀ·B 66 ms, and tfjs's matMul gradient asks for exactly those two (dA = dY·Bᵀ, dB = Aᵀ·dY). Transposing
// explicitly first (a copy) and multiplying untransposed is 5–10× faster; it changes nothing on other backends
// but an extra copy.

import * as tf from '@tensorflow/tfjs-core';

const plain = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.matMul(a, b);

/** A · B for 2D tensors, with a gradient made of untransposed products. */
export const matMul2d = tf.customGrad(((a: tf.Tensor2D, b: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: plain(a, b),
    gradFunc: (dy: tf.Tensor2D, [sa, sb]: tf.Tensor[]) => [
      plain(dy, tf.transpose(sb as tf.Tensor2D)),
      plain(tf.transpose(sa as tf.Tensor2D), dy),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
