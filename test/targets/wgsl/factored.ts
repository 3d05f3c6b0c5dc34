// Programs with rows and cols values for the WGSL target's tests (lines.test.ts, structure.test.ts), built
// as IR: a factored second moment as Adafactor keeps it, and random ones.

import { IRBuilder, type Program, type Type, type ValueId } from '../../../compiler/ir.ts';
import type { OpName } from '../../../compiler/ops.ts';
import { mulberry32 } from '../../../runtime/random.ts';

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

/**
 * A random program over rows, cols and tensor values (its seed says which), until compiler/generate.ts draws
 * them: 8 statements, each (the first always) a row or column reduction of a tensor, a per-tensor reduction (mean, sum, norm,
 * size) of any shaped value, an axis reduction of a rows or cols value (the value itself, or its per-tensor
 * sum or mean), a broadcasting +, − or ×, a bounded unary op, a guarded division or an interpolation; the
 * update and the new state of a rows, a cols and a tensor slot are tanh of the last value of their type
 * (combined by broadcasting for the update), so that values stay finite and well conditioned.
 */
export function randomLinesProgram(seed: number): Program {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const b = new IRBuilder();
  const pools: Record<Type, ValueId[]> = { tensor: [], rows: [], cols: [], scalar: [] };
  const keep = (id: ValueId) => {
    pools[b.nodes[id].type].push(id);
    return id;
  };
  const op = (name: string, ...args: ValueId[]) => keep(b.apply(name as OpName, args));
  const k = (v: number) => b.constant(v);
  keep(b.leaf('w', 'tensor', { name: 'w' }));
  keep(b.leaf('g', 'tensor', { name: 'g' }));
  const r0 = keep(b.leaf('state', 'rows', { index: 0, name: 'r' }));
  const c0 = keep(b.leaf('state', 'cols', { index: 1, name: 'c' }));
  const m0 = keep(b.leaf('state', 'tensor', { index: 2, name: 'm' }));
  const any = () => pick([...pools.tensor, ...pools.rows, ...pools.cols, ...pools.scalar]);
  const shaped = () => pick([...pools.tensor, ...pools.rows, ...pools.cols]);
  for (let s = 0; s < 8; s++) {
    // The first statement is always a row or column reduction of a tensor.
    switch (s === 0 ? 0 : Math.floor(random() * 7)) {
      case 0:
        op(pick(['sum_rows', 'mean_rows', 'sum_cols', 'mean_cols']), pick(pools.tensor));
        break;
      case 1:
        op(pick(['mean', 'sum', 'norm', 'size']), shaped());
        break;
      case 2:
        op(pick(['sum_rows', 'mean_rows', 'sum_cols', 'mean_cols']), pick([...pools.rows, ...pools.cols]));
        break;
      case 3:
        op(pick(['add', 'sub', 'mul']), any(), any());
        break;
      case 4:
        op(pick(['tanh', 'sin', 'abs']), any());
        break;
      case 5:
        op('div', any(), op('add', op('abs', any()), k(1)));
        break;
      default:
        op('interpolate', any(), any(), k(0.9));
    }
  }
  const last = (t: Type) => pools[t][pools[t].length - 1];
  const update = op('mul', k(0.01), op('tanh', op('add', op('add', last('tensor'), last('rows')), last('cols'))));
  const r = op('tanh', last('rows') === r0 ? op('add', r0, k(0.5)) : last('rows'));
  const c = op('tanh', last('cols') === c0 ? op('add', c0, k(0.5)) : last('cols'));
  const m = op('tanh', last('tensor') === m0 ? op('add', m0, k(0.5)) : last('tensor'));
  return {
    file: `random${seed}.opt`,
    signature: {
      fn: 'train',
      w: 'w',
      g: 'g',
      state: ['r', 'c', 'm'],
      inputs: [],
      hypers: [],
      stateTypes: ['rows', 'cols', 'tensor'],
    },
    nodes: b.nodes,
    outputs: { update, state: [r, c, m] },
  };
}
