// The algebraic rewrite rules, as data (egg-style): a name, a pattern, a replacement, an optional guard,
// and the level at which the rule is valid. One comment of math per rule. Patterns are s-expressions over
// op names (compiler/ops.ts): `?x` binds any value (the same variable twice means the same value), a
// number matches a constant with exactly that value (0 matches +0, not −0). Commutative ops (cse.ts) match
// in both argument orders.
//
// Math modes: a rule is stated for IEEE math; under Hero's protected math (x / (y + 1e-8), √|x|, log |x|) a rule
// mentioning one of those ops does not fire unless it is marked `protectedToo` (rewrite.ts `holdsUnder`).
//
// Levels (the passes' contract, tested by fuzzing every rule against the interpreter, test/passes/rules):
// - exact: the same outputs for every input, NaN, ±Inf and signed zeros included, up to rounding;
// - finite: the same outputs wherever the original computes no NaN or ±Inf along the way. There the sign of
//   a zero may change: −0 and +0 compare equal, and anything that could tell them apart (1/x) is infinite.
//
// Two invariants the driver (rewrite.ts) relies on: a replacement has at most one op, so a rewrite never
// grows the program; and the driver rejects a replacement whose type differs from the original's (x − x
// is the scalar 0 only where x is a scalar: a tensor of zeros has no literal).

import type { Level } from './pass.ts';

/** What a guard sees: the constant bound to a variable, if it is one. */
export interface Bindings {
  constant(name: string): number | undefined;
}

export interface Rule {
  name: string;
  level: Level;
  pattern: string;
  replacement: string;
  guard?: (m: Bindings) => boolean;
  /**
   * Equal up to rounding, not bit for bit. Such a rewrite is only as good as what follows it: an op that
   * amplifies an ulp (sin of 1e9, a cancelling subtraction) turns it into a visible difference, which is
   * the program's conditioning, not the rule's. Their property tests compare the rewritten value itself.
   */
  rounding?: true;
  /** Holds under Hero's protected math too, although it mentions an op protected math redefines (rewrite.ts). */
  protectedToo?: true;
}

/** A guard: variable `name` is a constant inside the open interval (lo, hi). */
const constBetween = (name: string, lo: number, hi: number) => (m: Bindings) => {
  const c = m.constant(name) ?? Number.NaN; // not a constant: NaN, which lies in no interval
  return c > lo && c < hi;
};

