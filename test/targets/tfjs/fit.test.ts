// A small tfjs-layers model trained with model.fit and compiled optic programs (Lion, AdamW): the loss goes
// down; a model saved with its optimizer reloads (class found through tfjs's serialization registry) and
// continues training exactly as the original does; excluding biases from weight decay leaves them as with
// no decay at all.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfl from '@tensorflow/tfjs-layers';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { NO_DECAY_FOR_VECTORS, tfjsOptimizerClass, type OpticOptimizerOptions } from '../../../runtime/tfjs/index.ts';
import { programFile, rng, savedWithOptimizer } from './harness.ts';

let X: tf.Tensor2D;
let Y: tf.Tensor2D;
beforeAll(async () => {
  await useTfjsBackend('cpu');
  const r = rng(42);
  X = tf.tensor2d(
    Float32Array.from({ length: 64 * 4 }, () => r()),
    [64, 4],
  );
  Y = tf.tidy(() => tf.add(tf.matMul(X, tf.tensor2d([[0.5], [-1], [2], [0.25]])), 0.3)) as tf.Tensor2D;
});
afterAll(() => tf.disposeVariables());

function model(seed: number, optimizer: tf.Optimizer): tfl.Sequential {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 8,
        activation: 'tanh',
        inputShape: [4],
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  m.compile({ optimizer, loss: 'meanSquaredError' });
  return m;
}

async function fitFor(m: tfl.Sequential, epochs: number): Promise<number[]> {
  const h = await m.fit(X, Y, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
  return h.history.loss as number[];
}

const weights = async (m: tfl.LayersModel) => Promise.all(m.getWeights().map(async (w) => Array.from(await w.data())));

describe.each([
  ['lion', { hypers: { lr: 3e-3, λ: 0.1 } }],
  ['adamw', { hypers: { lr: 1e-2, λ: 0.01 } }],
] as const)('model.fit with programs/%s.opt', (name, options: OpticOptimizerOptions) => {
  const cls = tfjsOptimizerClass(programFile(`programs/${name}.opt`));

  it('lowers the loss', async () => {
    const losses = await fitFor(model(1, new cls(options)), 30);
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
  });

  it('saves with its optimizer, reloads, and continues identically', async () => {
    const original = model(2, new cls({ ...options, groups: [{ match: '*bias*', set: { λ: 0 } }] }));
    await fitFor(original, 3);
    const saved = await savedWithOptimizer(original);
    const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(saved));
    expect(reloaded.optimizer).toBeInstanceOf(cls);
    expect(reloaded.optimizer.iterations).toBe(original.optimizer.iterations);
    expect((reloaded.optimizer as InstanceType<typeof cls>).groups[0].match).toBe('*bias*');
    await fitFor(original, 2);
    await fitFor(reloaded as tfl.Sequential, 2);
    expect(await weights(reloaded)).toEqual(await weights(original));
  });
});

it('NO_DECAY_FOR_VECTORS leaves biases as they are with λ = 0', async () => {
  const cls = tfjsOptimizerClass(programFile('programs/lion.opt'));
  const excluded = model(5, new cls({ hypers: { lr: 1e-2, λ: 0.5 }, groups: [NO_DECAY_FOR_VECTORS('λ')] }));
  const none = model(5, new cls({ hypers: { lr: 1e-2, λ: 0 } }));
  const decayedEverywhere = model(5, new cls({ hypers: { lr: 1e-2, λ: 0.5 } }));
  // One step each: from the same start, the biases see the same gradients only before kernels diverge.
  for (const m of [excluded, none, decayedEverywhere])
    await m.fit(tf.slice(X, [0, 0], [16, 4]), tf.slice(Y, [0, 0], [16, 1]), { epochs: 1, batchSize: 16, verbose: 0 });
  const [e, n, d] = await Promise.all([excluded, none, decayedEverywhere].map(weights));
  expect(e[1]).toEqual(n[1]); // first bias
  expect(e[3]).toEqual(n[3]); // second bias
  expect(e[0]).toEqual(d[0]); // kernels are decayed as usual
  expect(e[0]).not.toEqual(n[0]);
});
