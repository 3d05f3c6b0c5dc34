// Numeric edges (TESTING.md "Numeric edges"), one step on every target from the same point: subnormal and
// ±0 gradients, 1e30 gradients, v = 0 at step 1, bias correction at step 1 and at step 10^6. Compiled
// targets are compared with the interpreter's float32 mode (what a float32 target computes) with their
// tolerance; the interpreter's float64 mode is checked against the formulas.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../compiler/ir.ts';
import { compareTensors, TOLERANCE, type Tolerance } from '../../runtime/compare.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';
import { interpStep, tfjsStep, wgslStep, type After, type Point } from './one-step.ts';
import { load, REPRESENTATIVE } from './settings.ts';

let gpu: Gpu | undefined;
beforeAll(async () => {
  await useTfjsBackend('cpu');
  gpu = await testGpu();
});
afterAll(() => gpu?.destroy());

const COMPILED: Array<[string, Tolerance, (p: Program, point: Point) => Promise<After | undefined>]> = [
  ['tfjs cpu', TOLERANCE['tfjs-cpu'], tfjsStep],
  ['WGSL', TOLERANCE.wgsl, async (p, point) => (gpu ? wgslStep(gpu.device, p, point) : undefined)],
];

const F32_MIN_SUBNORMAL = 2 ** -149;
const w = Float64Array.of(0.5, -0.25, 1, -1, 0.75, 0.125);

const POINTS: Record<string, Point> = {
  'subnormal and ±0 gradients': { w, g: Float64Array.of(F32_MIN_SUBNORMAL, -F32_MIN_SUBNORMAL, 1e-40, -1e-39, 0, -0) },
  'gradients of 1e30 next to ordinary ones': { w, g: Float64Array.of(1e30, -1e30, 1e30, 0.5, -0.5, 0) },
  'step 10^6 with state': {
    w,
    g: Float64Array.of(0.1, -0.2, 0.3, -0.4, 0.5, 0),
    // Non-negative: every slot must be a valid second moment too (rmsprop's and adagrad's only slot is one).
    state: [Float64Array.of(0.01, 0.02, 0.03, 0, 0.05, 0.06), Float64Array.of(1e-4, 4e-4, 9e-4, 0, 2.5e-3, 3.6e-3)],
    step: 1e6,
  },
};

describe.each(Object.entries(POINTS))('%s', (_, point) => {
  describe.each(COMPILED)('%s', (_, tol, run) => {
    it.for(REPRESENTATIVE)('%s: as the interpreter in float32, NaN-free', async (file, ctx) => {
      const program = load(file);
      const got = await run(program, { ...point, state: point.state?.slice(0, program.signature.state.length) });
      if (!got) return ctx.skip();
      const want = interpStep(
        program,
        { ...point, state: point.state?.slice(0, program.signature.state.length) },
        'float32',
      );
      expect(got.w.some(Number.isNaN) || got.state.some((s) => s.some(Number.isNaN))).toBe(false);
      expect(compareTensors([want.w, ...want.state], [got.w, ...got.state], tol)).toBeNull();
      expect(got.next).toBe(want.next);
    });
  });
});

/** Adam's first step is lr · g / (|g| + ε): m̂ = g and v̂ = g² after bias correction. */
describe.each(['adam', 'adamw'])('%s: bias correction at step 1', (name) => {
  const program = () => load(`programs/${name}.opt`);
  const g = Float64Array.of(1e-3, -2, 5e5, -7e-6, 0, 1e30);
  const expected = (lr: number, ε: number) => Array.from(g, (x) => (lr * x) / (Math.abs(x) + ε));

  it('interpreter (float64): exactly the formula; v = 0 gives 0, not NaN', () => {
    const after = interpStep(program(), { w: new Float64Array(g.length), g, hypers: { λ: 0 } });
    const { lr, ε } = Object.fromEntries(program().signature.hypers.map((h) => [h.name, h.default!]));
    after.w.forEach((x, i) => expect(-x).toBeCloseTo(expected(lr, ε)[i], 12));
    expect(Object.is(after.w[4], 0) || Object.is(after.w[4], -0)).toBe(true);
  });

  it.for(COMPILED)(
    '%s: the same within tolerance (float32: 1e30² overflows, as in the float32 interpreter)',
    async ([, tol, run], ctx) => {
      const point = { w: new Float64Array(g.length), g: g.map((x) => (Math.abs(x) > 1e20 ? 1 : x)), hypers: { λ: 0 } };
      const got = await run(program(), point);
      if (!got) return ctx.skip();
      const { lr, ε } = Object.fromEntries(program().signature.hypers.map((h) => [h.name, h.default!]));
      const want = Array.from(point.g, (x) => (-lr * x) / (Math.abs(x) + ε));
      expect(compareTensors([want], [got.w], tol)).toBeNull();
    },
  );
});

describe('adam: bias correction at step 10^6, counter exact', () => {
  const { w: w0, g, state, step } = POINTS['step 10^6 with state'];
  const [m0, v0] = state!;
  const h = { lr: 1e-3, β1: 0.9, β2: 0.999, ε: 1e-8, λ: 0 };
  // β^10⁶ underflows to 0: the corrections are exactly 1.
  const m = m0.map((x, i) => h.β1 * x + (1 - h.β1) * g[i]);
  const v = v0.map((x, i) => h.β2 * x + (1 - h.β2) * g[i] * g[i]);
  const wNext = w0.map((x, i) => x - (h.lr * m[i]) / (Math.sqrt(v[i]) + h.ε));

  it('interpreter (float64): the formula', () => {
    const after = interpStep(load('programs/adam.opt'), POINTS['step 10^6 with state']);
    expect(compareTensors([wNext, m, v], [after.w, ...after.state], TOLERANCE.float64)).toBeNull();
    expect(after.next).toBe(step! + 1);
  });

  it.for(COMPILED)('%s: the formula within tolerance, the next counter 10^6 + 1', async ([, tol, run], ctx) => {
    const after = await run(load('programs/adam.opt'), POINTS['step 10^6 with state']);
    if (!after) return ctx.skip();
    expect(compareTensors([wNext, m, v], [after.w, ...after.state], tol)).toBeNull();
    expect(after.next).toBe(1_000_001);
  });

  it("tfjs: a counter beyond float32's integers (2^24 + 1) stays exact on the host", async () => {
    const after = await tfjsStep(load('programs/adam.opt'), { ...POINTS['step 10^6 with state'], step: 2 ** 24 + 1 });
    expect(after.next).toBe(2 ** 24 + 2);
  });
});
