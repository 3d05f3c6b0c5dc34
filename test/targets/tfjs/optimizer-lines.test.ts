// The tfjs optimizer class (runtime/tfjs/optimizer.ts) with rows and cols state slots ([R, 1] and [1, C] for a
// variable [R, C]) beside a tensor slot: a saved state reloads and continues identically, a slot missing from
// it waits for the variable's first step (or is made like a present slot of its type), a slot of the wrong
// shape is refused with its type and expected shape, and loading leaves no tensor behind. On cpu.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsOptimizer } from '../../../runtime/tfjs/index.ts';
import { programOf } from './harness.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

/** A tensor slot m, then two rows slots and a cols slot. */
const LINES = programOf(
  `lr = 0.1

def train(w, g, m, vr, ur, vc):
    m = interpolate(g, m, 0.9)
    vr = interpolate(mean_rows(square(g)), vr, 0.9)
    ur = interpolate(mean_rows(abs(g)), ur, 0.5)
    vc = interpolate(mean_cols(square(g)), vc, 0.9)
    update = lr * m / sqrt(vr * vc + ur + 1e-8)
    return update, m, vr, ur, vc
`,
  'lines.opt',
);

let unique = 0;
const variable = () => tf.variable(tf.tensor([1, -2, 3, 0.5, -1, 2], [3, 2]), true, `ln${unique++}/w`);
const gradient = (v: tf.Variable, s: number) => [
  {
    name: v.name,
    tensor: tf.tensor(
      [0.5, -1, 2, 0.25, 1, -0.5].map((x) => x * (1 + s)),
      [3, 2],
    ),
  },
];
const named = (weights: { name: string; tensor: tf.Tensor }[], from: string, to: string) =>
  weights.map(({ name, tensor }) => ({ name: name.replace(from, to), tensor }));

describe('rows and cols state on the tfjs optimizer', () => {
  it('reload through getWeights/setWeights and continue identically', async () => {
    const [a, b] = [variable(), variable()];
    const first = tfjsOptimizer(LINES);
    for (let s = 0; s < 2; s++) first.applyGradients(gradient(a, s));
    const saved = await first.getWeights();
    expect(saved.map((w) => [w.name.replace(a.name, 'w'), w.tensor.shape])).toEqual([
      ['iter', []],
      ['w/m', [3, 2]],
      ['w/vr', [3, 1]],
      ['w/ur', [3, 1]],
      ['w/vc', [1, 2]],
    ]);
    b.assign(a);
    const second = tfjsOptimizer(LINES);
    await second.setWeights(named(saved, a.name, b.name));
    for (let s = 2; s < 4; s++) {
      first.applyGradients(gradient(a, s));
      second.applyGradients(gradient(b, s));
    }
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
  });

  it('a slot not saved: made like a present slot of its type, or at the first step when none is present', async () => {
    const [a, b] = [variable(), variable()];
    const first = tfjsOptimizer(LINES);
    first.applyGradients(gradient(a, 0));
    const saved = named(await first.getWeights(), a.name, b.name);
    const partial = saved.filter((w) => !w.name.endsWith('/ur') && !w.name.endsWith('/vc'));
    const opt = tfjsOptimizer(LINES);
    await opt.setWeights(partial);
    // ur is made at once, like vr (zeros [3, 1]); vc, the only cols slot, waits for the variable's first step.
    const before = await opt.getWeights();
    expect(before.map((w) => [w.name.replace(b.name, 'w'), w.tensor.shape])).toEqual([
      ['iter', []],
      ['w/m', [3, 2]],
      ['w/vr', [3, 1]],
      ['w/ur', [3, 1]],
    ]);
    expect(Array.from(await before[3].tensor.data())).toEqual([0, 0, 0]);
    opt.applyGradients(gradient(b, 1));
    const after = await opt.getWeights();
    expect(after.map((w) => [w.name.replace(b.name, 'w'), w.tensor.shape])).toEqual([
      ['iter', []],
      ['w/m', [3, 2]],
      ['w/vr', [3, 1]],
      ['w/ur', [3, 1]],
      ['w/vc', [1, 2]],
    ]);
  });

  it('a slot of the wrong shape is refused, naming its type and the shape it needs', async () => {
    const v = variable();
    const refused = async (slot: string, shape: number[]) => {
      const opt = tfjsOptimizer(LINES);
      await opt.setWeights([
        { name: 'iter', tensor: tf.scalar(0) },
        { name: `${v.name}/${slot}`, tensor: tf.zeros(shape) },
      ]);
      return () => opt.applyGradients(gradient(v, 0));
    };
    expect(await refused('m', [2, 3])).toThrow(
      new RegExp(
        `^setWeights: state slot 'm' of variable "${v.name}" has shape \\[2,3\\]; the variable has shape \\[3,2\\]$`,
      ),
    );
    expect(await refused('vr', [1, 3])).toThrow(
      `setWeights: state slot 'vr' of variable "${v.name}" has shape [1,3]; the variable has shape [3,2] (a rows slot: [3,1])`,
    );
    expect(await refused('vc', [2, 1])).toThrow(
      `setWeights: state slot 'vc' of variable "${v.name}" has shape [2,1]; the variable has shape [3,2] (a cols slot: [1,2])`,
    );
  });

  it('setWeights and dispose leave no tensor behind', async () => {
    const v = variable();
    const source = tfjsOptimizer(LINES);
    source.applyGradients(gradient(v, 0));
    const saved = (await source.getWeights()).filter((w) => !w.name.endsWith('/ur'));
    const count = tf.memory().numTensors;
    const opt = tfjsOptimizer(LINES);
    await opt.setWeights(saved);
    await opt.setWeights(saved);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(count);
  });
});
