import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { compareStep, TOLERANCE } from '../../runtime/compare.ts';
import { illConditioned, withIllConditioned } from '../../runtime/conditioning.ts';
import { evaluate, type StepInputs } from '../../runtime/interp.ts';

function program(body: string) {
  const { program, diagnostics } = compile(`def train(w, g):\n    update = ${body}\n    return update\n`, 'cond.opt');
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return program;
}

const inputs = (g: number[]): StepInputs => ({
  w: [new Float64Array(g.length)],
  g: [Float64Array.from(g)],
  state: [],
  inputs: [],
  hypers: [],
  step: 1,
});

describe('illConditioned', () => {
  it('marks an output that amplifies ulp-sized errors, and not a well-conditioned one', () => {
    // sin(1e4 · g): one ulp of the argument moves the sine by about 1e-3 at g = 1000.00001 (the product is not
    // a float32); at g = 1e-4 it does not.
    const p = program('sin(g * 10000)');
    const marks = illConditioned(p, inputs([1000.00001, 1e-4]), TOLERANCE.wgsl);
    expect([...marks.update[0]]).toEqual([1, 0]);
  });

  it('marks a cancelling subtraction, but not the same subtraction of a large value', () => {
    const p = program('(g + 1000) - 1000');
    const marks = illConditioned(p, inputs([0.1, 1e6 + 0.1]), TOLERANCE['tfjs-cpu']);
    expect([...marks.update[0]]).toEqual([1, 0]);
  });

  it('with operands, sees the cancellation inside an op a target computes as several', () => {
    // interpolate(g, w, 1000) = -999·g + 1000·w: at g = 1, w = 1.001 a float32 target rounds terms of size
    // 1000 to get a result of 2. Perturbing only the op's result cannot see that; perturbing its operands can.
    const { program: p } = compile('def train(w, g):\n    return interpolate(g, w, 1000)\n', 'i.opt');
    const at: StepInputs = {
      w: [Float64Array.of(1.001, 0)],
      g: [Float64Array.of(1, 1)],
      state: [],
      inputs: [],
      hypers: [],
      step: 1,
    };
    expect([...illConditioned(p!, at, TOLERANCE['tfjs-cpu']).update[0]]).toEqual([0, 0]);
    expect([...illConditioned(p!, at, TOLERANCE['tfjs-cpu'], { operands: true }).update[0]]).toEqual([1, 0]);
  });

  it('is deterministic for a seed, and perturbed runs stay within rounding of the exact one', () => {
    const p = program('exp(g) * sqrt(abs(g))');
    const a = illConditioned(p, inputs([1, 2, 3]), TOLERANCE.float64, { seed: 5 });
    const b = illConditioned(p, inputs([1, 2, 3]), TOLERANCE.float64, { seed: 5 });
    expect(a).toEqual(b);
    const exact = evaluate(p, inputs([1, 2, 3]));
    const perturbed = evaluate(p, inputs([1, 2, 3]), { perturb: { relative: 1e-7, seed: 3 } });
    expect(perturbed.update[0]).not.toEqual(exact.update[0]);
    perturbed.update[0].forEach((x, j) => expect(Math.abs(x / exact.update[0][j] - 1)).toBeLessThan(1e-6));
  });

  it('widens the reference skip masks used by compareStep', () => {
    const p = program('sin(g * 10000)');
    const ref = evaluate(p, inputs([1000.00001, 0.5]));
    const off = { update: [Float64Array.of(ref.update[0][0] + 0.01, ref.update[0][1])] };
    expect(compareStep(ref, off, TOLERANCE.wgsl)).not.toBeNull();
    const widened = withIllConditioned(ref, illConditioned(p, inputs([1000.00001, 0.5]), TOLERANCE.wgsl));
    expect(compareStep(widened, off, TOLERANCE.wgsl)).toBeNull();
  });

  it('does not perturb arithmetic whose result is a float32: no target errs there', () => {
    // LARS's guard: sign(x) · sign(y) is exactly ±1 and 1 − it exactly 0 on every target; perturbing them
    // made the 1e-3 trust ratio 1e-4 off (90% of LARS's update skipped on tfjs cpu).
    const p = program('0.001 * g + (1 - sign(g) * sign(g))');
    expect([
      ...illConditioned(p, inputs([0.5, -0.25]), TOLERANCE['tfjs-cpu'], { relative: 2 ** -13 }).update[0],
    ]).toEqual([0, 0]);
  });

  it("charges WGSL's exponentials their own error, which grows with the exponent", () => {
    // 1 − β2^t at β2 = 0.999 cancels 1000×: a relative 2^-13 on pow makes it 12% off, WGSL's pow 3e-4.
    const bias = program('g / (1 - 0.999 ** 3)');
    const wgsl = { relative: 2 ** -13, rounded: 2 ** -22 };
    expect([...illConditioned(bias, inputs([0.5]), TOLERANCE.wgsl, wgsl).update[0]]).toEqual([1]);
    expect([...illConditioned(bias, inputs([0.5]), TOLERANCE.wgsl, { ...wgsl, wgslBuiltins: true }).update[0]]).toEqual(
      [0],
    );
    // pow(x, 1e5) near 1: log2's absolute error 2^-21 times 1e5 is 3% of the result, which WGSL allows.
    const steep = program('(1 + g * 0.000001) ** 100000');
    expect([
      ...illConditioned(steep, inputs([0.3]), TOLERANCE.wgsl, { ...wgsl, wgslBuiltins: true }).update[0],
    ]).toEqual([1]);
  });

  it('takes a per-function error: 0 where the target computes a function as the reference does', () => {
    const p = program('1 - exp(g * 0.001)');
    const at = inputs([50]);
    expect([...illConditioned(p, at, TOLERANCE['tfjs-cpu'], { relative: 2 ** -17 }).update[0]]).toEqual([1]);
    expect([
      ...illConditioned(p, at, TOLERANCE['tfjs-cpu'], { relative: 2 ** -17, functions: { exp: 0 } }).update[0],
    ]).toEqual([0]);
  });

  it('leaves min, max and clip at their ties compared: they are continuous', () => {
    // Was: the near-a-discontinuity marks skipped max(v_max, v) whenever |v_max − v| ≤ 1e-3, i.e. always for
    // second moments; and min(step − 1, 1) at step 2, all of Lion's update.
    const p = program('max(g, 0.5) + min(g, 0.5) + clip(g, 0.5)');
    expect([
      ...illConditioned(p, inputs([0.5, 0.5000001, -0.5]), TOLERANCE.wgsl, { relative: 2 ** -13 }).update[0],
    ]).toEqual([0, 0, 0]);
  });

  it('marks a sign whose argument cancels, and a domain edge a rounding error crosses', () => {
    const p = program('sign(g * 3 - 0.3) + arcsin(g * 3.3333333)');
    // g = 0.1: 3g − 0.3 cancels to rounding size; g = 0.3: arcsin(0.99999999) sits on its domain's edge.
    const marks = illConditioned(p, inputs([0.1, 0.2, 0.29999999]), TOLERANCE.wgsl, { relative: 2 ** -13 });
    expect([...marks.update[0]]).toEqual([1, 0, 1]);
  });
});
