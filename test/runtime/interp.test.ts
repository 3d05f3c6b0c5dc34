// The oracle's own tests: the interpreter against the paper's equations (seeds/001 appendix A, Algorithms 1
// and 2) written out by hand as plain loops, not through the interpreter or the op table. Programs are
// compiled from their text, as users write them.

import { describe, expect, test } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { HyperError } from '../../runtime/hypers.ts';
import { evaluate, type EvalOptions, type StepInputs } from '../../runtime/interp.ts';
import { Interpreter } from '../../runtime/interpreter.ts';

function program(source: string): Program {
  const { program, diagnostics } = compile(source, 'test.opt');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return program!;
}

const f64 = (xs: readonly number[][]) => xs.map((t) => Float64Array.from(t));
const list = (ts: readonly Float64Array[]) => ts.map((t) => Array.from(t));

// Two tensors of different sizes; gradients vary by step (deterministic, signs mixed, one exact zero).
// 1.00000006 is not a float32: in float32 mode the weights must be rounded before the first step too.
const W0 = [
  [0.5, -1.25, 2.0, 1.00000006],
  [0.75, -0.3],
];
const grad = (step: number) =>
  W0.map((t, i) =>
    t.map((_, j) => Math.sin(1.7 * step + 2.3 * j + 5.1 * i) * (j === 1 && i === 0 && step === 2 ? 0 : 1)),
  );

const ADAMW = `
β1 = 0.9
β2 = 0.999
ε = 1e-8
def train(w, g, m, v):
    m = interpolate(g, m, β1)
    v = interpolate(square(g), v, β2)
    m_hat = m / (1 - β1 ** step)
    v_hat = v / (1 - β2 ** step)
    update = m_hat / (sqrt(v_hat) + ε) + λ * w
    update = update * lr
    return update, m, v
`;

/**
 * Algorithm 1 by hand. `r` rounds after every operation of the program (Math.fround for float32; interpolate
 * is one op, computed in float64 and rounded once, as the paper's two-term sum), except the bias corrections:
 * per-step scalars, computed in float64 from the hyperparameters as given and rounded once, as the compiled
 * targets compute them on the host (compiler/scalars.ts).
 */
function adamwByHand(steps: number, lr: number, lambda: number, r: (x: number) => number, first = 1) {
  const b1 = r(0.9),
    b2 = r(0.999),
    eps = r(1e-8),
    L = r(lr),
    lam = r(lambda);
  const w = W0.map((t) => t.map(r)),
    m = W0.map((t) => t.map(() => 0)),
    v = W0.map((t) => t.map(() => 0));
  const history: { w: number[][]; m: number[][]; v: number[][] }[] = [];
  for (let t = first; t < first + steps; t++) {
    const g = grad(t).map((x) => x.map(r));
    for (let i = 0; i < w.length; i++) {
      for (let j = 0; j < w[i].length; j++) {
        m[i][j] = r(b1 * m[i][j] + (1 - b1) * g[i][j]);
        v[i][j] = r(b2 * v[i][j] + (1 - b2) * r(g[i][j] * g[i][j]));
        const mHat = r(m[i][j] / r(1 - 0.9 ** t));
        const vHat = r(v[i][j] / r(1 - 0.999 ** t));
        const update = r(r(r(mHat / r(r(Math.sqrt(vHat)) + eps)) + r(lam * w[i][j])) * L);
        w[i][j] = r(w[i][j] - update);
      }
    }
    history.push({ w: w.map((x) => [...x]), m: m.map((x) => [...x]), v: v.map((x) => [...x]) });
  }
  return history;
}

const LION = `
β1 = 0.9
β2 = 0.99
def train(w, g, m):
    m_hat = m / (1 - min(step - 1, 1) * β2 ** (step - 1))
    c = interpolate(g, m_hat, β1)
    update = (sign(c) + λ * w) * lr
    m = interpolate(g, m, β2)
    return update, m
`;

/** Algorithm 2 by hand, bias correction m̂ₜ₋₁ = mₜ₋₁ / (1 − 𝟙[t>1] β₂^(t−1)) included. */
function lionByHand(steps: number, lr: number, lambda: number, r: (x: number) => number) {
  const b1 = r(0.9),
    b2 = r(0.99),
    L = r(lr),
    lam = r(lambda);
  const w = W0.map((t) => t.map(r)),
    m = W0.map((t) => t.map(() => 0));
  const history: { w: number[][]; m: number[][] }[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = grad(t).map((x) => x.map(r));
    const indicator = t > 1 ? 1 : 0;
    for (let i = 0; i < w.length; i++) {
      for (let j = 0; j < w[i].length; j++) {
        const mPrevHat = r(m[i][j] / r(1 - r(indicator * r(b2 ** (t - 1)))));
        const c = r(b1 * mPrevHat + (1 - b1) * g[i][j]);
        const update = r(r(Math.sign(c) + r(lam * w[i][j])) * L);
        m[i][j] = r(b2 * m[i][j] + (1 - b2) * g[i][j]);
        w[i][j] = r(w[i][j] - update);
      }
    }
    history.push({ w: w.map((x) => [...x]), m: m.map((x) => [...x]) });
  }
  return history;
}

