// Rows and columns (ir.ts `Type`): the type pass's state-slot fixpoint and its diagnostics, and the interpreter's
// row and column reductions and broadcasting on each tensor's R×C view, checked against plain loops written
// here, for a matrix, a 3-D tensor, a vector, a scalar tensor and empty tensors.

import { describe, expect, test } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { matrixView } from '../../compiler/shape.ts';
import { compileProgram } from '../../compiler/pipeline.ts';
import { verify } from '../../compiler/verify.ts';
import { equivalent } from '../../runtime/equiv.ts';
import { evaluate } from '../../runtime/interp.ts';
import { Interpreter, zeroState } from '../../runtime/interpreter.ts';

function program(source: string): Program {
  const { program, diagnostics } = compile(source, 'test.opt');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(verify(program!)).toEqual([]);
  return program!;
}

function errors(source: string) {
  return compile(source, 'test.opt')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, line: d.span.line, col: d.span.col, message: d.message }));
}

const f64 = (xs: readonly number[]) => Float64Array.from(xs);
const list = (t: Float64Array) => Array.from(t);

/** One step from the given state (zero by default) on one tensor of this shape. */
function step(source: string, shape: number[], w: number[], g: number[], state?: number[][]) {
  const p = program(source);
  const zero = zeroState(p, [w], [shape]);
  return evaluate(p, {
    w: [f64(w)],
    g: [f64(g)],
    shapes: [shape],
    state: state ? state.map((s) => [f64(s)]) : zero,
    inputs: [],
    hypers: [],
    step: 1,
  });
}

describe('the R×C view', () => {
  test('C is the last dimension, R the product of the others', () => {
    expect(matrixView([2, 3, 4])).toEqual({ rows: 6, cols: 4 });
    expect(matrixView([5])).toEqual({ rows: 1, cols: 5 });
    expect(matrixView([])).toEqual({ rows: 1, cols: 1 });
    expect(matrixView([0, 2])).toEqual({ rows: 0, cols: 2 });
  });
});

describe('types', () => {
  test('a slot takes the shape assigned to it, read before the assignment too', () => {
    const p = program(`
def train(w, g, r, c, m):
    r = 0.9 * r + mean_rows(g * g)
    c = 0.9 * c + mean_cols(g * g)
    m = m + 1
    return g * r * c, r, c, m
`);
    expect(p.signature.stateTypes).toEqual(['rows', 'cols', 'tensor']);
    expect(p.nodes.filter((n) => n.op === 'state').map((n) => n.type)).toEqual(['rows', 'cols', 'tensor']);
  });

  test('a program without rows or columns keeps its signature as it was', () => {
    expect(program('def train(w, g, m):\n    m = m + g\n    return m, m\n').signature.stateTypes).toBeUndefined();
  });

  test('the fixpoint follows slots through each other: a slot read as a scalar until assigned', () => {
    // b reads a's old value: rows only once a is known to be rows.
    const p = program(`
def train(w, g, a, b):
    b = b + a
    a = mean_rows(g)
    return g, a, b
`);
    expect(p.signature.stateTypes).toEqual(['rows', 'rows']);
  });

  test('rows ⊕ cols is a tensor (the outer combination); per-tensor reductions accept both', () => {
    const p = program(`
def train(w, g):
    r = sum_rows(g)
    c = sum_cols(g)
    return r * c + sum(r) + mean(c) + size(r) + norm(c), 
`);
    expect(p.nodes[p.outputs.update].type).toBe('tensor');
  });

  test('a slot assigned two shapes is E0300 at the second, naming the first', () => {
    expect(
      errors(`
def train(w, g, v):
    v = mean_rows(g)
    v = mean_cols(g)
    return g, v
`),
    ).toEqual([
      {
        code: 'E0300',
        line: 4,
        col: 9,
        message:
          "state slot 'v' is assigned a cols value (one number per col) here but a rows value (one number per row) at 3:9",
      },
    ]);
  });

  test('an update with one number per row is E0300', () => {
    expect(errors('def train(w, g):\n    return mean_rows(g),\n')).toEqual([
      {
        code: 'E0300',
        line: 2,
        col: 12,
        message:
          'the update must be a tensor (or a scalar, for every element), but this is a rows value (one number per row)',
      },
    ]);
  });

  test('reductions of a scalar and global reductions of rows are E0300', () => {
    expect(errors('def train(w, g):\n    return g * sum_rows(2),\n').map((e) => e.message)).toEqual([
      "argument 'x' of sum_rows must be a tensor (such as w, g or a state slot), but this is a scalar",
    ]);
    expect(errors('def train(w, g):\n    return g * global_norm(sum_rows(g)),\n').map((e) => e.message)).toEqual([
      "argument 'x' of global_norm must be a tensor (such as w, g or a state slot), but this is a rows value (one number per row)",
    ]);
  });
});

