// The WGSL emitter table: one entry per op of compiler/ops.ts (typed Record<OpName, …>, so adding an op
// without a WGSL line is a type error). Elementwise entries turn argument expressions of one type (`f32` or
// `vec4f`) into an expression of that type; reductions give the WGSL of their `finish` and `map`.
//
// WGSL's builtins differ from the reference (JavaScript's Math) where the spec leaves room: `pow` is
// exp2(y · log2(x)) and undefined for x < 0 or x = 0, `clamp(x, lo, hi)` is undefined for lo > hi,
// sinh/tanh/asinh lose all relative precision near 0 and there is no expm1/log1p/cbrt. Those ops go
// through small helper functions (below) that give the reference's result on finite values.

import type { OpName } from '../ops.ts';

export type WgslType = 'f32' | 'vec4f';

/** A helper's name for one type: helpers are written once per type (WGSL has no overloading). */
const helperName = (name: string, t: WgslType) => `${name}_${t}`;

export type Elementwise = {
  kind: 'elementwise';
  emit: (a: readonly string[], t: WgslType, math: 'ieee' | 'protected') => string;
  helpers?: readonly string[];
};
export type Reduce = {
  kind: 'reduce';
  /** The scalar value from the finished sums and the op's scalar arguments (all f32 expressions). */
  finish: (sums: readonly string[], scalars: readonly string[]) => string;
  /** For ops whose result is a tensor: each element of argument 0 given the finished scalar. */
  map?: (x: string, r: string) => string;
};
/** Row and column reductions: a line pass's sums, the argument itself, or a per-tensor sum (wgsl-body.ts). */
export type Axis = { kind: 'axis' };
export type Emitter = Elementwise | Reduce | Axis;

const call = (fn: string) =>
  ({ kind: 'elementwise', emit: (a: readonly string[]) => `${fn}(${a.join(', ')})` }) as const;
const helper = (fn: string) =>
  ({
    kind: 'elementwise',
    emit: (a: readonly string[], t: WgslType) => `${helperName(fn, t)}(${a.join(', ')})`,
    helpers: [fn],
  }) as const;
const expr = (f: (...a: string[]) => string) =>
  ({ kind: 'elementwise', emit: (a: readonly string[]) => f(...a) }) as const;
/** `protected` math (hero/fn_lib.py) takes |x| for sqrt and the logarithms. */
const guarded = (f: (x: string, t: WgslType) => string) =>
  ({
    kind: 'elementwise',
    emit: ([x]: readonly string[], t: WgslType, math: string) => f(math === 'protected' ? `abs(${x})` : x, t),
  }) as const;

/** 1 where `x op y` holds, else 0, in the argument's type. */
const comparison = (op: string): Elementwise => ({
  kind: 'elementwise',
  emit: ([x, y], t) => `select(${t}(0f), ${t}(1f), ${x} ${op} ${y})`,
});

const LOG2_10 = '3.321928094887362f';
const LOG10_2 = '0.30102999566398120f';

