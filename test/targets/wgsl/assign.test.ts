// A variable assigned between steps (model.setWeights, a checkpoint restored, weights averaged by hand): the
// fused step keeps its own packed copy of the weights on the GPU, so it must notice the new value and step from
// it, not from the copy it wrote last. tfjs's Variable.assign gives the variable a new data id; the kernel's
// own writes keep it.

import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile } from '../../../compiler/compile.ts';
import { WgslOptimizer } from '../../../runtime/webgpu/optimizer.ts';
import { releaseTfjsWebgpu, useTfjsWebgpu } from './tfjs-webgpu.ts';

const available = await useTfjsWebgpu('the assigned-variable tests');
afterAll(() => {
  tf.disposeVariables();
  if (available) releaseTfjsWebgpu();
});

describe.skipIf(!available)('a variable assigned between fused steps', () => {
  it('steps from the assigned value, for the variable assigned and no other', async () => {
    // w ← w − g, and a state slot counting the steps: the state stays the kernel's own.
    const source = 'def train(w, g, n):\n    n = n + 1\n    update = g\n    return update, n\n';
    const program = compile(source, 'plain.opt').program!;
    const a = tf.variable(tf.tensor1d([1, 2, 3]), true, 'assigned_a');
    const b = tf.variable(tf.tensor1d([10, 20]), true, 'assigned_b');
    const fused = new WgslOptimizer(program);
    const step = () => fused.applyGradients({ assigned_a: tf.tensor1d([1, 1, 1]), assigned_b: tf.tensor1d([1, 1]) });
    step();
    expect(Array.from(await a.data())).toEqual([0, 1, 2]);
    a.assign(tf.tensor1d([100, 200, 300]));
    step();
    expect(Array.from(await a.data())).toEqual([99, 199, 299]);
    expect(Array.from(await b.data())).toEqual([8, 18]);
    step();
    expect(Array.from(await a.data())).toEqual([98, 198, 298]);
    const weights = await fused.getWeights();
    const n = weights.find((w) => w.name === 'assigned_a/n')!;
    expect(Array.from(await n.tensor.data())).toEqual([3, 3, 3]);
    fused.dispose();
  });
});