describe('the interpreter', () => {
  // A 2×3 matrix, row-major.
  const G = [1, 2, 3, 4, 5, 6];

  test('row and column sums and means on a matrix', () => {
    const out = step(
      `
def train(w, g, a, b, c, d):
    a = sum_rows(g)
    b = mean_rows(g)
    c = sum_cols(g)
    d = mean_cols(g)
    return g, a, b, c, d
`,
      [2, 3],
      [0, 0, 0, 0, 0, 0],
      G,
    );
    expect(out.state.map((s) => list(s[0]))).toEqual([
      [6, 15],
      [2, 5],
      [5, 7, 9],
      [2.5, 3.5, 4.5],
    ]);
  });

  test('broadcasting: rows over columns, cols over rows, rows ⊕ cols the outer sum', () => {
    const out = step(
      `
def train(w, g, t):
    t = sum_rows(g) * 10 + sum_cols(g)
    return g * sum_rows(g) - sum_cols(g), t
`,
      [2, 3],
      [0, 0, 0, 0, 0, 0],
      G,
    );
    const rows = [6, 15];
    const cols = [5, 7, 9];
    const expected = G.map((x, k) => x * rows[Math.floor(k / 3)] - cols[k % 3]);
    expect(list(out.update[0])).toEqual(expected);
    expect(list(out.state[0][0])).toEqual([65, 67, 69, 155, 157, 159]);
  });

  test('on rows and cols values: identities along their own axis, per-tensor reductions across', () => {
    const out = step(
      `
def train(w, g, a, b):
    a = mean_rows(sum_rows(g)) + sum_cols(sum_rows(g))
    b = mean_cols(sum_cols(g)) + mean_rows(sum_cols(g))
    return g, a, b
`,
      [2, 3],
      [0, 0, 0, 0, 0, 0],
      G,
    );
    expect(list(out.state[0][0])).toEqual([6 + 21, 15 + 21]);
    expect(list(out.state[1][0])).toEqual([5 + 7, 7 + 7, 9 + 7]);
  });

  test('a 3-D tensor is R×C with C its last dimension', () => {
    const g = Array.from({ length: 12 }, (_, k) => k);
    const out = step(
      'def train(w, g, r):\n    r = sum_rows(g)\n    return g, r\n',
      [2, 2, 3],
      g.map(() => 0),
      g,
    );
    expect(list(out.state[0][0])).toEqual([3, 12, 21, 30]);
  });

  test('a vector is 1×n: mean_rows is one number, mean_cols is g itself', () => {
    const out = step(
      'def train(w, g, r, c):\n    r = mean_rows(g)\n    c = mean_cols(g)\n    return g, r, c\n',
      [4],
      [0, 0, 0, 0],
      [1, 2, 3, 6],
    );
    expect(out.state.map((s) => list(s[0]))).toEqual([[3], [1, 2, 3, 6]]);
  });

  test('a scalar tensor is 1×1', () => {
    const out = step('def train(w, g, r):\n    r = mean_rows(g) + sum_cols(g)\n    return g, r\n', [], [0], [5]);
    expect(list(out.state[0][0])).toEqual([10]);
  });

  test('state slots hold R or C numbers per tensor: 2,000 for a 1000×1000 matrix', () => {
    const p = program(`
def train(w, g, r, c):
    r = mean_rows(g)
    c = mean_cols(g)
    return g, r, c
`);
    const state = zeroState(p, [{ length: 1e6 }, { length: 7 }], [[1000, 1000], [7]]);
    expect(state.map((slot) => slot.map((t) => t.length))).toEqual([
      [1000, 1],
      [1000, 7],
    ]);
  });

  test('an empty tensor takes no step: its rows and cols state keeps its value, mean over no rows or not', () => {
    const source = `
def train(w, g, r, c, n):
    r = mean_rows(g) + 1
    c = mean_cols(g) + 1
    n = mean(g) + 1
    return g, r, c, n
`;
    const p = program(source);
    const run = new Interpreter(p, [f64([]), f64([]), f64([1, 2])], {
      shapes: [
        [0, 2],
        [3, 0],
        [1, 2],
      ],
    });
    run.step([f64([]), f64([]), f64([3, 5])]);
    run.step([f64([]), f64([]), f64([3, 5])]);
    expect(run.state.map((slot) => slot.map(list))).toEqual([
      [[], [0, 0, 0], [5]],
      [[0, 0], [], [4, 6]],
      [[], [], [5, 5]],
    ]);
  });

  test('marks follow rows and columns: a NaN in one row marks that row and every column', () => {
    const p = program(`
def train(w, g, r, c):
    r = sum_rows(g)
    c = sum_cols(g)
    return g * 0 + r, r, c
`);
    const out = evaluate(
      p,
      {
        w: [f64([0, 0, 0, 0, 0, 0])],
        g: [f64([1, 2, Number.NaN, 4, 5, 6])],
        shapes: [[2, 3]],
        state: zeroState(p, [G], [[2, 3]]),
        inputs: [],
        hypers: [],
        step: 1,
      },
      { trackNonFinite: true },
    );
    expect(out.stateTaint!.map((s) => Array.from(s[0]))).toEqual([
      [1, 0],
      [0, 0, 1],
    ]);
    expect(Array.from(out.updateTaint![0])).toEqual([1, 1, 1, 0, 0, 0]);
  });
});

