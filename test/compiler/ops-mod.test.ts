// The table's `%` (compiler/ops.ts pythonMod): Python's float `%`, which the paper's programs were written in. Its
// values at the sign changes and zeros, which the interpreter's and targets' tests reach only through programs.

import { describe, expect, it } from 'vitest';
import { op, semantics } from '../../compiler/ops.ts';

const mod = semantics(op('mod'), 'ieee');

describe("mod: Python's float %", () => {
  it("takes the divisor's sign (Python: 7.5 % -2 == -0.5)", () => {
    expect([mod(7.5, 2), mod(-7.5, 2), mod(7.5, -2), mod(-7.5, -2)]).toEqual([1.5, 0.5, -0.5, -1.5]);
  });

  it("a zero result is a zero of the divisor's sign (Python: 6 % -3 == -0.0, -6 % 3 == 0.0)", () => {
    const zeros = [mod(6, 3), mod(-6, 3), mod(6, -3), mod(-6, -3), mod(0, -3), mod(-0, 3)];
    expect(zeros.map((z) => (Object.is(z, -0) ? '-0' : String(z)))).toEqual(['0', '0', '-0', '-0', '-0', '0']);
  });

  it('an infinite divisor: x itself with its sign, else the divisor (Python: 3 % -inf == -inf)', () => {
    expect([mod(3, Infinity), mod(3, -Infinity), mod(-3, Infinity), mod(-3, -Infinity)]).toEqual([
      3,
      -Infinity,
      Infinity,
      -3,
    ]);
  });

  it('NaN for a zero divisor, an infinite x or a NaN (IEEE, where Python raises or gives nan)', () => {
    for (const [x, y] of [
      [1, 0],
      [1, -0],
      [Infinity, 3],
      [Number.NaN, 3],
      [3, Number.NaN],
    ])
      expect(mod(x, y), `${x} % ${y}`).toBeNaN();
  });
});
