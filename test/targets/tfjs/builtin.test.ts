// programs/tfjs/*.opt are tfjs's own seven optimizers written in optic, formulas matched to tfjs-core 4.22
// (ε placement, Adagrad's initial accumulator, Adadelta's use of the previous accumulator). Trained side by
// side with tf.train.* on the same small MLP and the same batches, they give the same weights after every
// one of 20 steps (rtol 1e-4, as optax checks its Adam against other libraries').

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsOptimizer } from '../../../runtime/tfjs/index.ts';
import { programFile, rng } from './harness.ts';

const CASES: { file: string; make: () => tf.Optimizer; hypers: Record<string, number> }[] = [
  { file: 'sgd', make: () => tf.train.sgd(0.05), hypers: { lr: 0.05 } },
  { file: 'momentum', make: () => tf.train.momentum(0.05, 0.8), hypers: { lr: 0.05, momentum: 0.8 } },
  {
    file: 'rmsprop',
    make: () => tf.train.rmsprop(0.01, 0.85, 0.5, 1e-7),
    hypers: { lr: 0.01, decay: 0.85, momentum: 0.5, ε: 1e-7 },
  },
  { file: 'adam', make: () => tf.train.adam(0.01, 0.8, 0.95, 1e-7), hypers: { lr: 0.01, β1: 0.8, β2: 0.95, ε: 1e-7 } },
  { file: 'adagrad', make: () => tf.train.adagrad(0.1, 0.2), hypers: { lr: 0.1, initial_accumulator: 0.2 } },
  {
    file: 'adamax',
    make: () => tf.train.adamax(0.02, 0.85, 0.99, 1e-7, 0.01),
    hypers: { lr: 0.02, β1: 0.85, β2: 0.99, ε: 1e-7, decay: 0.01 },
  },
  { file: 'adadelta', make: () => tf.train.adadelta(1, 0.9, 1e-7), hypers: { lr: 1, ρ: 0.9, ε: 1e-7 } },
];

const SHAPES = [[4, 8], [8], [8, 1], [1]];

function mlp(prefix: string, seed: number): tf.Variable[] {
  const r = rng(seed);
  return SHAPES.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.variable(
      tf.tensor(
        Float32Array.from({ length: size }, () => r(-0.7, 0.7)),
        shape,
      ),
      true,
      `${prefix}/v${i}`,
    );
  });
}

function loss([w1, b1, w2, b2]: tf.Variable[], x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.losses.meanSquaredError(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2)) as tf.Scalar;
}

describe.each(['cpu', 'wasm'] as const)('programs/tfjs vs tf.train on %s', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });
  afterAll(() => tf.disposeVariables());

  it.each(CASES)('$file', async ({ file, make, hypers }) => {
    const ours = tfjsOptimizer(programFile(`programs/tfjs/${file}.opt`), { hypers });
    const theirs = make();
    const a = mlp(`${backend}/${file}/optic`, 7);
    const b = mlp(`${backend}/${file}/tfjs`, 7);
    const r = rng(11);
    for (let step = 1; step <= 20; step++) {
      const x = tf.tensor2d(
        Float32Array.from({ length: 32 }, () => r()),
        [8, 4],
      );
      const y = tf.tensor2d(
        Float32Array.from({ length: 8 }, () => r()),
        [8, 1],
      );
      ours.minimize(() => loss(a, x, y), false, a);
      theirs.minimize(() => loss(b, x, y), false, b);
      tf.dispose([x, y]);
      for (let i = 0; i < a.length; i++) {
        const [got, want] = [await a[i].data(), await b[i].data()];
        for (let j = 0; j < got.length; j++) {
          if (Math.abs(got[j] - want[j]) > 1e-6 + 1e-4 * Math.abs(want[j])) {
            expect.fail(`step ${step}, variable ${i}, element ${j}: optic ${got[j]}, tf.train.${file} ${want[j]}`);
          }
        }
      }
    }
    // The weights moved: the comparison is not between two untouched models.
    expect(Math.abs((await a[0].data())[0] - rng(7)())).toBeGreaterThan(1e-4);
    ours.dispose();
    theirs.dispose();
    tf.dispose([...a, ...b]);
  });
});
