// `optic step` on the paper's programs reproduces values computed here by hand, and every bad input is a
// clear error naming what is wrong.

import { describe, expect, it } from 'vitest';
import { expectClose, optic, scratch, stepResult } from './harness.ts';

const interp = (x: number, y: number, b: number) => (1 - b) * x + b * y;
const W = [0.5, -1, 2, 0.25];
const G = [
  [0.1, -0.2, 0.3, -0.05],
  [0.05, 0.1, -0.4, 0.2],
];

function inputs(fields: Record<string, unknown>): string {
  return `${scratch({ 'in.json': JSON.stringify(fields) })}/in.json`;
}

/** Runs a per-element update rule by hand: f(w, g, state, stepIndex) → [update, ...new state]. */
function byHand(slots: number, f: (w: number, g: number, s: number[], i: number) => number[]) {
  const w = [...W];
  const state = W.map(() => new Array<number>(slots).fill(0));
  let update: number[] = [];
  G.forEach((g, i) => {
    update = w.map((wj, j) => {
      const [u, ...s] = f(wj, g[j], state[j], i);
      state[j] = s;
      return u;
    });
    update.forEach((u, j) => (w[j] -= u));
  });
  return { update, w, state: (k: number) => state.map((s) => s[k]) };
}

describe('optic step on the paper programs', () => {
  it('Program 3 (AdamW) with lr given per step', async () => {
    const lr = [1, 0.5];
    const r = await optic('step', 'programs/paper/program3_adamw.opt', '--inputs', inputs({ w: W, g: G, lr }));
    expect(r.code).toBe(0);
    const hand = byHand(2, (w, g, [m0, v0], i) => {
      const m = interp(g, m0, 0.9);
      const v = interp(g * g, v0, 0.999);
      return [(m / Math.sqrt(v) + w * 0.01) * (lr[i] * 0.001), m, v];
    });
    const out = stepResult(r.out);
    expect(Object.keys(out)).toEqual(['update', 'w', 'm', 'v']);
    expectClose(out.update, hand.update);
    expectClose(out.w, hand.w);
    expectClose(out.m, hand.state(0));
    expectClose(out.v, hand.state(1));
  });

  it('Program 4 (discovered) with one lr for every step', async () => {
    const lr = 0.15;
    const r = await optic('step', 'programs/paper/program4_discovered.opt', '--inputs', inputs({ w: W, g: G, lr }));
    expect(r.code).toBe(0);
    const hand = byHand(2, (w, g0, [, v0]) => {
      const g = Math.asin(Math.min(Math.max(g0, -lr), lr));
      const m = interp(g, v0, 0.899);
      const v = interp(g, m, 1.109);
      const update = m / Math.sqrt(m * m) + w * 0.4602;
      return [update * (lr * 0.0002), Math.cosh(update), v];
    });
    const out = stepResult(r.out);
    expectClose(out.update, hand.update);
    expectClose(out.w, hand.w);
    expectClose(out.m, hand.state(0));
    expectClose(out.v, hand.state(1));
  });

  it('Step 3 (Hero-Lion) with λ and lr given by --set; the unused slot v stays zero', async () => {
    const r = await optic(
      'step',
      'programs/paper/step3_lion.opt',
      '--inputs',
      inputs({ w: W, g: G }),
      '--set',
      'λ=0.5',
      '--set',
      'lr=0.01',
    );
    expect(r.code).toBe(0);
    const hand = byHand(1, (w, g, [m0]) => [(Math.sign(interp(g, m0, 0.9)) + w * 0.5) * 0.01, interp(g, m0, 0.99)]);
    const out = stepResult(r.out);
    expectClose(out.update, hand.update);
    expectClose(out.w, hand.w);
    expectClose(out.m, hand.state(0));
    expect(out.v).toEqual([0, 0, 0, 0]);
  });

  it('Step 1 (AdamW) starting from given state, with --step', async () => {
    const m = [0.01, 0.02, -0.03, 0.04];
    const v = [0.001, 0.002, 0.003, 0.004];
    const r = await optic(
      'step',
      'programs/paper/step1_adamw.opt',
      '--inputs',
      inputs({ w: W, g: G[0], m, v }),
      '--set',
      'λ=0.1',
      '--set',
      'lr=0.001',
      '--step',
      '5',
    );
    expect(r.code).toBe(0);
    const out = stepResult(r.out);
    const m1 = G[0].map((g, j) => interp(g, m[j], 0.9));
    const v1 = G[0].map((g, j) => interp(g * g, v[j], 0.999));
    const update = W.map((w, j) => (m1[j] / Math.sqrt(v1[j]) + w * 0.1) * 0.001);
    expectClose(out.update, update);
    expectClose(
      out.w,
      W.map((w, j) => w - update[j]),
    );
    expectClose(out.m, m1);
    expectClose(out.v, v1);
  });

  it('--step sets the counter that bias correction reads (lion.opt at t = 3)', async () => {
    const m = [0.2, -0.1, 0.05, 0];
    const r = await optic(
      'step',
      'programs/lion.opt',
      '--inputs',
      inputs({ w: W, g: G[1], m }),
      '--step',
      '3',
      '--set',
      'lr=0.1',
    );
    const out = stepResult(r.out);
    const update = W.map((w, j) => 0.1 * (Math.sign(interp(G[1][j], m[j] / (1 - 0.99 ** 2), 0.9)) + 1.0 * w));
    expectClose(out.update, update);
  });

  it('reads and writes NaN and ±Infinity as strings', async () => {
    // sgd's update is lr·(g + λ·w) with λ = 0, and 0·∞ is NaN.
    const r = await optic(
      'step',
      'programs/sgd.opt',
      '--inputs',
      inputs({ w: [1, 'Infinity', 0, 2], g: ['NaN', 1, '-Infinity', 0.5] }),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      update: ['NaN', 'NaN', '-Infinity', 0.005],
      w: ['NaN', 'NaN', 'Infinity', 1.995],
    });
  });

  it('float32 precision rounds every operation', async () => {
    const r = await optic(
      'step',
      'programs/sgd.opt',
      '--inputs',
      inputs({ w: [0.1], g: [0.3] }),
      '--precision',
      'float32',
    );
    const f = Math.fround;
    expect(stepResult(r.out).w).toEqual([f(f(0.1) - f(f(0.01) * f(0.3)))]);
  });
});

