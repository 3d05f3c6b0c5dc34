// The tfjs optimizer class (runtime/tfjs/optimizer.ts) given a step without any gradient (every one null, as
// tfjs passes for a variable the loss does not reach): the step is counted, nothing moves, and state loaded by
// setWeights still waits for the variables' first real step, where a reloaded model's renamed variables take
// it by position. On cpu.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsOptimizer } from '../../../runtime/tfjs/index.ts';
import { programFile } from './harness.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const ADAM = programFile('programs/adam.opt');
let unique = 0;
const variable = () => tf.variable(tf.tensor([1, -2, 3]), true, `ns${unique++}/w`);
const gradient = (v: tf.Variable, s: number) => ({ [v.name]: tf.tensor([0.5, -1, 2].map((x) => x * (1 + s))) });

describe('a step without gradients', () => {
  it('is counted and moves nothing', async () => {
    const v = variable();
    const opt = tfjsOptimizer(ADAM, { hypers: { lr: 0.1 } });
    opt.applyGradients(gradient(v, 0));
    const before = Array.from(await v.data());
    opt.applyGradients({ [v.name]: null } as unknown as tf.NamedTensorMap);
    expect(opt.iterations).toBe(2);
    expect(Array.from(await v.data())).toEqual(before);
  });

  it('leaves loaded state for the first real step, which renamed variables take by position', async () => {
    const [a, b, c] = [variable(), variable(), variable()];
    const saver = tfjsOptimizer(ADAM, { hypers: { lr: 0.1 } });
    for (let s = 0; s < 2; s++) saver.applyGradients(gradient(a, s));
    const saved = await saver.getWeights();
    // b: loaded, then a step with no gradient, then the first real step; c: loaded, then the real step.
    const [withNull, direct] = [
      tfjsOptimizer(ADAM, { hypers: { lr: 0.1 } }),
      tfjsOptimizer(ADAM, { hypers: { lr: 0.1 } }),
    ];
    await withNull.setWeights(saved);
    await direct.setWeights(saved);
    withNull.applyGradients({ [b.name]: null } as unknown as tf.NamedTensorMap);
    direct.setStep(4);
    withNull.applyGradients(gradient(b, 2));
    direct.applyGradients(gradient(c, 2));
    expect(Array.from(await b.data())).toEqual(Array.from(await c.data()));
    // And it is not what a fresh state gives.
    const fresh = variable();
    const freshOpt = tfjsOptimizer(ADAM, { hypers: { lr: 0.1 } });
    freshOpt.setStep(4);
    freshOpt.applyGradients(gradient(fresh, 2));
    expect(Array.from(await b.data())).not.toEqual(Array.from(await fresh.data()));
  });
});
