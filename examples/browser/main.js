// The browser example: a small dense net trained on synthetic data with Lion, first by the module
// `optic compile --target tfjs` wrote (./lion.js, which imports only tfjs-core), then, on tfjs's webgpu backend,
// by the fused WGSL kernel `optic compile --target wgsl --format json` wrote (./lion.kernel.json), run by
// KernelOptimizer from 'optic/kernel': no optic compiler in the page.
// Each step's loss goes to the page; `window.opticResult` holds it all for a test to read. tfjs comes in its
// parts (core, layers, the cpu and webgpu backends: what this repository installs); a project may import
// '@tensorflow/tfjs' instead, which holds the first three, plus '@tensorflow/tfjs-backend-webgpu'.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { KernelOptimizer, readKernel } from 'optic/kernel';
import Lion from './lion.js';
import lionKernel from './lion.kernel.json';

const EXAMPLES = 128;
const FEATURES = 8;
const STEPS = 10; // full-batch steps: each step's loss is the whole set's
const HYPERS = { lr: 0.02, λ: 0.01 };

const log = (line) => {
  document.getElementById('log').textContent += `${line}\n`;
};

/** tfjs's backend: the one `?backend=` names, else webgpu when the browser has an adapter, else cpu. */
async function chooseBackend() {
  const wanted = new URLSearchParams(location.search).get('backend');
  for (const name of wanted ? [wanted] : ['webgpu', 'cpu']) {
    if (name === 'webgpu' && !(await navigator.gpu?.requestAdapter())) continue;
    if (await tf.setBackend(name)) return name;
  }
  throw new Error(`tfjs backend '${wanted}' is not available in this browser`);
}

/** Inputs and targets of a fixed random linear map plus a bend, the same on every run. */
function data() {
  const x = tf.randomNormal([EXAMPLES, FEATURES], 0, 1, 'float32', 1);
  const w = tf.randomNormal([FEATURES, 1], 0, 1, 'float32', 2);
  const y = tf.tidy(() => tf.add(tf.matMul(x, w), tf.square(tf.slice(x, [0, 0], [EXAMPLES, 1]))));
  w.dispose();
  return { x, y };
}

function model() {
  const m = tfl.sequential();
  const kernelInitializer = () => tfl.initializers.glorotUniform({ seed: 3 });
  m.add(
    tfl.layers.dense({ inputShape: [FEATURES], units: 16, activation: 'relu', kernelInitializer: kernelInitializer() }),
  );
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: kernelInitializer() }));
  return m;
}

/** Trains a fresh model with `optimizer`; returns the loss of every step and the time they took. */
async function train(name, optimizer, { x, y }) {
  const m = model();
  m.compile({ optimizer, loss: 'meanSquaredError' });
  const losses = [];
  const onBatchEnd = (_, logs) => {
    losses.push(logs.loss);
    log(`${name} step ${losses.length}: loss ${logs.loss.toFixed(4)}`);
  };
  const started = performance.now();
  await m.fit(x, y, { batchSize: EXAMPLES, epochs: STEPS, shuffle: false, callbacks: { onBatchEnd } });
  const seconds = (performance.now() - started) / 1000;
  m.dispose();
  log(`${name}: ${STEPS} steps in ${seconds.toFixed(1)} s`);
  return { optimizer: name, className: optimizer.getClassName(), losses, seconds };
}

async function main() {
  const backend = await chooseBackend();
  log(`tfjs backend: ${backend}`);
  const set = data();
  const runs = [await train('compiled module', new Lion({ hypers: HYPERS }), set)];
  if (backend === 'webgpu') {
    runs.push(await train('WGSL kernel', new KernelOptimizer(readKernel(lionKernel), { hypers: HYPERS }), set));
  } else log('WGSL kernel: skipped (it runs on the webgpu backend only)');
  return { backend, runs };
}

main().then(
  (result) => {
    window.opticResult = { done: true, ...result };
  },
  (e) => {
    log(`error: ${e.message}`);
    window.opticResult = { done: true, error: String(e.stack ?? e) };
  },
);
