// The tfjs optimizer class (runtime/tfjs/optimizer.ts) at the edges of its contract that optimizer.test.ts
// leaves: setStep's range, the class name, keepUpdates off by default, state never trainable, setWeights'
// refusals and its zeros for a slot not saved, state matched partly by name and partly by position, and no
// tensor left behind by setWeights or dispose. On cpu.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsOptimizer, tfjsOptimizerClass } from '../../../runtime/tfjs/index.ts';
import { checkStepNumber } from '../../../runtime/tfjs/optimizer.ts';
import { programFile, programOf } from './harness.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const ADAM = programFile('programs/adam.opt');
const SGD = programOf('def train(w, g):\n    update = lr * g\n    return update\n', 'plain_sgd.opt');
let unique = 0;
const variable = (shape: number[], fill = 1) => tf.variable(tf.fill(shape, fill), true, `st${unique++}/v`);
const gradient = (v: tf.Variable, value = 0.5) => ({ name: v.name, tensor: tf.fill(v.shape, value) });

describe('the optimizer class', () => {
  it('setStep takes the integers 1 to 2^53 − 1 only', () => {
    for (const step of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53])
      expect(() => checkStepNumber(step)).toThrow(
        `setStep: the step counter must be an integer from 1 to 2^53 - 1, got ${step}`,
      );
    for (const step of [1, 2, 2 ** 53 - 1]) expect(() => checkStepNumber(step)).not.toThrow();
    const opt = tfjsOptimizer(SGD);
    expect(() => opt.setStep(0)).toThrow(/got 0/);
    opt.setStep(2 ** 40);
    expect(opt.iterations).toBe(2 ** 40 - 1);
  });

  it('is named after its program, and keeps no updates unless asked', () => {
    const cls = tfjsOptimizerClass(SGD);
    expect(cls.className).toBe('OpticPlainSgd');
    expect(cls.className).toBe(cls.program.className);
    const v = variable([3]);
    const opt = new cls({ hypers: { lr: 0.1 } });
    expect(opt.keepUpdates).toBe(false);
    opt.applyGradients([gradient(v)]);
    expect(opt.lastUpdates.size).toBe(0);
  });

  it('state variables, made or loaded, are never trainable', async () => {
    const v = variable([2]);
    const made = tfjsOptimizer(ADAM);
    made.applyGradients([gradient(v)]);
    expect(made.slots.get(v.name)!.map((s) => s.trainable)).toEqual([false, false]);
    const loaded = tfjsOptimizer(ADAM);
    await loaded.setWeights([
      { name: 'iter', tensor: tf.scalar(1, 'int32') },
      { name: `${v.name}/m`, tensor: tf.ones([2]) },
    ]);
    expect(loaded.slots.get(v.name)!.map((s) => s.trainable)).toEqual([false, false]);
  });

  it('applyGradients with no gradient counts a step and changes nothing', async () => {
    const v = variable([2], 3);
    const opt = tfjsOptimizer(ADAM);
    opt.applyGradients({});
    expect(opt.iterations).toBe(1);
    expect(opt.slots.size).toBe(0);
    expect(Array.from(await v.data())).toEqual([3, 3]);
    // Nothing is computed either: no value is asked for (lr has none yet).
    const unset = tfjsOptimizer(SGD);
    unset.applyGradients([]);
    expect(unset.iterations).toBe(1);
  });

  it("keeps only the last step's updates when asked to keep them", async () => {
    const v = variable([2]);
    const g = [gradient(v)];
    const before = tf.memory().numTensors;
    const opt = tfjsOptimizer(SGD, { hypers: { lr: 0.1 }, keepUpdates: true });
    opt.applyGradients(g);
    const once = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) opt.applyGradients(g);
    expect(tf.memory().numTensors).toBe(once);
    expect(Array.from(await opt.lastUpdates.get(v.name)!.data())).toEqual([0.05, 0.05].map(Math.fround));
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('setWeights', () => {
  const iter = () => ({ name: 'iter', tensor: tf.scalar(4, 'int32') });

  it('refuses an entry that is not <variable>/<slot> with a slot of the program, listing its slots', async () => {
    const adam = tfjsOptimizer(ADAM);
    for (const name of ['m', 'dense', 'dense/s'])
      await expect(adam.setWeights([iter(), { name, tensor: tf.ones([2]) }])).rejects.toThrow(
        `setWeights: ${JSON.stringify(name)} is not '<variable>/<slot>' with a slot of "programs/adam.opt" (m, v)`,
      );
    await expect(tfjsOptimizer(SGD).setWeights([iter(), { name: 'dense/m', tensor: tf.ones([2]) }])).rejects.toThrow(
      `setWeights: "dense/m" is not '<variable>/<slot>' with a slot of "plain_sgd.opt" (it has none)`,
    );
  });

  it('refuses slots of one variable that differ in shape', async () => {
    const adam = tfjsOptimizer(ADAM);
    await expect(
      adam.setWeights([iter(), { name: 'x/m', tensor: tf.ones([2, 2]) }, { name: 'x/v', tensor: tf.ones([4]) }]),
    ).rejects.toThrow('setWeights: the slots of "x" differ in shape');
  });

  it('starts a slot not saved at zero, of the saved slot’s shape', async () => {
    const v = variable([2, 2]);
    const opt = tfjsOptimizer(ADAM);
    await opt.setWeights([iter(), { name: `${v.name}/m`, tensor: tf.fill([2, 2], 0.25) }]);
    const [m, s] = opt.slots.get(v.name)!;
    expect(Array.from(await m.data())).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(s.shape).toEqual([2, 2]);
    expect(Array.from(await s.data())).toEqual([0, 0, 0, 0]);
    opt.applyGradients([gradient(v)]);
    expect(opt.iterations).toBe(5);
  });

  it('gives state no name claims, in order, to the variables no name matched', async () => {
    // a keeps its name; b was renamed c: c takes b's state, a keeps its own.
    const [a, c] = [variable([2]), variable([2])];
    const opt = tfjsOptimizer(ADAM);
    await opt.setWeights([
      iter(),
      { name: `${a.name}/m`, tensor: tf.fill([2], 0.5) },
      { name: 'old/b/m', tensor: tf.fill([2], 0.75) },
    ]);
    const [am, cm] = [opt.slots.get(a.name)![0], opt.slots.get('old/b')![0]];
    opt.applyGradients([gradient(a, 0), gradient(c, 0)]);
    expect(opt.slots.get(a.name)![0]).toBe(am);
    expect(opt.slots.get(c.name)![0]).toBe(cm);
    expect(opt.slots.has('old/b')).toBe(false);
    // m ← β₁·m + (1 − β₁)·0: the loaded values decayed, not zeros.
    expect((await cm.data())[0]).toBeCloseTo(0.75 * 0.9, 6);
  });

  it('leaves no tensor behind: replaced state and dispose release theirs', async () => {
    const v = variable([3]);
    const g = [gradient(v)];
    const before = tf.memory().numTensors;
    const opt = tfjsOptimizer(ADAM);
    const state = [
      iter(),
      { name: `${v.name}/m`, tensor: tf.ones([3]) },
      { name: `${v.name}/v`, tensor: tf.ones([3]) },
    ];
    await opt.setWeights(state);
    opt.applyGradients(g);
    const once = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      await opt.setWeights(state);
      opt.applyGradients(g);
    }
    expect(tf.memory().numTensors).toBe(once);
    opt.dispose();
    tf.dispose(state.map((x) => x.tensor));
    expect(tf.memory().numTensors).toBe(before);
  });
});
