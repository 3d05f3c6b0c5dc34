// programs/adafactor.opt, factored Adafactor, against the paper's Algorithm 4 written out by hand with its row
// and column *sums* (reference.ts `adafactorFactored`; the program keeps means), on a matrix, a 3-D tensor and
// a vector over seven steps in float64; on a vector it is Algorithm 5, programs/adafactor_unfactored.opt. Its
// state is O(R + C): 2,000 numbers for a 1000×1000 matrix, on the interpreter and on tfjs, where checkpoints
// (getWeights/setWeights) carry those shapes.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { matrixView } from '../../compiler/shape.ts';
import { Interpreter } from '../../runtime/interpreter.ts';
import { mulberry32 } from '../../runtime/random.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { tfjsOptimizer } from '../../runtime/tfjs/index.ts';
import { adafactorFactored, REFERENCE } from './reference.ts';

const RTOL = 1e-12;
const STEPS = 7;

function load(file: string): Program {
  const compiled = compileFile(file);
  expect(compiled.diagnostics).toEqual([]);
  return compiled.program!;
}

const FACTORED = load('programs/adafactor.opt');
const UNFACTORED = load('programs/adafactor_unfactored.opt');
const defaults = (p: Program) => Object.fromEntries(p.signature.hypers.map((h) => [h.name, h.default!]));
const HYPERS = defaults(FACTORED);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= RTOL * Math.abs(expected[i])))
      expect.fail(`${what}[${i}]: program ${actual[i]}, by hand ${expected[i]}`);
  }
}

function tensors(shapes: number[][], seed: number) {
  const next = mulberry32(seed);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const tensor = (s: number[]) => Float64Array.from({ length: size(s) }, () => 2 * next() - 1);
  return {
    w: shapes.map(tensor),
    grads: Array.from({ length: STEPS }, () => shapes.map(tensor)),
  };
}

describe('programs/adafactor.opt against Algorithm 4 by hand', () => {
  const SHAPES = [[5, 3], [2, 2, 3], [4], []];

  it.each([1, 2])('seed %i: update, weights, and vr, vc as the row and column sums over their counts', (seed) => {
    const { w, grads } = tensors(SHAPES, seed);
    const run = new Interpreter(FACTORED, w, { shapes: SHAPES });
    const views = SHAPES.map(matrixView);
    const byHand = w.map((t, k) => ({
      w: Float64Array.from(t),
      R: new Float64Array(views[k].rows),
      C: new Float64Array(views[k].cols),
    }));
    for (let t = 1; t <= STEPS; t++) {
      const out = run.step(grads[t - 1]);
      byHand.forEach((h, k) => {
        const { rows, cols } = views[k];
        const update = adafactorFactored(h.w, grads[t - 1][k], h.R, h.C, t, HYPERS, rows, cols);
        h.w.forEach((x, i) => (h.w[i] = x - update[i]));
        const where = `step ${t} tensor ${k} [${SHAPES[k]}]`;
        expectClose(out.update[k], update, `${where} update`);
        expectClose(run.w[k], h.w, `${where} w`);
        expectClose(
          run.state[0][k],
          h.R.map((x) => x / cols),
          `${where} vr`,
        );
        expectClose(
          run.state[1][k],
          h.C.map((x) => x / rows),
          `${where} vc`,
        );
      });
    }
  });

  it('on a vector it is Algorithm 5 (unfactored): the same updates, and vc is v', () => {
    const shapes = [[6], [1]];
    const { w, grads } = tensors(shapes, 3);
    const factored = new Interpreter(FACTORED, w, { shapes });
    const unfactored = new Interpreter(UNFACTORED, w, { shapes });
    const byHand = w.map((t) => ({ w: Float64Array.from(t), v: new Float64Array(t.length) }));
    for (let t = 1; t <= STEPS; t++) {
      const a = factored.step(grads[t - 1]);
      const b = unfactored.step(grads[t - 1]);
      byHand.forEach((h, k) => {
        const update = REFERENCE.adafactor_unfactored(h.w, grads[t - 1][k], [h.v], t, defaults(UNFACTORED));
        h.w.forEach((x, i) => (h.w[i] = x - update[i]));
        expectClose(a.update[k], update, `step ${t} tensor ${k} factored update`);
        expectClose(b.update[k], update, `step ${t} tensor ${k} unfactored update`);
        expectClose(factored.state[1][k], h.v, `step ${t} tensor ${k} vc`);
        expect(factored.state[0][k]).toHaveLength(1);
      });
    }
  });
});

