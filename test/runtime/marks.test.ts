// The interpreter's mark channels: non-finite taint and the near-a-discontinuity rule.
import { describe, expect, it } from 'vitest';
import { IRBuilder, type Program, type ValueId } from '../../compiler/ir.ts';
import type { OpName } from '../../compiler/ops.ts';
import { evaluate } from '../../runtime/interp.ts';
import { Interpreter } from '../../runtime/interpreter.ts';

/** update = OP(g[, c]) over two parameter tensors; state slot m = g. */
function program(op: OpName, extra?: number): Program {
  const b = new IRBuilder();
  b.leaf('w', 'tensor');
  const g = b.leaf('g', 'tensor');
  const args: ValueId[] = extra === undefined ? [g] : [g, b.constant(extra)];
  const update = b.apply(op, args);
  return {
    file: 'test',
    nodes: b.nodes,
    outputs: { update, state: [g] },
    signature: { fn: 'train', w: 'w', g: 'g', state: ['m'], inputs: [], hypers: [] },
  };
}

const tensors = (...xs: number[][]) => xs.map((x) => Float64Array.from(x));
const run = (p: Program, g: number[][], near = 1e-3) =>
  evaluate(
    p,
    { w: g.map((t) => new Float64Array(t.length)), g: tensors(...g), state: [], inputs: [], hypers: [], step: 1 },
    { trackNonFinite: true, nearTolerance: near },
  );

describe('near marks', () => {
  it('marks sign arguments within tolerance of 0, and only those', () => {
    const out = run(program('sign'), [[1e-4, -2e-4, 0.5, -0.5]]);
    expect([...out.updateNear![0]]).toEqual([1, 1, 0, 0]);
  });

  it('marks clip at ±c and min/max ties', () => {
    expect([...run(program('clip', 1), [[0.9999, -1.0002, 0.5, 3]]).updateNear![0]]).toEqual([1, 1, 0, 0]);
    expect([...run(program('max', 2), [[2.0001, 1, 3]]).updateNear![0]]).toEqual([1, 0, 0]);
  });

  it('marks domain edges and poles', () => {
    expect([...run(program('arcsin'), [[0.99999, 0.5]]).updateNear![0]]).toEqual([1, 0]);
    expect([...run(program('sqrt'), [[1e-6, 4]]).updateNear![0]]).toEqual([1, 0]);
    expect([...run(program('reciprocal'), [[1e-9, 4]]).updateNear![0]]).toEqual([1, 0]);
  });

  it('marks every element a global reduction feeds when its clip threshold is a tie', () => {
    // ‖g‖ over both tensors is exactly 5 = c: min(1, c/‖g‖) sits on its break.
    const out = run(program('clip_by_global_norm', 5), [[3], [4, 0]]);
    expect(out.updateNear!.map((t) => [...t])).toEqual([[1], [1, 1]]);
    const away = run(program('clip_by_global_norm', 7), [[3], [4, 0]]);
    expect(away.updateNear!.map((t) => [...t])).toEqual([[0], [0, 0]]);
  });
});

describe('non-finite taint', () => {
  it('taints the elements computed from a NaN, and a global reduction taints every tensor', () => {
    const local = run(program('square'), [[1, NaN], [2]]);
    expect(local.updateTaint!.map((t) => [...t])).toEqual([[0, 1], [0]]);
    const global = run(program('clip_by_global_norm', 1), [[1, NaN], [2]]);
    expect(global.updateTaint!.map((t) => [...t])).toEqual([[1, 1], [1]]);
  });

  it('taints an element whose finite result came from an Inf intermediate', () => {
    const out = run(program('sign'), [[Infinity, 1]]);
    expect([...out.update[0]]).toEqual([1, 1]);
    expect([...out.updateTaint![0]]).toEqual([1, 0]);
  });

  it('carries taint through the state into later steps', () => {
    // m = sign(g) (finite even for g = Inf); update = m.
    const b = new IRBuilder();
    b.leaf('w', 'tensor');
    const g = b.leaf('g', 'tensor');
    const m = b.leaf('state', 'tensor', { index: 0 });
    const p: Program = {
      file: 'test',
      nodes: b.nodes,
      outputs: { update: m, state: [b.apply('sign', [g])] },
      signature: { fn: 'train', w: 'w', g: 'g', state: ['m'], inputs: [], hypers: [] },
    };
    const it2 = new Interpreter(p, tensors([0, 0]), { trackNonFinite: true });
    it2.step(tensors([Infinity, 1]));
    const second = it2.step(tensors([1, 1]));
    expect([...second.update[0]]).toEqual([1, 1]);
    expect([...second.updateTaint![0]]).toEqual([1, 0]);
  });
});
