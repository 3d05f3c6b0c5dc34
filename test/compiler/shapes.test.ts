// Rows and columns (compiler/shapes.ts): the type lattice, state slots' types as a least fixpoint, the
// diagnostics, and the interpreter's reductions along an axis and broadcasting, each against values worked
// out by hand on small matrices.

import { describe, expect, test } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { fitsIn, join, lengthOf, matrixOf, reduceAxis, slotShape } from '../../compiler/shapes.ts';
import { compileProgram } from '../../compiler/pipeline.ts';
import { UnsupportedError } from '../../compiler/targets/unsupported.ts';
import { verify } from '../../compiler/verify.ts';
import { evaluate, Interpreter } from '../../runtime/interp.ts';

function program(source: string): Program {
  const { program, diagnostics } = compile(source, 'shapes.opt');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(verify(program!)).toEqual([]);
  return program!;
}

const lines = (...xs: string[]) => `${xs.join('\n')}\n`;
const f64 = (xs: readonly number[][]) => xs.map((t) => Float64Array.from(t));
const list = (ts: readonly Float64Array[]) => ts.map((t) => Array.from(t));

describe('the type lattice', () => {
  test('join: a scalar broadcasts to anything, a row and a column to the tensor', () => {
    expect(join('scalar', 'row')).toBe('row');
    expect(join('col', 'scalar')).toBe('col');
    expect(join('row', 'col')).toBe('tensor');
    expect(join('row', 'row')).toBe('row');
    expect(join('tensor', 'col')).toBe('tensor');
    expect(fitsIn('row', 'tensor')).toBe(true);
    expect(fitsIn('row', 'col')).toBe(false);
    expect(fitsIn('tensor', 'row')).toBe(false);
  });

  test('reducing over rows or columns', () => {
    expect(reduceAxis('tensor', 'rows')).toBe('row');
    expect(reduceAxis('tensor', 'cols')).toBe('col');
    expect(reduceAxis('col', 'rows')).toBe('scalar');
    expect(reduceAxis('row', 'cols')).toBe('scalar');
    expect(reduceAxis('row', 'rows')).toBe('row');
    expect(reduceAxis('scalar', 'cols')).toBe('scalar');
  });

  test('a tensor is a matrix whose columns are its last dimension', () => {
    expect(matrixOf([4, 5])).toEqual({ rows: 4, cols: 5 });
    expect(matrixOf([3, 3, 16, 32])).toEqual({ rows: 144, cols: 32 });
    expect(matrixOf([7])).toEqual({ rows: 1, cols: 7 });
    expect(matrixOf([])).toEqual({ rows: 1, cols: 1 });
    expect(matrixOf([5, 0])).toEqual({ rows: 5, cols: 0 });
    expect(lengthOf('col', [1000, 1000]) + lengthOf('row', [1000, 1000])).toBe(2000);
    expect(slotShape('row', [3, 3, 16, 32])).toEqual([32]);
    expect(slotShape('col', [3, 3, 16, 32])).toEqual([144]);
    expect(slotShape('tensor', [2, 3])).toEqual([2, 3]);
  });
});

describe("state slots' types", () => {
  test('follow what is assigned to them, through their own old value (a least fixpoint)', () => {
    const p = program(
      lines(
        'def train(w, g, r, c, m, s):',
        '    r = 0.9 * r + 0.1 * mean_cols(g * g)',
        '    c = 0.9 * c + 0.1 * mean_rows(g * g)',
        '    m = 0.9 * m',
        '    s = s + sum_cols(r * c)',
        '    update = g * r * c / mean(r) + m',
        '    return update, r, c, m, s',
      ),
    );
    // m is only ever a scalar: kept as a full tensor, as every slot was before rows and columns.
    expect(p.signature.stateTypes).toEqual(['col', 'row', 'tensor', 'col']);
  });

  test('programs with full-tensor slots only keep the signature they had', () => {
    const p = program(lines('def train(w, g, m):', '    m = m + g', '    return m, m'));
    expect(p.signature.stateTypes).toBeUndefined();
  });

  test('E0300 where a slot would hold two shapes, at the assignment, with a hint', () => {
    // a is a scalar at the fixpoint, so it is kept as a tensor; then b, a row, would be assigned a tensor.
    const src = lines('def train(w, g, a, b):', '    a = a * 0.9', '    b = mean_rows(g) + a', '    return g, a, b');
    const diagnostics = compile(src, 'd.opt').diagnostics.filter((d) => d.severity === 'error');
    expect(diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`)).toEqual(['E0300@3:5']);
    expect(diagnostics[0].message).toBe(
      "state slot 'b' holds a row (one value per column) of each tensor, but is assigned a tensor here",
    );
    expect(diagnostics[0].hint).toMatch(/keeps one shape/);
  });

  test('E0300 where a row or column is given to an op that needs a whole tensor', () => {
    const src = lines('def train(w, g):', '    update = g * dot(mean_rows(g), g)', '    return update');
    const { diagnostics } = compile(src, 'd.opt');
    expect(diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`)).toEqual(['E0300@2:22']);
    expect(diagnostics[0].message).toBe(
      "argument 'x' of dot must be a tensor (such as w, g or a state slot), but this is a row (one value per column)",
    );
  });

  test('E0300 where a scalar is given to a per-tensor reduction', () => {
    const src = lines('def train(w, g):', '    update = g * mean(lr)', '    return update');
    expect(compile(src, 'd.opt').diagnostics.map((d) => d.message)).toEqual([
      "argument 'x' of mean must be a tensor (such as w, g or a state slot) or a row or column of one, but this is a scalar",
    ]);
  });
});