function run(
  p: Program,
  steps: number,
  options: EvalOptions & { hypers: Record<string, number>; step?: number },
  first = 1,
) {
  const opt = new Interpreter(p, f64(W0), options);
  return Array.from({ length: steps }, (_, k) => {
    opt.step(f64(grad(first + k)));
    return { w: list(opt.w), state: opt.state.map(list) };
  });
}

describe('paper algorithms against hand-written loops', () => {
  const identity = (x: number) => x;
  for (const [precision, r] of [
    ['float64', identity],
    ['float32', Math.fround],
  ] as const) {
    test(`AdamW (Algorithm 1) over 5 steps, ${precision}`, () => {
      const got = run(program(ADAMW), 5, { precision, hypers: { lr: 0.01, λ: 0.1 } });
      const want = adamwByHand(5, 0.01, 0.1, r);
      got.forEach((s, k) => expect(s).toEqual({ w: want[k].w, state: [want[k].m, want[k].v] }));
    });

    test(`Lion (Algorithm 2) over 5 steps, ${precision}`, () => {
      const got = run(program(LION), 5, { precision, hypers: { lr: 3e-4, λ: 1.0 } });
      const want = lionByHand(5, 3e-4, 1.0, r);
      got.forEach((s, k) => expect(s).toEqual({ w: want[k].w, state: [want[k].m] }));
    });
  }

  test('the weights really move (the comparison is not vacuous)', () => {
    const [first] = run(program(LION), 1, { hypers: { lr: 0.1, λ: 0 } });
    expect(first.w[0][0]).not.toBe(W0[0][0]);
  });

  test('the step counter can start at T (bias correction at step 1000)', () => {
    const got = run(program(ADAMW), 3, { hypers: { lr: 0.01, λ: 0.1 }, step: 1000 }, 1000);
    const want = adamwByHand(3, 0.01, 0.1, (x) => x, 1000);
    got.forEach((s, k) => expect(s).toEqual({ w: want[k].w, state: [want[k].m, want[k].v] }));
  });
});

