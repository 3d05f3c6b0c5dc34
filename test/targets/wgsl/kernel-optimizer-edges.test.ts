// KernelOptimizer (runtime/webgpu/kernel-optimizer.ts) at its edges, on tfjs's webgpu backend: the generic
// class without a kernel, the refusals of a step (int32 gradients, no gradients, other variables), variables
// sharing data or read between steps, and what dispose drops. Split from optimizer.test.ts (training there).

import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile } from '../../../compiler/compile.ts';
import { KernelOptimizer } from '../../../runtime/webgpu/kernel-optimizer.ts';
import { WgslOptimizer } from '../../../runtime/webgpu/optimizer.ts';
import { releaseTfjsWebgpu, useTfjsWebgpu } from './tfjs-webgpu.ts';

const available = await useTfjsWebgpu('the tfjs-webgpu tests');
afterAll(() => {
  tf.disposeVariables();
  if (available) releaseTfjsWebgpu();
});

describe('KernelOptimizer without a kernel of its own', () => {
  it("the generic class is 'OpticWgslOptimizer', and its fromConfig says it has no kernel", () => {
    expect(KernelOptimizer.className).toBe('OpticWgslOptimizer');
    expect(() =>
      KernelOptimizer.fromConfig(
        KernelOptimizer as unknown as tf.serialization.SerializableConstructor<KernelOptimizer>,
        {},
      ),
    ).toThrow('OpticWgslOptimizer.fromConfig: the class has no kernel (kernelOptimizerClass makes one)');
  });
});

describe.skipIf(!available)("KernelOptimizer's steps at their edges", () => {
  const PLAIN = compile('def train(w, g, n):\n    n = n + 1\n    update = g\n    return update, n\n', 'plain.opt')
    .program!;

  it('an int32 gradient is refused, naming its variable', () => {
    const w = tf.variable(tf.zeros([2]), true, 'edge_int_w');
    const fused = new WgslOptimizer(PLAIN);
    const g = tf.tensor1d([1, 2], 'int32');
    expect(() => fused.applyGradients({ edge_int_w: g })).toThrow(
      'applyGradients: "edge_int_w" is int32; the WGSL kernel is float32',
    );
    fused.dispose();
    [w, g].forEach((t) => t.dispose());
  });

  it('a call without gradients counts the step and starts nothing; the next step still takes any variables', async () => {
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'edge_empty_w');
    const fused = new WgslOptimizer(PLAIN);
    fused.applyGradients({});
    expect(fused.iterations).toBe(1);
    expect((await fused.getWeights()).map((x) => x.name)).toEqual(['iter']);
    const g = tf.tensor1d([1, 1]);
    fused.applyGradients({ edge_empty_w: g });
    expect(Array.from(await w.data())).toEqual([0, 1]);
    expect(fused.iterations).toBe(2);
    fused.dispose();
    [w, g].forEach((t) => t.dispose());
  });

  it('every step must update the same variables; a variable read between steps shows each new value', async () => {
    const a = tf.variable(tf.tensor1d([1, 2]), true, 'edge_same_a');
    const b = tf.variable(tf.tensor1d([5]), true, 'edge_same_b');
    const fused = new WgslOptimizer(PLAIN);
    const ga = tf.tensor1d([1, 1]);
    const gb = tf.tensor1d([1]);
    fused.applyGradients({ edge_same_a: ga, edge_same_b: gb });
    expect(Array.from(await a.data())).toEqual([0, 1]);
    fused.applyGradients({ edge_same_a: ga, edge_same_b: gb });
    expect(Array.from(await a.data())).toEqual([-1, 0]);
    const other = tf.variable(tf.tensor1d([7]), true, 'edge_same_c');
    expect(() => fused.applyGradients({ edge_same_a: ga, edge_same_c: gb })).toThrow(
      'WgslOptimizer: every step must update the same variables (the packed buffers are laid out for them)',
    );
    other.dispose();
    expect(() => fused.applyGradients({ edge_same_a: ga })).toThrow(
      'WgslOptimizer: every step must update the same variables (the packed buffers are laid out for them)',
    );
    fused.dispose();
    [a, b, ga, gb].forEach((t) => t.dispose());
  });

  it('sync before the first step is undefined', async () => {
    const fused = new WgslOptimizer(PLAIN);
    expect(await fused.sync()).toBeUndefined();
    fused.dispose();
  });

  it('a variable sharing its buffer with another tensor gets its own: the other keeps its value', async () => {
    const initial = tf.tensor1d([1, 2, 3]);
    const w = tf.variable(initial, true, 'edge_shared_w'); // tfjs shares the initial tensor's data
    const fused = new WgslOptimizer(PLAIN);
    const g = tf.tensor1d([1, 1, 1]);
    fused.applyGradients({ edge_shared_w: g });
    expect(Array.from(await w.data())).toEqual([0, 1, 2]);
    expect(Array.from(await initial.data())).toEqual([1, 2, 3]);
    fused.dispose();
    [w, g, initial].forEach((t) => t.dispose());
  });

  it('after dispose, getWeights is the step counter alone: what setWeights held is dropped', async () => {
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'edge_dispose_w');
    const first = new WgslOptimizer(PLAIN);
    const g = tf.tensor1d([1, 1]);
    first.applyGradients({ edge_dispose_w: g });
    const saved = await first.getWeights();
    first.dispose();
    const held = new WgslOptimizer(PLAIN);
    await held.setWeights(saved);
    expect((await held.getWeights()).map((x) => x.name)).toEqual(['iter', 'edge_dispose_w/n']);
    held.dispose();
    expect((await held.getWeights()).map((x) => x.name)).toEqual(['iter']);
    [w, g, ...saved.map((x) => x.tensor)].forEach((t) => t.dispose());
  });
});