describe('targets', () => {
  test('the wgsl target compiles rows and columns (test/targets/wgsl/lines.test.ts runs them)', () => {
    const p = program('def train(w, g):\n    return g * mean_rows(g),\n');
    expect(compileProgram(p, 'wgsl').manifest.lines).toEqual({
      sums: { rows: 1, cols: 0 },
      state: { rows: 0, cols: 0 },
    });
  });
});

describe('equivalence checking with rows and columns', () => {
  const of = (update: string) => program(`def train(w, g):\n    return ${update},\n`);

  test('programs with rows or columns are tried on matrices: mean_rows is not mean there', () => {
    // On vectors (1×n) the two agree: only a matrix tells them apart.
    const result = equivalent(of('g * mean_rows(g)'), of('g * mean(g)'), { seed: 1, trials: 50 });
    expect(result.kind).toBe('different');
    if (result.kind === 'different') expect(result.counterexample.case.shapes?.some((s) => s.length === 2)).toBe(true);
  });

  test('the mean of the row means is not the mean: sums overflow differently (why rules.ts does not reassociate)', () => {
    const result = equivalent(of('g * mean_cols(mean_rows(g))'), of('g * mean(g)'), {
      seed: 2,
      trials: 50,
      level: 'finite',
    });
    expect(result.kind).toBe('different');
    if (result.kind === 'different') expect(Number.isFinite(result.counterexample.mismatch.expected)).toBe(true);
    // Away from overflow they agree (up to rounding): on small integers, exactly.
    const small = (g: number[]) =>
      ['g * mean_cols(mean_rows(g))', 'g * mean(g)'].map((u) =>
        list(step(`def train(w, g):\n    return ${u},\n`, [2, 2], [0, 0, 0, 0], g).update[0]),
      );
    const [a, b] = small([1, 2, 3, 6]);
    expect(a).toEqual(b);
  });
});