export const RULES: readonly Rule[] = [
  // x·1 = x and x/1 = x for every x: IEEE multiplication by one is the identity, NaN and −0 included.
  { name: 'mul-one', level: 'exact', pattern: '(mul ?x 1)', replacement: '?x' },
  { name: 'div-one', level: 'exact', pattern: '(div ?x 1)', replacement: '?x' },
  // x − (+0) = x for every x (−0 − 0 = −0); x + (−0) = x likewise.
  { name: 'sub-zero', level: 'exact', pattern: '(sub ?x 0)', replacement: '?x' },
  { name: 'add-negzero', level: 'exact', pattern: '(add ?x -0)', replacement: '?x' },
  // pow(x, 1) = x (IEEE 754 pow: pow(x, 1) is x for every x, NaN included).
  { name: 'pow-one', level: 'exact', pattern: '(pow ?x 1)', replacement: '?x' },
  // −(−x) = x: negation only flips the sign bit.
  { name: 'neg-neg', level: 'exact', pattern: '(negative (negative ?x))', replacement: '?x' },
  // x − (−y) = x + y and x + (−y) = x − y: IEEE defines subtraction as addition of the negation.
  { name: 'sub-neg', level: 'exact', pattern: '(sub ?x (negative ?y))', replacement: '(add ?x ?y)' },
  { name: 'add-neg', level: 'exact', pattern: '(add ?x (negative ?y))', replacement: '(sub ?x ?y)' },
  // (−x)(−y) = xy and (−x)/(−y) = x/y: the signs cancel exactly; the magnitudes are untouched.
  { name: 'mul-neg-neg', level: 'exact', pattern: '(mul (negative ?x) (negative ?y))', replacement: '(mul ?x ?y)' },
  { name: 'div-neg-neg', level: 'exact', pattern: '(div (negative ?x) (negative ?y))', replacement: '(div ?x ?y)' },
  // x·x = square(x), and x·x² = cube(x): the op table defines square as x*x and cube as (x*x)*x.
  { name: 'mul-self', level: 'exact', pattern: '(mul ?x ?x)', replacement: '(square ?x)' },
  { name: 'mul-square', level: 'exact', pattern: '(mul ?x (square ?x))', replacement: '(cube ?x)' },
  // x ** 2 = x·x up to rounding, for every x (pow(±Inf, 2) = Inf, pow(NaN, 2) = NaN).
  { name: 'pow-two', level: 'exact', pattern: '(pow ?x 2)', replacement: '(square ?x)', rounding: true },
  // |·| and square forget the sign: ||x|| = |−x| = |x|, |x²| = (−x)² = |x|² = x².
  { name: 'abs-abs', level: 'exact', pattern: '(abs (abs ?x))', replacement: '(abs ?x)' },
  { name: 'abs-neg', level: 'exact', pattern: '(abs (negative ?x))', replacement: '(abs ?x)' },
  { name: 'abs-square', level: 'exact', pattern: '(abs (square ?x))', replacement: '(square ?x)' },
  { name: 'square-neg', level: 'exact', pattern: '(square (negative ?x))', replacement: '(square ?x)' },
  { name: 'square-abs', level: 'exact', pattern: '(square (abs ?x))', replacement: '(square ?x)' },
  // sign(sign(x)) = sign(x): sign maps into {−1, −0, 0, 1, NaN}, where it is the identity.
  { name: 'sign-sign', level: 'exact', pattern: '(sign (sign ?x))', replacement: '(sign ?x)' },
  // |x|·sign(x) = x: ±Inf·±1 = ±Inf, NaN stays NaN, and 0·(−0) = −0 keeps the zero's sign.
  { name: 'abs-times-sign', level: 'exact', pattern: '(mul (abs ?x) (sign ?x))', replacement: '?x' },
  // max(x, x) = min(x, x) = x, −0 and NaN included.
  { name: 'max-self', level: 'exact', pattern: '(max ?x ?x)', replacement: '?x' },
  { name: 'min-self', level: 'exact', pattern: '(min ?x ?x)', replacement: '?x' },
  // clip is idempotent: clip(x, c) already lies in [−c, c] (or is c, or NaN, when c < 0 or c is NaN).
  { name: 'clip-clip', level: 'exact', pattern: '(clip (clip ?x ?c) ?c)', replacement: '(clip ?x ?c)' },
  // (1 − β)x + βx = x for a constant 0 < β < 1: two same-signed parts, no cancellation, and for x = ±Inf
  // both parts are ±Inf (at β = 0 or 1 one part is 0·Inf = NaN, for β > 1 they are −Inf + Inf).
  {
    name: 'interp-same',
    level: 'exact',
    pattern: '(interpolate ?x ?x ?b)',
    replacement: '?x',
    guard: constBetween('b', 0, 1),
    rounding: true,
  },
  // sum(x) / size(x) is mean(x) by the op table's own definition: the same two sums and one division.
  { name: 'mean-def', level: 'exact', pattern: '(div (sum ?x) (size ?x))', replacement: '(mean ?x)' },
  // A row reduction of a value that already has one number per row (or is a scalar: sum_rows of a cols value
  // is one) sums or averages one number: the identity (ir.ts axisType). So twice is once, and columns alike.
  // (Reassociating sums, sum(sum_rows(x)) = sum(x), is not even finite: partial sums overflow differently.)
  ...(['rows', 'cols'] as const).flatMap((axis) =>
    (['sum', 'mean'] as const).flatMap((outer) =>
      (['sum', 'mean'] as const).map(
        (inner): Rule => ({
          name: `${outer}-${inner}-${axis}`,
          level: 'exact',
          pattern: `(${outer}_${axis} (${inner}_${axis} ?x))`,
          replacement: `(${inner}_${axis} ?x)`,
        }),
      ),
    ),
  ),

  // x + 0 = x except that −0 + 0 = +0.
  { name: 'add-zero', level: 'finite', pattern: '(add ?x 0)', replacement: '?x' },
  // −(x − y) = y − x except for the sign of a zero result.
  { name: 'neg-sub', level: 'finite', pattern: '(negative (sub ?x ?y))', replacement: '(sub ?y ?x)' },
  // x·0 = 0, x − x = 0, x/x = 1 for finite (and, for the last, nonzero) x; scalars only (see above).
  { name: 'mul-zero', level: 'finite', pattern: '(mul ?x 0)', replacement: '0' },
  { name: 'sub-self', level: 'finite', pattern: '(sub ?x ?x)', replacement: '0' },
  { name: 'div-self', level: 'finite', pattern: '(div ?x ?x)', replacement: '1' },
  // interpolate(x, y, 0) = x + 0·y and interpolate(x, y, 1) = 0·x + y: 0·Inf is NaN.
  { name: 'interp-zero', level: 'finite', pattern: '(interpolate ?x ?y 0)', replacement: '?x' },
  { name: 'interp-one', level: 'finite', pattern: '(interpolate ?x ?y 1)', replacement: '?y' },
  // (1 − β)x + βx = x up to a rounding error of (|1 − β| + |β|) ulp, kept small by |β| < 1000.
  {
    name: 'interp-same-any',
    level: 'finite',
    pattern: '(interpolate ?x ?x ?b)',
    replacement: '?x',
    guard: constBetween('b', -1000, 1000),
    rounding: true,
  },
  // √(x²) = |x| until x² overflows to Inf (|x| > 1.3e154).
  // Protected sqrt takes √|x|, and x² ≥ 0 already.
  {
    name: 'sqrt-square',
    level: 'finite',
    pattern: '(sqrt (square ?x))',
    replacement: '(abs ?x)',
    rounding: true,
    protectedToo: true,
  },
  // (√x)² = x for x ≥ 0; x < 0 gives NaN.
  { name: 'square-sqrt', level: 'finite', pattern: '(square (sqrt ?x))', replacement: '?x', rounding: true },
  // x / |x| = sign(x) for nonzero finite x; at 0 it is 0/0 = NaN, at ±Inf Inf/Inf = NaN.
  { name: 'div-abs', level: 'finite', pattern: '(div ?x (abs ?x))', replacement: '(sign ?x)' },
  // exp(log(x)) = x for x > 0, up to a relative error of |log x| ulp; log of x ≤ 0 is NaN or −Inf.
  { name: 'exp-log', level: 'finite', pattern: '(exp (log ?x))', replacement: '?x', rounding: true },
  // x·(1/y) = x/y and x/(1/y) = x·y up to rounding, while 1/y is finite (y ≠ 0, |y| > 5.6e-309).
  {
    name: 'mul-reciprocal',
    level: 'finite',
    pattern: '(mul ?x (reciprocal ?y))',
    replacement: '(div ?x ?y)',
    rounding: true,
  },
  {
    name: 'div-reciprocal',
    level: 'finite',
    pattern: '(div ?x (reciprocal ?y))',
    replacement: '(mul ?x ?y)',
    rounding: true,
  },
];