export const EMIT: Record<OpName, Emitter> = {
  add: expr((x, y) => `(${x} + ${y})`),
  sub: expr((x, y) => `(${x} - ${y})`),
  mul: expr((x, y) => `(${x} * ${y})`),
  div: {
    kind: 'elementwise',
    emit: ([x, y], _t, math) => (math === 'protected' ? `(${x} / (${y} + 1e-8f))` : `(${x} / ${y})`),
  },
  pow: helper('opt_pow'),
  negative: expr((x) => `(-${x})`),
  mod: helper('opt_mod'),
  lt: comparison('<'),
  le: comparison('<='),
  gt: comparison('>'),
  ge: comparison('>='),
  eq: comparison('=='),
  ne: comparison('!='),
  abs: call('abs'),
  cos: call('cos'),
  sin: call('sin'),
  tan: call('tan'),
  arcsin: helper('opt_asin'),
  arccos: helper('opt_acos'),
  arctan: call('atan'),
  sinh: helper('opt_sinh'),
  cosh: call('cosh'),
  tanh: helper('opt_tanh'),
  arcsinh: helper('opt_asinh'),
  arccosh: helper('opt_acosh'),
  arctanh: helper('opt_atanh'),
  exp: call('exp'),
  exp2: call('exp2'),
  exp10: expr((x) => `exp2(${x} * ${LOG2_10})`),
  expm1: helper('opt_expm1'),
  log: guarded((x) => `log(${x})`),
  log10: guarded((x) => `(log2(${x}) * ${LOG10_2})`),
  log2: guarded((x) => `log2(${x})`),
  log1p: {
    kind: 'elementwise',
    emit: ([x], t, math) => (math === 'protected' ? `log(abs(1f + ${x}))` : `${helperName('opt_log1p', t)}(${x})`),
    helpers: ['opt_log1p'],
  },
  square: expr((x) => `(${x} * ${x})`),
  sqrt: guarded((x) => `sqrt(${x})`),
  cube: expr((x) => `(${x} * ${x} * ${x})`),
  cbrt: helper('opt_cbrt'),
  sign: call('sign'),
  reciprocal: expr((x) => `(1f / ${x})`),
  max: call('max'),
  min: call('min'),
  // Not clamp(): clamp(x, -c, c) is undefined for c < 0, where the reference gives c.
  clip: expr((x, c) => `min(max(${x}, -${c}), ${c})`),
  where: { kind: 'elementwise', emit: ([c, x, y], t) => `select(${y}, ${x}, ${c} != ${t}(0f))` },
  interpolate: expr((x, y, b) => `((1f - ${b}) * ${x} + ${b} * ${y})`),
  norm: { kind: 'reduce', finish: ([s]) => `sqrt(${s})` },
  sum: { kind: 'reduce', finish: ([s]) => s },
  mean: { kind: 'reduce', finish: ([s, n]) => `(${s} / ${n})` },
  size: { kind: 'reduce', finish: ([n]) => n },
  sum_rows: { kind: 'axis' },
  mean_rows: { kind: 'axis' },
  sum_cols: { kind: 'axis' },
  mean_cols: { kind: 'axis' },
  global_norm: { kind: 'reduce', finish: ([s]) => `sqrt(${s})` },
  dot: { kind: 'reduce', finish: ([s]) => s },
  cosine_sim: { kind: 'reduce', finish: ([xy, xx, yy]) => `(${xy} / (sqrt(${xx}) * sqrt(${yy})))` },
  clip_by_global_norm: {
    kind: 'reduce',
    // Exactly 1 when the norm is 0: x is then unchanged (not 0 · Inf).
    finish: ([s], [c]) => `select(min(1f, ${c} / sqrt(${s})), 1f, ${s} == 0f)`,
    map: (x, r) => `(${x} * ${r})`,
  },
};

/**
 * Helper bodies, written for a type `T` with boolean type `B` (replaced per use). Each states the identity it
 * relies on. `select(f, t, cond)` picks `t` where `cond` holds.
 */