describe('optic step errors', () => {
  const sgd = (...args: string[]) => optic('step', 'programs/sgd.opt', '--inputs', ...args);

  it('names a hyperparameter without a value, at its first use (E0400)', async () => {
    const r = await optic(
      'step',
      'programs/paper/step1_adamw.opt',
      '--inputs',
      inputs({ w: W, g: G }),
      '--set',
      'lr=0.1',
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /^programs\/paper\/step1_adamw\.opt:10:14: error: the hyperparameter 'λ' has no value \[E0400\]\n> 10 \| {5}wd = w \* λ\n.*\n {2}hint: declare a default before the def \('λ = …'\) or pass --set λ=VALUE\n$/,
    );
  });

  it.each([
    [['not json'], /'.*in\.json' is not valid JSON/],
    [[{ w: [1, 2], g: [[1, 2], [3]] }], /field 'g\[1\]' has 1 element but 'w' has 2/],
    [[{ w: [1, 2], g: [1, 'x'] }], /field 'g\[1\]' must be a number .*not the string "x"/],
    [[{ w: [1], g: [] }], /field 'g' is empty/],
    [[{ g: [1] }], /has no field 'w'/],
    [[{ w: [1] }], /has no field 'g'/],
    [
      [{ w: [1], g: [1], m: [0] }],
      /unknown field 'm': the program reads only w, g \(no state slots; no scalar inputs\)/,
    ],
    [[[1, 2]], /the top level of '.*in\.json' must be a JSON object, not an array/],
  ])('bad inputs %j', async ([fields], message) => {
    const path =
      typeof fields === 'string'
        ? `${scratch({ 'in.json': fields })}/in.json`
        : inputs(fields as Record<string, unknown>);
    const r = await sgd(path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('needs every scalar input, with one value per step when given as an array', async () => {
    const program = 'programs/paper/program3_adamw.opt';
    const missing = await optic('step', program, '--inputs', inputs({ w: W, g: G }));
    expect(missing.err).toMatch(/has no field 'lr': the program takes the scalar input lr at every step/);
    const short = await optic('step', program, '--inputs', inputs({ w: W, g: G, lr: [1] }));
    expect(short.err).toMatch(/field 'lr' has 1 value but 'g' has 2 steps/);
    const slot = await optic('step', program, '--inputs', inputs({ w: W, g: G, lr: 1, m: [1] }));
    expect(slot.err).toMatch(/field 'm' has 1 element but 'w' has 4/);
  });

  it('names every field the program reads when a field is unknown', async () => {
    const r = await optic(
      'step',
      'programs/paper/program3_adamw.opt',
      '--inputs',
      inputs({ w: [1], g: [1], lr: 1, mm: [0] }),
    );
    expect(r.err).toBe(
      "optic: unknown field 'mm': the program reads only w, g, m, v, lr (state slots m, v; scalar input lr)\n",
    );
  });

  it('rejects --set for a name that is not a hyperparameter', async () => {
    const r = await sgd(inputs({ w: [1], g: [1] }), '--set', 'lrr=1');
    expect(r.code).toBe(1);
    // Issue 8: worded by runtime/hypers.ts, as every engine and command words it (test/runtime/hyper-errors.test.ts).
    expect(r.err).toBe("optic: --set: 'lrr' is not a hyperparameter of programs/sgd.opt (hyperparameters: λ, lr)\n");
  });

  it.each([
    [['--set', 'lr']],
    [['--set', '=1']],
    [['--set', 'lr=fast']],
    [['--set', 'lr=toString']],
    [['--step', '0']],
    [['--step', '1.5']],
    [['--backend', 'gpu']],
    [['--precision', 'float16']],
    [['--bogus']],
  ])('usage error %j exits 2', async (args) => {
    const r = await sgd(inputs({ w: [1], g: [1] }), ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });

  it('reports a missing inputs file readably', async () => {
    const r = await sgd('nowhere.json');
    expect(r.code).toBe(1);
    expect(r.err).toBe("optic: cannot read 'nowhere.json': no such file\n");
  });
});

describe('optic step with shaped tensors (JSON nesting)', () => {
  const ROW_MEANS =
    'def train(w, g, r, c):\n    r = r + mean_rows(g)\n    c = c + mean_cols(g)\n    return g * 0, r, c\n';
  const program = () => `${scratch({ 'rc.opt': ROW_MEANS })}/rc.opt`;

  it('an array of arrays is a matrix: rows and cols slots hold one number per row and per column', async () => {
    const g = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const r = await optic(
      'step',
      program(),
      '--inputs',
      inputs({
        w: [
          [0, 0, 0],
          [0, 0, 0],
        ],
        g: [g, g],
        c: [1, 1, 1],
      }),
    );
    expect(r.err).toBe('');
    const out = stepResult(r.out);
    expect(out.w).toEqual([0, 0, 0, 0, 0, 0]);
    expect(out.r).toEqual([4, 10]);
    expect(out.c).toEqual([6, 8, 10]);
  });

  it('a flat array stays 1-D (one row), a number is a scalar tensor', async () => {
    const flat = stepResult((await optic('step', program(), '--inputs', inputs({ w: [0, 0, 0], g: [1, 2, 6] }))).out);
    expect(flat.r).toEqual([3]);
    expect(flat.c).toEqual([1, 2, 6]);
    const scalar = stepResult((await optic('step', program(), '--inputs', inputs({ w: 0, g: [2, 3] }))).out);
    expect(scalar.r).toEqual([5]);
    expect(scalar.c).toEqual([5]);
  });

  it.each([
    [{ w: [[0, 0], [0]], g: [1] }, /field 'w\[1\]' has shape \[1\] but 'w\[0\]' has \[2\]/],
    [
      {
        w: [
          [0, 0, 0],
          [0, 0, 0],
        ],
        g: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      },
      /field 'g' has shape \[3, 2\] but 'w' has shape \[2, 3\]/,
    ],
    [
      {
        w: [
          [0, 0, 0],
          [0, 0, 0],
        ],
        g: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        r: [1, 2, 3],
      },
      /field 'r' has 3 elements but the rows slot 'r' holds 2 for 'w' of shape \[2, 3\]/,
    ],
  ])('bad shapes %j', async (fields, message) => {
    const r = await optic('step', program(), '--inputs', inputs(fields));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });
});
