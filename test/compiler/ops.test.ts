// The op table (compiler/ops.ts) read directly: where each op says its arguments are near a discontinuity
// (the differentials skip those elements, so a predicate that is wrong either hides bugs or fails good
// targets), Hero's protected math, and which ops program search draws from by default. The interpreter's
// tests (test/runtime/interp.test.ts) cover the ops' values through programs; these cover what no program
// output shows.

import { describe, expect, it } from 'vitest';
import { CALLABLE, CONSTANTS, HERO_OPS, op, OPS, semantics, type OpName } from '../../compiler/ops.ts';

// 0.25 is exact in binary, so the predicates' boundaries (≤ tol, ≤ tol · max(1, |x|, |y|)) are hit exactly.
const TOL = 0.25;
const near = (name: OpName, ...args: number[]) => op(name).near!(TOL, ...args);

describe('near a discontinuity', () => {
  it('division and reciprocal: a divisor within tol of 0, the boundary included', () => {
    expect([near('div', 5, 0.25), near('div', 5, -0.25), near('div', 0.25, 0.3)]).toEqual([true, true, false]);
    expect([near('reciprocal', 0.25), near('reciprocal', -0.3)]).toEqual([true, false]);
  });

  it('pow: a base within tol of 0, whatever the exponent', () => {
    expect([near('pow', 0.25, 5), near('pow', 5, 0.25), near('pow', -0.3, 0)]).toEqual([true, false, false]);
  });

  it('%: a divisor near 0, or a quotient near a whole number', () => {
    const mod = (x: number, y: number) => op('mod').near!(0.01, x, y);
    expect([mod(1, 0.01), mod(7.5, 2.5), mod(-7.5, 2.5), mod(7.5, 3), mod(7.6, 2.5)]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('comparisons, min and max: x and y within tol, absolutely below 1 and relatively above', () => {
    for (const name of ['lt', 'le', 'gt', 'ge', 'eq', 'ne', 'min', 'max'] as const) {
      // |4 - 3| = 1 = tol · 4 (relative), |0.2 - 0| ≤ tol (absolute), |4 - 2.9| > tol · 4.
      expect([near(name, 4, 3), near(name, 3, 4), near(name, 0.2, 0), near(name, 4, 2.9)], name).toEqual([
        true,
        true,
        true,
        false,
      ]);
    }
  });

  it('clip: |x| near c on either side of 0', () => {
    expect([near('clip', -4, 3), near('clip', 4, 3), near('clip', 0, 3), near('clip', 4, 2.9)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('where: a condition near 0', () => {
    expect([near('where', 0.25, 1, 2), near('where', -0.25, 1, 2), near('where', 1, 0, 0)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('tan at its poles, the inverse sines and cosines and arctanh at ±1, arccosh at 1 only', () => {
    expect([near('tan', Math.PI / 2), near('tan', -Math.PI / 2), near('tan', 0)]).toEqual([true, true, false]);
    for (const name of ['arcsin', 'arccos', 'arctanh'] as const) {
      expect([near(name, -1.25), near(name, 1), near(name, 0.5)], name).toEqual([true, true, false]);
    }
    expect([near('arccosh', 1.25), near('arccosh', 1), near('arccosh', -1)]).toEqual([true, true, false]);
  });

  it('logarithms, sqrt and sign at 0; log1p at -1', () => {
    for (const name of ['log', 'log10', 'log2', 'sqrt', 'sign'] as const) {
      expect([near(name, 0.25), near(name, -0.25), near(name, 1)], name).toEqual([true, true, false]);
    }
    expect([near('log1p', -1.25), near('log1p', -1), near('log1p', 0)]).toEqual([true, true, false]);
  });

  it("cosine_sim: either norm's square near 0; clip_by_global_norm: the norm near c", () => {
    const cos = op('cosine_sim').reduce!.near!;
    expect([cos(TOL, [1, 0.25, 4], []), cos(TOL, [1, 4, 0.25], []), cos(TOL, [1, 4, 4], [])]).toEqual([
      true,
      true,
      false,
    ]);
    const clip = op('clip_by_global_norm').reduce!.near!;
    // ‖x‖ = 4 against c = 3: |4 - 3| = tol · 4.
    expect([clip(TOL, [16], [3]), clip(TOL, [9], [4]), clip(TOL, [16], [2.9])]).toEqual([true, true, false]);
  });

  it('continuous ops say nothing', () => {
    for (const name of ['add', 'sub', 'mul', 'negative', 'abs', 'exp', 'tanh', 'interpolate', 'square'] as const) {
      expect(op(name).near, name).toBeUndefined();
    }
  });
});

describe("Hero's protected math", () => {
  const guarded = (name: OpName) => semantics(op(name), 'protected');

  it('x / (y + 1e-8), and logarithms and sqrt of |x|', () => {
    expect(guarded('div')(1, 0)).toBeCloseTo(1e8, 0);
    expect(guarded('div')(3, 2)).toBe(3 / (2 + 1e-8));
    expect(guarded('log')(-Math.E)).toBeCloseTo(1, 15);
    expect(guarded('log10')(-100)).toBeCloseTo(2, 15);
    expect(guarded('log2')(-8)).toBeCloseTo(3, 15);
    expect(guarded('log1p')(-3)).toBeCloseTo(Math.LN2, 15);
    expect(guarded('sqrt')(-4)).toBe(2);
  });

  it('only those ops differ; under IEEE every op is its own semantics', () => {
    const differ = [...OPS.values()].filter((d) => d.protectedF64 !== undefined).map((d) => d.name);
    expect(differ.sort()).toEqual(['div', 'log', 'log10', 'log1p', 'log2', 'sqrt']);
    expect(semantics(op('div'), 'ieee')(1, 0)).toBe(Infinity);
    expect(semantics(op('add'), 'protected')(1, 2)).toBe(3);
  });
});

describe('names', () => {
  it("Hero's search space: fn_lib.py's functions and + - * /, nothing of optic's own", () => {
    expect([...HERO_OPS].sort()).toEqual(
      [
        'add',
        'sub',
        'mul',
        'div',
        'pow',
        'negative',
        'abs',
        'cos',
        'sin',
        'tan',
        'arcsin',
        'arccos',
        'arctan',
        'sinh',
        'cosh',
        'tanh',
        'arcsinh',
        'arccosh',
        'arctanh',
        'exp',
        'exp2',
        'exp10',
        'expm1',
        'log',
        'log10',
        'log2',
        'log1p',
        'square',
        'sqrt',
        'cube',
        'cbrt',
        'sign',
        'reciprocal',
        'interpolate',
        'norm',
        'global_norm',
        'dot',
        'cosine_sim',
        'clip_by_global_norm',
      ].sort(),
    );
  });

  it('operators are not callable by name; aliases are', () => {
    for (const name of ['add', 'sub', 'mul', 'div', 'mod', 'lt', 'eq', 'ne'])
      expect(CALLABLE.has(name), name).toBe(false);
    expect(CALLABLE.get('power')?.name).toBe('pow');
    expect(CALLABLE.get('interp')?.name).toBe('interpolate');
    expect(CALLABLE.get('negative')?.name).toBe('negative');
  });

  it("the built-in constants: pi, e and Hero's eps", () => {
    expect(CONSTANTS).toEqual({ pi: Math.PI, e: Math.E, eps: 1e-8 });
  });
});
