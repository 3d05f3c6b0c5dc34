// State across backends: N steps on one, the optimizer's weights saved (tfjs's getWeights(): `iter`, then
// `${variable}/${slot}`), loaded into a fresh optimizer elsewhere, M more steps ≈ N + M steps without the
// move. tfjs cpu → tfjs wasm through setWeights; tfjs cpu ↔ the WGSL runner through its getState/setState,
// with runtime/webgpu/state.ts converting to and from getWeights()'s list.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../compiler/ir.ts';
import { compareTensors, TOLERANCE } from '../../runtime/compare.ts';
import { mulberry32 } from '../../runtime/random.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { tfjsOptimizerClass } from '../../runtime/tfjs/index.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { WgslRunner } from '../../runtime/webgpu/runner.ts';
import { fromNamed, toNamed } from '../../runtime/webgpu/state.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';
import { leastSquares } from './problems.ts';
import { load, REPRESENTATIVE } from './settings.ts';

const [N, M] = [3, 4];
const random = mulberry32(11);
const GRADS = Array.from({ length: N + M }, () =>
  leastSquares.w0.map((t) => Float32Array.from(t, () => Math.fround(2 * random() - 1))),
);
const SIZES = leastSquares.w0.map((t) => t.length);

/** What moves between backends: the weights, and getWeights()'s list read to the host. */
interface Saved {
  w: Float32Array[];
  optimizer: { name: string; data: Float32Array | Int32Array; shape: number[] }[];
}

let gpu: Gpu | undefined;
let runs = 0;
beforeAll(async () => {
  gpu = await testGpu();
});
afterAll(() => gpu?.destroy());

/** Steps [from, to) of GRADS on tfjs's `backend`, starting from `saved` if given. */
async function tfjsRun(
  backend: 'cpu' | 'wasm',
  program: Program,
  from: number,
  to: number,
  saved?: Saved,
): Promise<Saved> {
  await useTfjsBackend(backend);
  const names = SIZES.map((_, t) => `state${runs}/v${t}`);
  runs++;
  const vars = SIZES.map((_, t) =>
    tf.tidy(() => tf.variable(tf.tensor1d(saved?.w[t] ?? Float32Array.from(leastSquares.w0[t])), true, names[t])),
  );
  const opt = new (tfjsOptimizerClass(program))();
  try {
    if (saved) {
      // A model reloaded under new variable names: the saved `${old}/${slot}` entries are renamed.
      const loaded = saved.optimizer.map((x) => ({
        name: x.name.replace(/^state\d+\/v(\d+)/, (_, t) => names[Number(t)]),
        tensor: tf.tensor(x.data, x.shape, x.name === 'iter' ? 'int32' : 'float32'),
      }));
      await opt.setWeights(loaded);
      tf.dispose(loaded.map((x) => x.tensor));
    }
    for (let s = from; s < to; s++) {
      const grads = GRADS[s].map((g, t) => ({ name: names[t], tensor: tf.tensor1d(g) }));
      opt.applyGradients(grads);
      tf.dispose(grads.map((x) => x.tensor));
    }
    const weights = await opt.getWeights();
    const optimizer = await Promise.all(
      weights.map(async (x) => ({
        name: x.name,
        data: (await x.tensor.data()) as Float32Array | Int32Array,
        shape: x.tensor.shape,
      })),
    );
    tf.dispose(weights.filter((x) => x.name === 'iter').map((x) => x.tensor));
    return { w: await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array)), optimizer };
  } finally {
    opt.dispose();
    tf.dispose(vars);
  }
}

/** The same on the WGSL runner, loading and saving getWeights()'s list (a model reloaded under new names). */
async function wgslRun(device: GPUDevice, program: Program, from: number, to: number, saved?: Saved): Promise<Saved> {
  const slots = program.signature.state;
  const params = SIZES.map((n, t) => ({ name: `state${runs}/v${t}`, shape: [n] }));
  runs++;
  const runner = await WgslRunner.create(device, program, { params, weights: leastSquares.w0, policy: 'ignore' });
  try {
    if (saved) {
      const { step, state } = fromNamed(slots, params, saved.optimizer);
      runner.setState({ step: step!, w: saved.w, state });
    }
    for (let s = from; s < to; s++) runner.step(GRADS[s]);
    const { w, ...rest } = await runner.getState();
    const optimizer = toNamed(slots, params, rest).map((x) => ({
      ...x,
      data: x.data as Float32Array | Int32Array,
      shape: [...x.shape],
    }));
    return { w, optimizer };
  } finally {
    runner.destroy();
  }
}

function expectClose(moved: Saved, straight: Saved, tol: { rtol: number; atol: number }): void {
  expect(compareTensors(straight.w, moved.w, tol), 'weights').toBeNull();
  const byName = (s: Saved) => new Map(s.optimizer.map((x) => [x.name.replace(/^state\d+\//, ''), x.data]));
  const [a, b] = [byName(straight), byName(moved)];
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [name, data] of a) expect(compareTensors([data], [b.get(name)!], tol), name).toBeNull();
}

describe.each(REPRESENTATIVE)('%s', (file) => {
  it(`tfjs cpu ${N} steps → wasm ${M} steps ≈ cpu ${N + M} steps`, async () => {
    const program = load(file);
    const straight = await tfjsRun('cpu', program, 0, N + M);
    const moved = await tfjsRun('wasm', program, N, N + M, await tfjsRun('cpu', program, 0, N));
    expectClose(moved, straight, TOLERANCE['tfjs-wasm']);
  });

  it(`tfjs cpu ${N} steps → WGSL ${M} steps, and WGSL ${N} → tfjs cpu ${M}, ≈ ${N + M} steps on either`, async (ctx) => {
    if (!gpu) return ctx.skip();
    const program = load(file);
    const cpu = await tfjsRun('cpu', program, 0, N + M);
    const gpuStraight = await wgslRun(gpu.device, program, 0, N + M);
    expectClose(await wgslRun(gpu.device, program, N, N + M, await tfjsRun('cpu', program, 0, N)), cpu, TOLERANCE.wgsl);
    expectClose(
      await tfjsRun('cpu', program, N, N + M, await wgslRun(gpu.device, program, 0, N)),
      gpuStraight,
      TOLERANCE.wgsl,
    );
  });
});
