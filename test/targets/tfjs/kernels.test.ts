// The tfjs target's step, counted in tfjs kernels (tf.profile): structure, exact and deterministic, not time.
// A step of n variables issues a + b·n kernels; b, the kernels per variable, is what a compiled program must
// keep at or below tfjs's own optimizer's. Counted on cpu, whose kernels are the ops tfjs-core dispatches on
// every backend.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsOptimizer } from '../../../runtime/tfjs/index.ts';
import { programFile, programOf } from './harness.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

let unique = 0;
/** How many tensors each profiled step made from host values, in order. */
const uploads: number[] = [];

/** The kernels of the third applyGradients over `n` variables (a matrix, then vectors), by name. */
async function kernels(makeOptimizer: () => tf.Optimizer, n: number): Promise<string[]> {
  const id = unique++;
  const shapes = Array.from({ length: n }, (_, t) => (t === 0 ? [6, 5] : [5 + t]));
  const vars = shapes.map((s, t) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', t + 1), true, `k${id}/v${t}`));
  const grads = vars.map((v, t) => ({ name: v.name, tensor: tf.randomNormal(v.shape, 0, 1, 'float32', 10 + t) }));
  const optimizer = makeOptimizer();
  optimizer.applyGradients(grads);
  optimizer.applyGradients(grads);
  const before = tf.memory().numTensors;
  const made = vi.spyOn(tf.engine(), 'makeTensor'); // tensors from host values (tf.scalar), not kernel outputs
  const info = await tf.profile(() => optimizer.applyGradients(grads));
  uploads.push(made.mock.calls.length);
  made.mockRestore();
  expect(tf.memory().numTensors).toBe(before); // nothing allocated per step survives it
  optimizer.dispose();
  tf.dispose([...vars, ...grads.map((g) => g.tensor)]);
  return info.kernels.map((k) => k.name);
}

/** Kernels per step as `a + b·n` for n variables (exact: measured at two model sizes, checked at a third). */
async function cost(makeOptimizer: () => tf.Optimizer): Promise<{ fixed: number; perVariable: number }> {
  const one = await kernels(makeOptimizer, 1);
  const three = await kernels(makeOptimizer, 3);
  const four = await kernels(makeOptimizer, 4);
  const perVariable = (three.length - one.length) / 2;
  expect(four.length - three.length).toBe(perVariable);
  return { fixed: one.length - perVariable, perVariable };
}

const compiled = (file: string) => () => tfjsOptimizer(programFile(file));

describe('kernels per step of the tfjs target', () => {
  it('the compiled Adam issues no more kernels per variable, nor per step, than tf.train.adam', async () => {
    const ours = await cost(compiled('programs/tfjs/adam.opt'));
    const theirs = await cost(() => tf.train.adam(0.001));
    expect(ours.perVariable).toBeLessThanOrEqual(theirs.perVariable);
    expect(ours.fixed).toBeLessThanOrEqual(theirs.fixed);
  });

  it('the compiled Lion issues no more kernels per step than the compiled AdamW', async () => {
    const lion = await cost(compiled('programs/lion.opt'));
    const adamw = await cost(compiled('programs/adamw.opt'));
    expect(lion.perVariable).toBeLessThanOrEqual(adamw.perVariable);
    expect(lion.fixed).toBeLessThanOrEqual(adamw.fixed);
  });

  // The exact counts (the w − update subtraction included), so that any kernel added to these steps is seen:
  // Adam m (3), v (4), two bias corrections, √, + ε, ÷, × lr; AdamW adds λ·w and +; Lion m̂, c (3), sign (3:
  // two exact scalings and tanh), λ·w, +, × lr, m (3).
  it.each([
    ['programs/tfjs/adam.opt', 14],
    ['programs/adamw.opt', 16],
    ['programs/lion.opt', 14],
  ])('%s: %i kernels per variable, none per step, no clone, no tiling, no scalar made', async (file, perVariable) => {
    expect(await cost(compiled(file))).toEqual({ fixed: 0, perVariable });
    const names = await kernels(compiled(file), 2);
    expect(names.filter((k) => ['Identity', 'Tile', 'Cast', 'Select'].includes(k))).toEqual([]);
    // Hyperparameters, bias corrections that round to the same float32 and constants are last step's tensors;
    // with constant hyperparameters only the bias corrections change: 2 for Adam and AdamW, 1 for Lion.
    expect(uploads.at(-1)).toBe(file === 'programs/lion.opt' ? 1 : 2);
  });

  it("never tiles a scalar to a tensor's shape: max, clip and a power with a run-time exponent", async () => {
    const program = programOf('def train(w, g):\n    update = lr * clip(max(g, ε), c) ** q\n    return update\n');
    const hypers = { lr: 0.1, ε: 0.01, c: 0.5, q: 1.5 };
    const names = await kernels(() => tfjsOptimizer(program, { hypers }), 2);
    expect(names.filter((k) => ['Identity', 'Tile'].includes(k))).toEqual([]);
  });
});