describe('the interpreter', () => {
  // One 2 × 3 matrix, one 3-D tensor of 2 × 2 × 2 (4 rows of 2), one 1-D tensor (one row), one 0-D.
  const SHAPES = [[2, 3], [2, 2, 2], [3], []];
  const G = [[1, 2, 3, 4, 5, 6], [1, -1, 2, -2, 3, -3, 4, -4], [2, 4, 6], [5]];
  const run = (body: string, g = G) => {
    const p = program(lines('def train(w, g, s):', `    s = ${body}`, '    return g, s'));
    const w = g.map((t) => new Float64Array(t.length));
    const state = [SHAPES.map((shape) => new Float64Array(lengthOf(p.signature.stateTypes?.[0] ?? 'tensor', shape)))];
    const out = evaluate(p, { w, g: f64(g), shapes: SHAPES, state, inputs: [], hypers: [], step: 1 });
    return list(out.state[0]);
  };

  test('mean_rows: one value per column; mean_cols: one per row; a 1-D tensor is one row', () => {
    expect(run('mean_rows(g)')).toEqual([[2.5, 3.5, 4.5], [2.5, -2.5], [2, 4, 6], [5]]);
    expect(run('mean_cols(g)')).toEqual([[2, 5], [0, 0, 0, 0], [4], [5]]);
    expect(run('sum_rows(g)')).toEqual([[5, 7, 9], [10, -10], [2, 4, 6], [5]]);
    expect(run('sum_cols(g)')).toEqual([[6, 15], [0, 0, 0, 0], [12], [5]]);
  });

  test('a row and a column broadcast back over the tensor, and to each other', () => {
    expect(run('g - mean_rows(g)')).toEqual([
      [-1.5, -1.5, -1.5, 1.5, 1.5, 1.5],
      [-1.5, 1.5, -0.5, 0.5, 0.5, -0.5, 1.5, -1.5],
      [0, 0, 0],
      [0],
    ]);
    expect(run('mean_cols(g) * mean_rows(g) + 0 * g')[0]).toEqual([5, 7, 9, 12.5, 17.5, 22.5]);
    // A scalar state output is broadcast to the slot's shape (here a tensor).
    expect(run('mean(mean_cols(g)) + 0 * g')[0]).toEqual([3.5, 3.5, 3.5, 3.5, 3.5, 3.5]);
  });

  test('reductions of a row or a column: to a scalar across, to itself along its single row or column', () => {
    expect(run('mean_cols(mean_rows(g)) + 0 * g')[0]).toEqual([3.5, 3.5, 3.5, 3.5, 3.5, 3.5]);
    expect(run('mean_rows(mean_rows(g))')[0]).toEqual([2.5, 3.5, 4.5]);
    expect(run('size(mean_rows(g)) + 0 * g')[1]).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(run('sum(mean_cols(g)) + 0 * g')[0]).toEqual([7, 7, 7, 7, 7, 7]);
  });

  test('a NaN marks the reduced values it fed, and only those', () => {
    const p = program(lines('def train(w, g, s):', '    s = mean_rows(g)', '    return g, s'));
    const g = f64([[1, NaN, 3, 4, 5, 6]]);
    const out = evaluate(
      p,
      {
        w: [new Float64Array(6)],
        g,
        shapes: [[2, 3]],
        state: [[new Float64Array(3)]],
        inputs: [],
        hypers: [],
        step: 1,
      },
      { trackNonFinite: true },
    );
    expect(list(out.state[0])).toEqual([[2.5, NaN, 4.5]]);
    expect(Array.from(out.stateTaint![0][0])).toEqual([0, 1, 0]);
  });

  test('state is kept at its own size from step to step', () => {
    const p = program(
      lines('def train(w, g, r):', '    r = r + mean_cols(g)', '    update = 0 * g + r', '    return update, r'),
    );
    const run = new Interpreter(p, f64([[0, 0, 0, 0, 0, 0]]), { shapes: [[3, 2]] });
    expect(run.state[0].map((t) => t.length)).toEqual([3]);
    run.step(f64([[1, 3, 5, 7, 9, 11]]));
    run.step(f64([[1, 3, 5, 7, 9, 11]]));
    expect(list(run.state[0])).toEqual([[4, 12, 20]]);
    expect(Array.from(run.w[0])).toEqual([-6, -6, -18, -18, -30, -30]);
  });

  test('a shape that does not match its tensor is an error', () => {
    const p = program(lines('def train(w, g):', '    return g'));
    expect(() =>
      evaluate(p, {
        w: f64([[1, 2, 3]]),
        g: f64([[1, 2, 3]]),
        shapes: [[2, 2]],
        state: [],
        inputs: [],
        hypers: [],
        step: 1,
      }),
    ).toThrow(/tensor 0 has 3 elements, but its shape \[2, 2\] has 4/);
  });
});

describe('the WGSL target', () => {
  test('rejects rows and columns with a sentence, whether computed or kept in a slot', () => {
    const computed = program(lines('def train(w, g):', '    update = g - mean_rows(g)', '    return update'));
    const kept = program(lines('def train(w, g, r):', '    r = r + sum_cols(g)', '    return g, r'));
    for (const p of [computed, kept]) {
      expect(() => compileProgram(p, 'wgsl')).toThrow(UnsupportedError);
      expect(() => compileProgram(p, 'wgsl')).toThrow(
        'shapes.opt: the WGSL target does not compute rows and columns yet (mean_rows, mean_cols, sum_rows, sum_cols, or state that keeps them); use the tfjs target (optic train --backend tfjs)',
      );
    }
    expect(() => compileProgram(program(lines('def train(w, g):', '    return g - mean(g)')), 'wgsl')).not.toThrow();
  });
});