export const HELPERS: Readonly<Record<string, string>> = {
  // JavaScript's Math.pow on finite values: |x|^y, negated for x < 0 and an odd integer y; 1 for y = 0 or
  // x = 1; 0 for x = 0 and y > 0. (x < 0 with a fractional y is NaN in the reference: never compared.)
  opt_pow: `fn opt_pow_T(x: T, y: T) -> T {
  let a = abs(x);
  let m = exp2(y * log2(a));
  let odd = (fract(y * 0.5f) != T(0f)) & (fract(y) == T(0f));
  var r = select(m, -m, (x < T(0f)) & odd);
  r = select(r, T(0f), (a == T(0f)) & (y > T(0f)));
  return select(r, T(1f), (y == T(0f)) | (x == T(1f)));
}`,
  // asin and acos through atan2, whose error is far below lavapipe's asin (2e-4 absolute at x = -0.5).
  opt_asin: `fn opt_asin_T(x: T) -> T {
  return atan2(x, sqrt((T(1f) - x) * (T(1f) + x)));
}`,
  opt_acos: `fn opt_acos_T(x: T) -> T {
  return 2f * atan2(sqrt(T(1f) - x), sqrt(T(1f) + x));
}`,
  // expm1 near 0 by its Taylor series (truncated below float32's rounding for |x| < 0.1), e^x − 1 elsewhere (a few
  // ULP of e^x over |e^x − 1| ≥ 0.095). Not Kahan's (u − 1) · x / log(u) with u = e^x: a shader compiler may
  // fold log(exp(x)) to x (lavapipe does), leaving u − 1, and lavapipe's exp(-1e-37) is 1 − 2^-24.
  opt_expm1: `fn opt_expm1_T(x: T) -> T {
  let p = 0.16666667f + x * (0.041666668f + x * (0.008333334f + x * 0.0013888889f));
  return select(exp(x) - T(1f), x * (1f + x * (0.5f + x * p)), abs(x) < T(0.1f));
}`,
  // log1p near 0 by its series (truncated below float32's rounding for |x| < 0.1), log(1 + x) elsewhere (WGSL's log
  // is accurate to 2^-21 absolute near 1: relative 5e-6 at |x| = 0.1). Not Kahan's log(u) · x / (u − 1)
  // with u = 1 + x: a shader compiler may reassociate (1 + x) − 1 to x (lavapipe does), leaving log(1 + x),
  // which is 0 for |x| < 6e-8.
  opt_log1p: `fn opt_log1p_T(x: T) -> T {
  let p = 0.25f - x * (0.2f - x * (0.16666667f - x * 0.14285715f));
  return select(log(T(1f) + x), x * (1f - x * (0.5f - x * (0.33333334f - x * p))), abs(x) < T(0.1f));
}`,
  // sinh(x) = (E + E / (E + 1)) / 2 with E = expm1(x): accurate near 0, where (eˣ − e⁻ˣ) / 2 is not.
  opt_sinh: `fn opt_sinh_T(x: T) -> T {
  let e = opt_expm1_T(x);
  return select(sinh(x), 0.5f * (e + e / (e + T(1f))), abs(x) < T(1f));
}`,
  // tanh(x) = E / (E + 2) with E = expm1(2x) near 0; the builtin elsewhere (±1 for large |x|).
  opt_tanh: `fn opt_tanh_T(x: T) -> T {
  let e = opt_expm1_T(2f * x);
  return select(tanh(x), e / (e + T(2f)), abs(x) < T(0.5f));
}`,
  // asinh(x) = sign(x) · log1p(|x| + x² / (1 + √(1 + x²))); log|x| + log 2 where x² would overflow.
  opt_asinh: `fn opt_asinh_T(x: T) -> T {
  let a = abs(x);
  let small = opt_log1p_T(a + a * a / (T(1f) + sqrt(T(1f) + a * a)));
  return sign(x) * select(small, log(a) + 0.6931471805599453f, a > T(1e10f));
}`,
  // acosh(x) = log1p(t + √(2t + t²)) with t = x − 1: no cancellation near 1.
  opt_acosh: `fn opt_acosh_T(x: T) -> T {
  let t = x - T(1f);
  let small = opt_log1p_T(t + sqrt(2f * t + t * t));
  return select(small, log(x) + 0.6931471805599453f, x > T(1e10f));
}`,
  // atanh(x) = log1p(2x / (1 − x)) / 2.
  opt_atanh: `fn opt_atanh_T(x: T) -> T {
  return 0.5f * opt_log1p_T(2f * x / (T(1f) - x));
}`,
  // Python's x % y: WGSL's % (x − y · trunc(x / y), the sign of x) moved into y's sign.
  opt_mod: `fn opt_mod_T(x: T, y: T) -> T {
  let m = x % y;
  return select(m, m + y, (m != T(0f)) & ((m < T(0f)) != (y < T(0f))));
}`,
  // The real cube root, negative for negative x; exactly 0 at 0.
  opt_cbrt: `fn opt_cbrt_T(x: T) -> T {
  let a = abs(x);
  return select(sign(x) * exp2(log2(a) / 3f), T(0f), a == T(0f));
}`,
};

/** Helpers a helper calls, so that they are emitted first. */
const HELPER_DEPS: Readonly<Record<string, readonly string[]>> = {
  opt_sinh: ['opt_expm1'],
  opt_tanh: ['opt_expm1'],
  opt_asinh: ['opt_log1p'],
  opt_acosh: ['opt_log1p'],
  opt_atanh: ['opt_log1p'],
};

/** The WGSL text of the helpers `names` (and their dependencies) for each type in `types`. */
export function helperSource(names: Iterable<string>, types: readonly WgslType[]): string {
  const ordered: string[] = [];
  const visit = (n: string) => {
    if (ordered.includes(n)) return;
    for (const d of HELPER_DEPS[n] ?? []) visit(d);
    ordered.push(n);
  };
  for (const n of names) visit(n);
  const out: string[] = [];
  for (const t of types) {
    for (const n of ordered)
      out.push(
        HELPERS[n]
          .replaceAll('_T(', `_${t}(`)
          .replaceAll('T(', `${t}(`)
          .replaceAll(': T', `: ${t}`)
          .replaceAll('-> T', `-> ${t}`),
      );
  }
  return out.join('\n\n');
}
