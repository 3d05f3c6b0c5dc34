// A program with rows and cols values for the WGSL target's tests (lines.test.ts, structure.test.ts), built
// as IR: a factored second moment as Adafactor keeps it.

import { IRBuilder, type Program, type ValueId } from '../../../compiler/ir.ts';
import type { OpName } from '../../../compiler/ops.ts';

/**
 * r = interpolate(mean_rows(g² + ε), r, β); c = interpolate(mean_cols(g² + ε), c, β); v = r · c / mean(r);
 * u = g / sqrt(v); update = lr · u / max(1, sqrt(mean(u²))) + λ · (sum_rows(w) + sum_cols(w)) / (size(r) · size(c))
 * + μ · (mean_rows(c) + sum_cols(c)). Stages: 1 (the line sums only), 2 (mean(r) and size(r) over the rows,
 * size(c) and mean_rows(c) over the columns), 3 (mean(u²)); both axes, means and plain sums.
 */
export function factored(): Program {
  const b = new IRBuilder();
  const op = (name: string, ...args: ValueId[]) => b.apply(name as OpName, args);
  const k = (v: number) => b.constant(v);
  const w = b.leaf('w', 'tensor', { name: 'w' });
  const g = b.leaf('g', 'tensor', { name: 'g' });
  const r0 = b.leaf('state', 'rows', { index: 0, name: 'r' });
  const c0 = b.leaf('state', 'cols', { index: 1, name: 'c' });
  const g2 = op('add', op('square', g), k(1e-30));
  const r = op('interpolate', op('mean_rows', g2), r0, k(0.9));
  const c = op('interpolate', op('mean_cols', g2), c0, k(0.9));
  const v = op('div', op('mul', r, c), op('mean', r));
  const u = op('div', g, op('sqrt', v));
  const clip = op('max', k(1), op('sqrt', op('mean', op('square', u))));
  const decay = op('div', op('add', op('sum_rows', w), op('sum_cols', w)), op('mul', op('size', r), op('size', c)));
  // mean_rows of a cols value is its mean (a per-tensor reduction); sum_cols of it is itself.
  const extra = op('add', op('mean_rows', c), op('sum_cols', c));
  const update = op(
    'add',
    op('add', op('mul', k(0.01), op('div', u, clip)), op('mul', k(0.001), decay)),
    op('mul', k(1e-4), extra),
  );
  return {
    file: 'factored.opt',
    signature: { fn: 'train', w: 'w', g: 'g', state: ['r', 'c'], inputs: [], hypers: [], stateTypes: ['rows', 'cols'] },
    nodes: b.nodes,
    outputs: { update, state: [r, c] },
  };
}