describe('hyperparameters', () => {
  test('a missing hyperparameter is named', () => {
    const p = program(ADAMW);
    expect(() => new Interpreter(p, f64(W0), { hypers: { lr: 0.1 } })).toThrow(HyperError);
    expect(() => new Interpreter(p, f64(W0), { hypers: { lr: 0.1 } })).toThrow(/'λ'/);
    const thrown = (() => {
      try {
        new Interpreter(p, f64(W0), {});
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(HyperError);
    expect((thrown as HyperError).names).toEqual(['λ', 'lr']);
  });

  test("a hyperparameter named like a property of JavaScript's Object is still missing until given", () => {
    const p = program('def train(w, g):\n    return g * constructor + toString\n');
    expect(() => new Interpreter(p, f64(W0), { hypers: {} })).toThrow(/'constructor', 'toString'/);
    expect(new Interpreter(p, f64(W0), { hypers: { constructor: 2, toString: 3 } }).hypers).toEqual([2, 3]);
  });

  test('declared defaults fill in, and a given value overrides one', () => {
    const p = program(ADAMW);
    expect(p.signature.hypers).toEqual([
      { name: 'β1', default: 0.9 },
      { name: 'β2', default: 0.999 },
      { name: 'ε', default: 1e-8 },
      { name: 'λ' },
      { name: 'lr' },
    ]);
    const opt = new Interpreter(p, f64(W0), { hypers: { lr: 1, λ: 0, β1: 0.5 } });
    expect(opt.hypers).toEqual([0.5, 0.999, 1e-8, 0, 1]);
  });
});

function inputs(p: Program, g: number[][], w = g.map((t) => t.map(() => 0)), hypers: number[] = []): StepInputs {
  return {
    w: f64(w),
    g: f64(g),
    state: p.signature.state.map(() => g.map((t) => new Float64Array(t.length))),
    inputs: [],
    hypers,
    step: 1,
  };
}

describe('reductions over many tensors', () => {
  const CLIP = `
def train(w, g, n):
    update = clip_by_global_norm(g, c)
    n = n * 0 + norm(g)
    return update, n
`;
  const G = [
    [3, -4, 1],
    [2, 0, -2, 5],
    [-1, 1],
  ];
  const sumSq = (t: number[]) => t.reduce((s, x) => s + x * x, 0);
  const globalNorm = Math.sqrt(G.map(sumSq).reduce((a, b) => a + b, 0));

  test('clip_by_global_norm sees every tensor; norm sees one', () => {
    const p = program(CLIP);
    const out = evaluate(p, inputs(p, G, undefined, [2]));
    const scale = 2 / globalNorm;
    list(out.update).forEach((t, i) => t.forEach((x, j) => expect(x).toBeCloseTo(G[i][j] * scale, 14)));
    list(out.state[0]).forEach((t, i) => t.forEach((x) => expect(x).toBeCloseTo(Math.sqrt(sumSq(G[i])), 14)));
  });

  test('clip_by_global_norm leaves x alone under the bound, and at norm 0', () => {
    const p = program(CLIP);
    expect(list(evaluate(p, inputs(p, G, undefined, [globalNorm * 2])).update)).toEqual(G);
    const zeros = G.map((t) => t.map(() => 0));
    expect(list(evaluate(p, inputs(p, zeros, undefined, [1])).update)).toEqual(zeros);
  });

  test('dot and cosine_sim sum across tensors', () => {
    const p = program(`
def train(w, g, d, s):
    d = d + dot(w, g)
    s = s + cosine_sim(w, g)
    update = 0 * w
    return update, d, s
`);
    const W = [
      [1, 2, 3],
      [0.5, -1, 0, 2],
      [4, -3],
    ];
    const out = evaluate(p, inputs(p, G, W));
    let dot = 0,
      ww = 0,
      gg = 0;
    for (let i = 0; i < G.length; i++) {
      for (let j = 0; j < G[i].length; j++)
        [dot, ww, gg] = [dot + W[i][j] * G[i][j], ww + W[i][j] ** 2, gg + G[i][j] ** 2];
    }
    list(out.state[0]).forEach((t) => t.forEach((x) => expect(x).toBeCloseTo(dot, 12)));
    list(out.state[1]).forEach((t) => t.forEach((x) => expect(x).toBeCloseTo(dot / Math.sqrt(ww * gg), 14)));
  });

  test('an empty tensor among others', () => {
    const p = program(CLIP);
    const withEmpty = [[3, -4], [], [12]];
    const out = evaluate(p, inputs(p, withEmpty, undefined, [1]));
    const scaled = (x: number) => x * (1 / 13);
    expect(list(out.update)).toEqual([[scaled(3), scaled(-4)], [], [scaled(12)]]);
    expect(list(out.state[0])).toEqual([[5, 5], [], [12]]);
    const adam = new Interpreter(program(ADAMW), f64([[], [1]]), { hypers: { lr: 0.1, λ: 0 } });
    adam.step(f64([[], [2]]));
    expect(list(adam.w)[0]).toEqual([]);
    expect(list(adam.w)[1][0]).toBeCloseTo(1 - 0.1, 6);
  });
});

describe('non-finite values', () => {
  test('NaN and Inf propagate as IEEE says, elementwise and through a global reduction', () => {
    const p = program(ADAMW);
    const out = evaluate(p, { ...inputs(p, [[NaN, Infinity, 1]]), hypers: [0.9, 0.999, 1e-8, 0, 1] });
    const [update] = list(out.update);
    expect(update[0]).toBeNaN();
    expect(update[1]).toBeNaN(); // m̂ / √v̂ = Inf / Inf
    expect(update[2]).toBeCloseTo(1, 6); // Adam's first step is sign(g) (up to ε)
    expect(list(out.state[0])[0]).toEqual([NaN, Infinity, (1 - 0.9) * 1]);

    const clip = program('def train(w, g):\n    update = clip_by_global_norm(g, 1)\n    return update\n');
    const clipped = list(evaluate(clip, inputs(clip, [[Infinity, 2], [3]])).update);
    expect(clipped).toEqual([[NaN, 0], [0]]); // scale min(1, 1/Inf) = 0; Inf * 0 = NaN
  });

  test('nonFinite marks an element that met an Inf, and the mark survives later steps through the state', () => {
    const p = program(`
def train(w, g, m):
    t = interpolate(g, m, 0.9)
    m = min(t, 1)
    update = m * 0.1
    return update, m
`);
    const opt = new Interpreter(p, f64([[0, 0, 0], [0]]), { trackNonFinite: true });
    const first = opt.step(f64([[Infinity, 0.5, 1], [2]]));
    expect(first.state[0][0][0]).toBe(1); // the Inf was clamped away: every value is finite...
    expect(list(first.state[0]).flat().every(Number.isFinite)).toBe(true);
    expect(first.stateTaint![0].map((t) => Array.from(t))).toEqual([[1, 0, 0], [0]]); // ...but marked
    expect(first.updateTaint!.map((t) => Array.from(t))).toEqual([[1, 0, 0], [0]]);
    const second = opt.step(f64([[0.5, 0.5, 0.5], [0.5]]));
    expect(list(second.state[0]).flat().every(Number.isFinite)).toBe(true);
    expect(second.stateTaint![0].map((t) => Array.from(t))).toEqual([[1, 0, 0], [0]]);
    expect(second.updateTaint!.map((t) => Array.from(t))).toEqual([[1, 0, 0], [0]]);
  });
});

describe('comparisons, where and %', () => {
  const one = (body: string, g: number[], w = g.map(() => 0)) => {
    const p = program(`def train(w, g):\n    update = ${body}\n    return update\n`);
    return list(evaluate(p, inputs(p, [g], [w])).update)[0];
  };

  test('comparisons give 1 or 0; NaN compares false, but NaN != NaN', () => {
    const g = [-1, 0, 2, NaN];
    const w = [0, 0, 2, NaN];
    expect(one('g < w', g, w)).toEqual([1, 0, 0, 0]);
    expect(one('g <= w', g, w)).toEqual([1, 1, 1, 0]);
    expect(one('g > w', g, w)).toEqual([0, 0, 0, 0]);
    expect(one('g >= w', g, w)).toEqual([0, 1, 1, 0]);
    expect(one('g == w', g, w)).toEqual([0, 1, 1, 0]);
    expect(one('g != w', g, w)).toEqual([1, 0, 0, 1]);
    // -0 equals 0, as IEEE has it.
    expect(one('g == 0', [-0, 0])).toEqual([1, 1]);
  });

  test("where picks x where c is nonzero, NaN included (numpy's rule), y elsewhere", () => {
    expect(one('where(g, 10, -10)', [0, -0, 2, NaN, -Infinity])).toEqual([-10, -10, 10, 10, 10]);
    expect(one('where(g > 0, g, 0)', [-1, 3])).toEqual([0, 3]);
  });

  test("% is Python's: the sign of y, exact (each expected value from Python 3)", () => {
    const mod = (x: number, y: number) => one('g % w', [x], [y])[0];
    expect([mod(7, 3), mod(-7, 3), mod(7, -3), mod(-7, -3), mod(5.5, 2)]).toEqual([1, 2, -2, -1, 1.5]);
    expect(Object.is(mod(-0, 3), 0)).toBe(true);
    expect(Object.is(mod(0, -3), -0)).toBe(true);
    expect(mod(1e16 + 1, 7)).toBe(4);
    expect([mod(3, Infinity), mod(-3, Infinity)]).toEqual([3, Infinity]);
    expect(mod(3, 0)).toBeNaN();
  });

  test('precedence: % binds as * does, comparisons below + and -', () => {
    expect(one('g % 4 * 2', [7])).toEqual([6]);
    expect(one('g + 1 > 2 * g', [0.5, 2])).toEqual([1, 0]);
    expect(one('(g > 0) - (g < 0)', [-3, 0, 3])).toEqual([-1, 0, 1]);
  });
});

describe('per-tensor sum, mean and size', () => {
  const G = [[3, -4, 1.5], [2, 0, -2, 5], [], [NaN, 1]];
  const run = (body: string, g = G) => {
    const p = program(`def train(w, g):\n    update = g * 0 + ${body}\n    return update\n`);
    return list(evaluate(p, inputs(p, g), { trackNonFinite: true }).update).map((t) => t[0]);
  };

  test('each sees one tensor: its sum, its mean, its element count', () => {
    expect(run('sum(g)')).toEqual([0.5, 5, undefined, NaN]);
    expect(run('mean(g)')).toEqual([0.5 / 3, 5 / 4, undefined, NaN]);
    expect(run('size(g)')).toEqual([3, 4, undefined, NaN]);
  });

  test("size does not read x's values; sums and means propagate Inf", () => {
    const p = program(
      'def train(w, g, s, m, n):\n    s = s + sum(g)\n    m = m + mean(g)\n    n = n + size(g)\n    return g, s, m, n\n',
    );
    const out = evaluate(p, inputs(p, [[], [Infinity, 1], [NaN]]));
    expect(out.state.map((slot) => list(slot))).toEqual([
      [[], [Infinity, Infinity], [NaN]],
      [[], [Infinity, Infinity], [NaN]],
      [[], [2, 2], [1]],
    ]);
  });
});
