// PyTorch's OptimizerInfo run on the tfjs target: a model whose variables include an empty tensor, one that
// gets no gradient at some steps, and a frozen one (trainable = false, never given a gradient). A variable
// without a gradient keeps its value and its state; the step counter is the optimizer's (tfjs's
// `iterations`), so such a variable's next step sees the global counter. The expected values come from the
// interpreter run variable by variable under those rules.

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../compiler/ir.ts';
import { compareTensors, TOLERANCE } from '../../runtime/compare.ts';
import { hyperSpec, hyperValues } from '../../runtime/hypers.ts';
import { evaluate } from '../../runtime/interp.ts';
import { mulberry32 } from '../../runtime/random.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { tfjsOptimizerClass } from '../../runtime/tfjs/index.ts';
import { load, REPRESENTATIVE } from './settings.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});

const STEPS = 5;
const SHAPES = { kernel: [2, 3], empty: [0], bias: [3], frozen: [4] } as const;
type Name = keyof typeof SHAPES;
/** Steps (1-based) at which `bias` has no gradient. */
const BIAS_MISSING = new Set([2, 3]);

const random = mulberry32(7);
const values = (shape: readonly number[]) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.fround(2 * random() - 1));
const W0 = Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, values(s)])) as Record<Name, Float32Array>;
const GRADS = Array.from(
  { length: STEPS },
  () => Object.fromEntries(Object.entries(SHAPES).map(([n, s]) => [n, values(s)])) as Record<Name, Float32Array>,
);

/** The interpreter, one variable at a time: only the steps where the variable has a gradient. */
function reference(program: Program, name: Name, steps: (s: number) => boolean) {
  let w: Float64Array = Float64Array.from(W0[name]);
  let state: Float64Array[][] = program.signature.state.map(() => [new Float64Array(w.length)]);
  const hypers = hyperValues(hyperSpec(program), {});
  for (let s = 1; s <= STEPS; s++) {
    if (!steps(s)) continue;
    const out = evaluate(
      program,
      { w: [w], g: [Float64Array.from(GRADS[s - 1][name])], state, inputs: [], hypers, step: s },
      { precision: 'float32' },
    );
    w = w.map((x, i) => Math.fround(x - out.update[0][i]));
    state = out.state;
  }
  return { w, state: state.map(([t]) => t) };
}

describe.each(REPRESENTATIVE)('%s', (file) => {
  it('empty tensor, missing gradients and a frozen variable', async () => {
    const program = load(file);
    const prefix = `vars-${file}`;
    const vars = Object.fromEntries(
      Object.entries(SHAPES).map(([n, s]) => [
        n,
        tf.tidy(() => tf.variable(tf.tensor(W0[n as Name], [...s]), n !== 'frozen', `${prefix}/${n}`)),
      ]),
    ) as Record<Name, tf.Variable>;
    const opt = new (tfjsOptimizerClass(program))();
    try {
      for (let s = 1; s <= STEPS; s++) {
        const grads: Record<string, tf.Tensor | null> = {};
        for (const n of ['kernel', 'empty', 'bias'] as const)
          grads[`${prefix}/${n}`] =
            n === 'bias' && BIAS_MISSING.has(s) ? null : tf.tensor(GRADS[s - 1][n], [...SHAPES[n]]);
        opt.applyGradients(grads as tf.NamedTensorMap);
        tf.dispose(Object.values(grads).filter((g): g is tf.Tensor => g !== null));
      }
      for (const n of ['kernel', 'empty', 'bias'] as const) {
        const want = reference(program, n, (s) => n !== 'bias' || !BIAS_MISSING.has(s));
        const got = [
          Float64Array.from(await vars[n].data()),
          ...(await Promise.all(
            (opt.slots.get(`${prefix}/${n}`) ?? []).map(async (v) => Float64Array.from(await v.data())),
          )),
        ];
        expect(got.length, `${n}: weights and one tensor per state slot`).toBe(1 + program.signature.state.length);
        expect(compareTensors([want.w, ...want.state], got, TOLERANCE['tfjs-cpu']), n).toBeNull();
      }
      expect(Array.from(await vars.frozen.data())).toEqual(Array.from(W0.frozen));
      expect(opt.slots.has(`${prefix}/frozen`), 'no state for a variable never given a gradient').toBe(false);
      expect(opt.iterations).toBe(STEPS);
    } finally {
      opt.dispose();
      tf.dispose(Object.values(vars));
    }
  });
});

it('a step where no variable has a gradient changes nothing but the counter', async () => {
  const program = load('programs/adam.opt');
  const v = tf.tidy(() => tf.variable(tf.tensor1d([1, 2]), true, 'vars-none/w'));
  const opt = new (tfjsOptimizerClass(program))();
  try {
    opt.applyGradients({ 'vars-none/w': null } as unknown as tf.NamedTensorMap);
    expect(Array.from(await v.data())).toEqual([1, 2]);
    expect(opt.slots.size).toBe(0);
    expect(opt.iterations).toBe(1);
  } finally {
    opt.dispose();
    v.dispose();
  }
});
