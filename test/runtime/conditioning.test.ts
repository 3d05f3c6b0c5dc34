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
    // sin(1e4 · g): one ulp of the argument moves the sine by about 1e-3 at g = 1e3; at g = 1e-4 it does not.
    const p = program('sin(g * 10000)');
    const marks = illConditioned(p, inputs([1000, 1e-4]), TOLERANCE.wgsl);
    expect([...marks.update[0]]).toEqual([1, 0]);
  });

  it('marks a cancelling subtraction, but not the same subtraction of a large value', () => {
    const p = program('(g + 1000) - 1000');
    const marks = illConditioned(p, inputs([0.5, 1e6]), TOLERANCE['tfjs-cpu']);
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
    const ref = evaluate(p, inputs([1000, 0.5]), { nearTolerance: TOLERANCE.wgsl.near });
    const off = { update: [Float64Array.of(ref.update[0][0] + 0.01, ref.update[0][1])] };
    expect(compareStep(ref, off, TOLERANCE.wgsl)).not.toBeNull();
    const widened = withIllConditioned(ref, illConditioned(p, inputs([1000, 0.5]), TOLERANCE.wgsl));
    expect(compareStep(widened, off, TOLERANCE.wgsl)).toBeNull();
  });
});
