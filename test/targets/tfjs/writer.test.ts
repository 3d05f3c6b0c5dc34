// The tfjs target's step writer (compiler/targets/tfjs.ts) on what the library's programs never give it:
// protected math end to end, programs not simplified (constant expressions, dead values, values only the
// host needs), scalar outputs. Each case is one a wrong writer would get visibly wrong (issue 15's mutation
// survivors of tfjs.ts), on cpu.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { MathMode } from '../../../compiler/ops.ts';
import { emitTfjs } from '../../../compiler/targets/tfjs.ts';
import { compareTensors, TOLERANCE } from '../../../runtime/compare.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsOptimizerClass } from '../../../runtime/tfjs/index.ts';
import { programOf } from './harness.ts';

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const PARAMS = [
  { name: 'a', shape: [3] },
  { name: 'b', shape: [2, 2] },
];
const W = [
  [0.5, -0.25, 2],
  [1, -3, 0.125, 4],
];
const G = [
  [-0.5, 2, -1e-9],
  [0, 3, -4, 0.25],
];

const all = (ts: readonly ArrayLike<number>[]) => ts.flatMap((t) => Array.from(t));

/** Weights after two steps on tfjs (cpu) and on the interpreter (float32), unsimplified, under `math`. */
async function both(source: string, math: MathMode, inputs: number[] = []) {
  const program = programOf(source, 'writer.opt');
  const hypers = { lr: 0.1 };
  const init = { params: PARAMS, w: W, hypers, math, level: 'none' as const, precision: 'float32' as const };
  const [tfjs, interp] = [await openEngine('tfjs', program, init), await openEngine('interp', program, init)];
  for (const e of [tfjs, interp]) for (let k = 0; k < 2; k++) await e.step(G, inputs);
  const [got, want] = [await tfjs.read(), await interp.read()];
  tfjs.dispose();
  interp.dispose();
  return { got: got.w, want: want.w };
}

describe('protected math', () => {
  it('compiles through emitTfjs with the protected emitters: division by 0, sqrt and log of negatives', async () => {
    // Under IEEE math every weight here would be NaN or ±Inf (g / 0, sqrt(-0.5), log(g - 5) for every g here); protected math
    // gives finite values, which the tfjs engine must match.
    const source = 'def train(w, g):\n    update = lr * (g / (w * 0) + sqrt(g) + log(g - 5))\n    return update\n';
    const { got, want } = await both(source, 'protected');
    expect(all(want).every(Number.isFinite)).toBe(true);
    expect(compareTensors(want, got, TOLERANCE['tfjs-cpu'])).toBeNull();
    const ieee = await both(source, 'ieee');
    expect(all(ieee.want).some((x) => !Number.isFinite(x))).toBe(true);
  });
});

describe('a program as it is, not simplified', () => {
  it('a constant expression a tensor op reads is computed in the step', async () => {
    // 2 * 3 is a scalar of constants only: no per-step scalar of the host, so the step must compute it.
    const { got, want } = await both('def train(w, g):\n    update = lr * g * (2 * 3)\n    return update\n', 'ieee');
    expect(compareTensors(want, got, TOLERANCE['tfjs-cpu'])).toBeNull();
  });

  it('writes nothing for dead values and for values only the host computes', async () => {
    // d is dead; x * 2 and lr * 0.5 are per-step values read only by other per-step values (the host's);
    // the step reads only their results (p), never the input x or the hyperparameter lr itself.
    const source =
      'def train(w, g, x):\n    d = sqrt(g) * 7\n    a = x * 2\n    c = lr * 0.5\n    update = g * (a + 1) + w * (c + 3)\n    return update\n';
    const { step } = emitTfjs(programOf(source, 'host.opt'));
    expect(step).not.toContain('tf.sqrt');
    expect(step).not.toMatch(/\bx\[0\]/);
    expect(step).not.toMatch(/\bh\[(r|row\[t\])\]/);
    const { got, want } = await both(source, 'ieee', [0.75]);
    expect(compareTensors(want, got, TOLERANCE['tfjs-cpu'])).toBeNull();
  });
});

describe('scalar outputs', () => {
  it('a scalar update and a scalar state are broadcast to each variable, state of its shape', async () => {
    // The update and the state m are scalars (a per-step value and a reduction); both come out with the
    // variable's shape, as the state slot must be for getWeights/setWeights.
    const program = programOf(
      'def train(w, g, m):\n    m = global_norm(g) * 0.5\n    update = lr * step\n    return update, m\n',
      'scalar_out.opt',
    );
    const vs = PARAMS.map((p, t) => tf.variable(tf.tensor(W[t], p.shape), true, `scalar_out/${p.name}`));
    const opt = new (tfjsOptimizerClass(program, { level: 'none' }))({ hypers: { lr: 0.1 }, keepUpdates: true });
    opt.applyGradients(vs.map((v, t) => ({ name: v.name, tensor: tf.tensor(G[t], v.shape) })));
    const norm = Math.sqrt(G.flat().reduce((s, x) => s + x * x, 0));
    for (const [t, v] of vs.entries()) {
      expect(opt.lastUpdates.get(v.name)!.shape).toEqual(v.shape);
      expect(Array.from(await v.data())).toEqual(W[t].map((x) => Math.fround(x - Math.fround(0.1))));
    }
    const weights = await opt.getWeights();
    const slots = weights.filter((x) => x.name.endsWith('/m'));
    expect(slots.map((x) => x.tensor.shape)).toEqual(PARAMS.map((p) => p.shape));
    for (const s of slots) for (const x of await s.tensor.data()) expect(x).toBeCloseTo(norm * 0.5, 5);
    opt.dispose();
    tf.dispose(vs);
  });
});
