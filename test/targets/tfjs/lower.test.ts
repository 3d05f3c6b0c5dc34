// The tfjs target's lowering (compiler/targets/tfjs-lower.ts) is exact: in float64, every program of the
// library computes bit for bit what it computed before, and the result passes the IR verifier.

import { describe, expect, it } from 'vitest';
import { expandInterpolate } from '../../../compiler/targets/tfjs-lower.ts';
import { verify } from '../../../compiler/verify.ts';
import { evaluate, type StepInputs } from '../../../runtime/interp.ts';
import { LIBRARY, programFile, programOf, rng } from './harness.ts';

function inputsFor(file: string, seed: number): StepInputs {
  const program = programFile(file);
  const r = rng(seed);
  const tensors = () => [12, 4, 1].map((n) => Float64Array.from({ length: n }, () => r(-2, 2)));
  return {
    w: tensors(),
    g: tensors(),
    state: program.signature.state.map(() => tensors().map((t) => t.map(Math.abs))),
    inputs: program.signature.inputs.map(() => r(0, 1)),
    hypers: program.signature.hypers.map((h) => h.default ?? r(0, 1)),
    step: 3,
  };
}

describe('expandInterpolate', () => {
  it.each(LIBRARY)('%s: the same float64 outputs, bit for bit, and a valid program', (file) => {
    const program = programFile(file);
    const lowered = expandInterpolate(program);
    expect(verify(lowered)).toEqual([]);
    expect(lowered.nodes.filter((n) => n.op === 'interpolate' && lowered.nodes[n.args[2]].type === 'scalar')).toEqual(
      [],
    );
    for (const seed of [1, 2]) {
      const at = inputsFor(file, seed);
      const [want, got] = [program, lowered].map((p) => evaluate(p, at));
      expect(got).toEqual(want); // toEqual tells NaN from a number and −0 from +0 (Object.is)
    }
  });

  it('folds 1 − β of a constant β in float64, and keeps a tensor β', () => {
    const lowered = expandInterpolate(
      programOf('def train(w, g, m):\n    m = interpolate(g, m, 0.9)\n    u = interpolate(g, m, m)\n    return u, m\n'),
    );
    expect(lowered.nodes.filter((n) => n.op === 'const').map((n) => n.value)).toContain(1 - 0.9);
    expect(lowered.nodes.filter((n) => n.op === 'interpolate')).toHaveLength(1);
  });
});
