// Shared by train.mjs and resume.mjs: a tiny regression model, its data, and saving to / loading from a
// directory with @tensorflow/tfjs alone (its file:// handler is tfjs-node's): model.json + weights.bin.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** The program, in a file: `optic compile lion.opt --target tfjs -o lion.js` compiles it too. */
export const LION = readFileSync(new URL('./lion.opt', import.meta.url), 'utf8');

/** y = 2·x0 − 3·x1 + 1 on 64 fixed points. */
export function data() {
  const x = tf.tensor2d(
    Array.from({ length: 128 }, (_, i) => Math.sin(i * 1.7)),
    [64, 2],
  );
  const y = tf.tidy(() => x.matMul(tf.tensor2d([[2], [-3]])).add(1));
  return { x, y };
}

export function model() {
  const m = tf.sequential();
  const seeded = (seed) => tf.initializers.glorotUniform({ seed });
  m.add(tf.layers.dense({ units: 4, inputShape: [2], activation: 'tanh', kernelInitializer: seeded(1) }));
  m.add(tf.layers.dense({ units: 1, kernelInitializer: seeded(2) }));
  return m;
}

export async function trainFor(m, epochs) {
  const { x, y } = data();
  const h = await m.fit(x, y, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
  return h.history.loss;
}

export function saveTo(dir) {
  return tf.io.withSaveHandler(async (artifacts) => {
    const { weightData, ...json } = artifacts;
    writeFileSync(join(dir, 'weights.bin'), Buffer.from(weightData));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
}

export function loadFrom(dir) {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ ...json, weightData }));
}
