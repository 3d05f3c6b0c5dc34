// programs/adafactor.opt against Shazeer & Stern 2018 written out by hand: Algorithm 4 on matrices (row and
// column SUMS, as the paper writes them, where the program keeps means) and Algorithm 5 on vectors and
// scalars (the full second moment), seven steps over a model of a 4 × 3 matrix, a 2 × 3 × 2 tensor (a 6 × 2
// matrix), a vector and a scalar, comparing the update, the weights and the state after every step; and the
// state's size, O(n + m), on the interpreter and on the tfjs target.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { openEngine } from '../../runtime/engines.ts';
import { Interpreter } from '../../runtime/interp.ts';
import { mulberry32 } from '../../runtime/random.ts';

const RTOL = 1e-12;
const STEPS = 7;
const H = { ε1: 1e-30, ε2: 1e-3, d: 1, decay: 0.8 };

function load(): Program {
  const compiled = compileFile('programs/adafactor.opt');
  expect(compiled.diagnostics).toEqual([]);
  return compiled.program!;
}

const rms = (x: readonly number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

/** The step's common tail: Û = U / max(1, RMS(U) / d), αt = max(ε2, RMS(X)) ρt; returns αt Û. */
function scaled(x: readonly number[], u: readonly number[], t: number): number[] {
  const α = Math.max(H.ε2, rms(x)) * Math.min(1e-2, 1 / Math.sqrt(t));
  const clip = Math.max(1, rms(u) / H.d);
  return u.map((ui) => (α * ui) / clip);
}

/** Algorithm 4 on an n × m matrix (row-major x and g); R and C are the paper's sums, updated in place. */
function algorithm4(x: number[], g: number[], R: number[], C: number[], t: number): number[] {
  const [n, m] = [R.length, C.length];
  const β = 1 - t ** -H.decay;
  const sq = (i: number, j: number) => g[i * m + j] ** 2 + H.ε1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += sq(i, j);
    R[i] = β * R[i] + (1 - β) * s;
  }
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += sq(i, j);
    C[j] = β * C[j] + (1 - β) * s;
  }
  const total = R.reduce((a, b) => a + b, 0);
  const u = g.map((gij, k) => gij / Math.sqrt((R[Math.floor(k / m)] * C[k % m]) / total));
  return scaled(x, u, t);
}

/** Algorithm 5 on a vector: V the full second moment, updated in place. */
function algorithm5(x: number[], g: number[], V: number[], t: number): number[] {
  const β = 1 - t ** -H.decay;
  g.forEach((gi, i) => (V[i] = β * V[i] + (1 - β) * (gi * gi + H.ε1)));
  return scaled(
    x,
    g.map((gi, i) => gi / Math.sqrt(V[i])),
    t,
  );
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string, rtol = RTOL): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rtol * Math.abs(expected[i])))
      expect.fail(`${what}[${i}]: program ${actual[i]}, by hand ${expected[i]}`);
  }
}

describe('factored Adafactor (programs/adafactor.opt)', () => {
  it('follows Algorithm 4 on matrices and Algorithm 5 on vectors and scalars, step by step', () => {
    const program = load();
    expect(program.signature.stateTypes).toEqual(['col', 'row']);
    const shapes = [[4, 3], [2, 3, 2], [5], []];
    const dims = [
      { n: 4, m: 3 },
      { n: 6, m: 2 },
    ];
    const next = mulberry32(7);
    const tensor = (len: number) => Array.from({ length: len }, () => 2 * next() - 1);
    const sizes = [12, 12, 5, 1];
    const x = sizes.map(tensor);
    const run = new Interpreter(
      program,
      x.map((t) => Float64Array.from(t)),
      { shapes },
    );
    const R = dims.map(({ n }) => new Array(n).fill(0));
    const C = dims.map(({ m }) => new Array(m).fill(0));
    const V = [new Array(5).fill(0), [0]];
    for (let t = 1; t <= STEPS; t++) {
      // A gradient with an exact zero row at step 3, to exercise a row statistic that only decays.
      const g = sizes.map((len, k) => tensor(len).map((v, i) => (t === 3 && k === 0 && i < 3 ? 0 : v)));
      const out = run.step(g.map((v) => Float64Array.from(v)));
      for (let k = 0; k < 4; k++) {
        const where = `step ${t} tensor ${k}`;
        const update = k < 2 ? algorithm4(x[k], g[k], R[k], C[k], t) : algorithm5(x[k], g[k], V[k - 2], t);
        x[k] = x[k].map((xi, i) => xi - update[i]);
        expectClose(out.update[k], update, `${where} update`);
        expectClose(run.w[k], x[k], `${where} w`);
        if (k < 2) {
          // The program keeps means: vr = R / m, vc = C / n.
          expectClose(
            run.state[0][k],
            R[k].map((r) => r / dims[k].m),
            `${where} vr`,
          );
          expectClose(
            run.state[1][k],
            C[k].map((c) => c / dims[k].n),
            `${where} vc`,
          );
        } else {
          expect(run.state[0][k].length, `${where} vr`).toBe(1);
          expectClose(run.state[1][k], V[k - 2], `${where} vc`);
        }
      }
    }
  });

  it('keeps 2,000 numbers of state for a 1000 × 1000 matrix, not 10^6 (interpreter)', () => {
    const run = new Interpreter(load(), [new Float64Array(1e6)], { shapes: [[1000, 1000]] });
    expect(run.state.map((slot) => slot[0].length)).toEqual([1000, 1000]);
    run.step([Float64Array.from({ length: 1e6 }, (_, i) => Math.sin(i))]);
    expect(run.state.flat().reduce((n, s) => n + s.length, 0)).toBe(2000);
  });

  afterAll(() => tf.disposeVariables());

  it('keeps 2,000 numbers of state for a 1000 × 1000 matrix on the tfjs target, as the reference computes it', async () => {
    await tf.setBackend('cpu');
    const program = load();
    const params = [
      { name: 'kernel', shape: [1000, 1000] },
      { name: 'bias', shape: [1000] },
    ];
    const w = [new Float64Array(1e6).fill(0.5), new Float64Array(1000).fill(-0.5)];
    const g = [
      Float64Array.from({ length: 1e6 }, (_, i) => Math.sin(i)),
      Float64Array.from({ length: 1000 }, (_, i) => Math.cos(i)),
    ];
    const engine = await openEngine('tfjs', program, { params, w, hypers: {} });
    const reference = await openEngine('interp', program, { params, w, hypers: {}, precision: 'float32' });
    try {
      await engine.step(g);
      await reference.step(g);
      const [got, want] = [await engine.read(), await reference.read()];
      expect(got.state.map((slot) => slot.map((t) => t.length))).toEqual([
        [1000, 1],
        [1000, 1000],
      ]);
      // float32 on both sides; the tfjs means are summed in another order.
      got.state.forEach((slot, k) =>
        slot.forEach((t, i) => expectClose(t, Array.from(want.state[k][i]), `slot ${k} tensor ${i}`, 1e-5)),
      );
      got.w.forEach((t, i) => expectClose(t, Array.from(want.w[i]), `w of tensor ${i}`, 1e-5));
    } finally {
      engine.dispose();
      reference.dispose();
    }
  });
});