describe('state size: 2,000 numbers for a 1000×1000 matrix', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('on the interpreter: vr holds 1,000 and vc 1,000', () => {
    const run = new Interpreter(FACTORED, [new Float64Array(1e6)], { shapes: [[1000, 1000]] });
    expect(run.state.map((slot) => slot[0].length)).toEqual([1000, 1000]);
    expect(new Interpreter(UNFACTORED, [new Float64Array(1e6)], { shapes: [[1000, 1000]] }).state[0][0]).toHaveLength(
      1e6,
    );
  });

  it('on tfjs: state variables [1000, 1] and [1, 1000], 0.008 bytes per parameter', async () => {
    const variable = tf.variable(tf.zeros([1000, 1000]), true, 'adafactor-test/big');
    const opt = tfjsOptimizer(FACTORED);
    opt.applyGradients({ [variable.name]: tf.ones([1000, 1000]) });
    expect(opt.slots.get(variable.name)!.map((v) => v.shape)).toEqual([
      [1000, 1],
      [1, 1000],
    ]);
    const weights = (await opt.getWeights()).filter((w) => w.name !== 'iter');
    const elements = weights.reduce((n, w) => n + w.tensor.size, 0);
    expect(elements).toBe(2000);
    expect((4 * elements) / variable.size).toBeCloseTo(0.008, 12);
    opt.dispose();
    variable.dispose();
  });

  it('on tfjs: a checkpoint keeps the shapes, and a step after loading it is the step without', async () => {
    const shapes = [[3, 4], [5]];
    const { w, grads } = tensors(shapes, 4);
    const grad = (vars: tf.Variable[], s: number) =>
      Object.fromEntries(vars.map((v, k) => [v.name, tf.tensor(Float32Array.from(grads[s][k]), v.shape)]));
    const a = w.map((t, k) => tf.variable(tf.tensor(Float32Array.from(t), shapes[k]), true, `adafactor-ckpt/a${k}`));
    const first = tfjsOptimizer(FACTORED);
    for (let s = 0; s < 3; s++) first.applyGradients(grad(a, s));
    const saved = await first.getWeights();
    expect(saved.map((x) => [x.name, x.tensor.shape])).toEqual([
      ['iter', []],
      ['adafactor-ckpt/a0/vr', [3, 1]],
      ['adafactor-ckpt/a1/vr', [1, 1]],
      ['adafactor-ckpt/a0/vc', [1, 4]],
      ['adafactor-ckpt/a1/vc', [1, 5]],
    ]);
    // b: a's weights after three steps, stepped by a new optimizer that loaded a's state under b's names.
    const b = a.map((v, k) => tf.variable(v.clone(), true, `adafactor-ckpt/b${k}`));
    const loaded = tfjsOptimizer(FACTORED);
    await loaded.setWeights(saved.map((x) => ({ name: x.name.replace('ckpt/a', 'ckpt/b'), tensor: x.tensor })));
    const before = await Promise.all(b.map((v) => v.data()));
    loaded.applyGradients(grad(b, 3));
    first.applyGradients(grad(a, 3));
    for (let k = 0; k < 2; k++) {
      expect(Array.from(await b[k].data())).toEqual(Array.from(await a[k].data()));
      expect(Array.from(await b[k].data())).not.toEqual(Array.from(before[k]));
    }
    for (const o of [first, loaded]) o.dispose();
  });
});
