// The tfjs emitter table: one entry per op of compiler/ops.ts, typed Record<OpName, …> so that adding an op
// to the table fails to compile until it has a tfjs line here. Each entry turns argument expressions into
// one JavaScript expression over `tf` (@tensorflow/tfjs-core) that computes the op with the reference's
// semantics (ops.ts `f64`) in float32.
//
// Where tfjs disagrees with the reference on non-finite values, the entry says so and guards it. Measured
// on tfjs 4.22 (test/targets/tfjs/ops.test.ts keeps these true on cpu and wasm):
// - `tf.sign(NaN)` is 0 on every backend; the reference keeps NaN. On wasm, `tf.sign(x)` is 0 for
//   |x| < 1e-6 (sign(1e-7) = 0), which would freeze Lion's small coordinates: sign is built from comparisons.
// - `tf.maximum`/`tf.minimum` on wasm return the first argument when the second is NaN.
// - `tf.pow` on wasm is C's pow: pow(1, NaN) = pow(±1, ±Inf) = 1, where JavaScript's Math.pow gives NaN.
// - `tf.sum` of an empty tensor on wasm returns whatever was in memory, not 0.
// - `tf.log1p` on wasm and webgpu and `tf.expm1` on webgpu are log(1 + x) and exp(x) - 1: relative errors
//   of 20% at x = 1e-7. log1p and expm1 use Goldberg's and Kahan's corrections instead, which need only an
//   accurate log (test/targets/tfjs/ops.test.ts holds every backend to the table's tolerance near 0).
// - Near 0, `tf.sin` on wasm and `tf.sinh`, `tf.tanh`, `tf.asinh`, `tf.atanh` on webgpu have absolute, not
//   relative, errors (sin(-1e-5) is 1.6e-2 off on wasm, sinh(1e-7) 0.19 on webgpu), which a reciprocal
//   turns into visible ones: below 2^-6 they are x · (1 + c·x²), their Taylor series (next term < 1e-8).
// - `tf.asinh` and `tf.acosh` on webgpu are log(x + sqrt(x² ± 1)): Inf once x² overflows (x > 1.8e19).
//   Above 1e9 they are log|x| + ln 2 (the next term, 1/(4x²), is below float32's resolution).
// Guards cost a few extra kernels, so an argument that is a constant known not to be NaN is not guarded.

import type { OpName } from '../ops.ts';

/** An argument: the expression that computes it, and its value when it is a compile-time constant. */
export interface Arg {
  readonly code: string;
  readonly constant?: number;
  /** A 0-d value (the program's type 'scalar'), which tfjs broadcasts against a tensor argument. */
  readonly scalar?: boolean;
  /** Not of the result's shape: a rows [R, 1] or cols [1, C] value beside a tensor, or rows beside cols. */
  readonly spread?: boolean;
}

export interface EmitContext {
  /** The name of a float32 scalar holding `value`: one of the step's constants (k), created once by the runtime. */
  k(value: number): string;
  /** The name of a helper function (HELPERS), declared once at the top of the step. */
  helper(name: HelperName): string;
}

export type Elementwise = (args: readonly Arg[], c: EmitContext) => string;

/** A reduction's tail: sums of products are scheduled by the generator from ops.ts `reduce.sums`. */
export interface Reducer {
  /** The scalar result from the sums and the scalar arguments (ops.ts `reduce.finish`). */
  finish(sums: readonly string[], scalars: readonly string[], c: EmitContext): string;
  /** The elementwise map applied to argument 0 with the finished scalar (ops.ts `reduce.map`). */
  map?(x: string, r: string, c: EmitContext): string;
}

/**
 * Helpers the emitters call, declared inside the generated step (so everything they create is released by
 * the step's tf.tidy). Each is a function of the constant pool, since some need constants.
 */
/** x · (1 + a₁x + a₂x² + …) by Horner's rule, for x a name: ±0 stay signed, NaN stays NaN. */
function series(x: string, a: readonly number[], c: Omit<EmitContext, 'helper'>): string {
  const p = a
    .slice(0, -1)
    .reduceRight((acc, coef) => `tf.add(${c.k(coef)}, tf.mul(${x}, ${acc}))`, c.k(a[a.length - 1]));
  return `tf.mul(${x}, tf.add(${c.k(1)}, tf.mul(${x}, ${p})))`;
}

/**
 * tf.where(condition, a, b) for three values of one shape, as the Select kernel alone: tf.where broadcasts
 * each of them first, and broadcastTo of a tensor to its own shape is a clone (an Identity kernel, three per
 * where). Only for values of one shape: the kernel does not broadcast.
 */
function select(condition: string, a: string, b: string): string {
  return `tf.engine().runKernel('Select', { condition: ${condition}, t: ${a}, e: ${b} })`;
}

export const HELPERS = {
  /**
   * Math.sign in three kernels, without comparisons (slow on wasm) or where (NaN put back by a select was two
   * kernels more): y = x · 2¹²⁷ · 2¹²⁷ is exact for ±0, ±Inf and NaN and at least 2¹⁰⁵ in magnitude for every
   * other float32, subnormals included, and tanh(y) is then exactly ±1, ±0 or NaN (tanh rounds to 1 in float32
   * from 9 on). Measured on tfjs 4.22: right on cpu and wasm (ops.test.ts); on webgpu tanh(−0) is +0, which
   * no comparison of optic's tells from −0. The former forms: by comparisons with scalar branches of where
   * (tiled to the full shape on wasm: Lion's step 8× slower than AdamW's), then a clip with NaN put back by
   * where (eight kernels on every backend, three of them where's broadcasts).
   */
  sign_: (c: Omit<EmitContext, 'helper'>) => `(x) => tf.tanh(tf.mul(tf.mul(x, ${c.k(2 ** 127)}), ${c.k(2 ** 127)}))`,
  /**
   * log(1 + x): below 2^-6 its series through x⁴ (error < x⁵/5, 2e-10 relative); above, Goldberg's
   * log(u) · x / (u − 1), u = 1 + x (1991, Theorem 4), which recovers the bits u's rounding lost. The series
   * is needed on webgpu, whose log near 1 has an absolute error (2^-21) that Goldberg's ratio magnifies.
   */
  log1p_: (c: Omit<EmitContext, 'helper'>) =>
    `(x, u = tf.add(${c.k(1)}, x)) => ${select(
      `tf.less(tf.abs(x), ${c.k(2 ** -6)})`,
      series('x', [-1 / 2, 1 / 3, -1 / 4], c),
      select(`tf.equal(u, ${c.k(Infinity)})`, 'u', `tf.mul(tf.log(u), tf.div(x, tf.sub(u, ${c.k(1)})))`),
    )}`,
  /** e^x − 1: below 2^-6 its series through x⁴; above, Kahan's (u − 1) · x / log(u), u = e^x (−1 at u − 1 = −1). */
  expm1_: (c: Omit<EmitContext, 'helper'>) =>
    `(x, u = tf.exp(x), d = tf.sub(u, ${c.k(1)})) => ${select(
      `tf.less(tf.abs(x), ${c.k(2 ** -6)})`,
      series('x', [1 / 2, 1 / 6, 1 / 24], c),
      select(
        `tf.equal(d, ${c.k(-1)})`,
        'd',
        select(`tf.equal(u, ${c.k(Infinity)})`, 'u', 'tf.mul(d, tf.div(x, tf.log(u)))'),
      ),
    )}`,
  /** Sum of all elements; 0 for an empty tensor (wasm's sum of nothing is garbage). */
  sum_: (c: Omit<EmitContext, 'helper'>) => `(x) => (x.size === 0 ? ${c.k(0)} : tf.sum(x))`,
  /** clip_by_global_norm's scale min(1, c / n), exactly 1 when n = 0 (never 0 · Inf). */
  clipScale_: (c: Omit<EmitContext, 'helper'>) =>
    `(n, c, q = tf.div(c, n)) => ${select(`tf.equal(n, ${c.k(0)})`, c.k(1), select('tf.isNaN(q)', 'q', `tf.minimum(${c.k(1)}, q)`))}`,
} as const;

export type HelperName = keyof typeof HELPERS;

/** Arguments that may be NaN at run time: everything but constants known not to be NaN. */
function mayBeNaN(args: readonly Arg[]): Arg[] {
  return args.filter((a) => a.constant === undefined || Number.isNaN(a.constant));
}

/**
 * `core`, except NaN wherever one of `args` is NaN (IEEE propagation for ops whose tfjs kernel drops it). An
 * argument of the result's shape is selected where it is NaN; a scalar one beside a tensor is not tiled to
 * the tensor's shape for that (a where with a scalar branch is a Tile per step): core − z, z the scalar
 * where(isNaN(a), a, +0), which is core itself when z = +0 (x − (+0) = x, −0 included) and NaN when z is.
 */
function keepNaN(args: readonly Arg[], core: string, c: EmitContext): string {
  const broadcast = args.some((a) => !a.scalar);
  return mayBeNaN(args).reduceRight(
    (inner, a) =>
      broadcast && a.scalar
        ? `tf.sub(${inner}, ${select(`tf.isNaN(${a.code})`, a.code, c.k(0))})`
        : a.spread // (the same with z of a's own shape, which the subtraction spreads)
          ? `tf.sub(${inner}, ${select(`tf.isNaN(${a.code})`, a.code, `tf.zerosLike(${a.code})`)})`
          : select(`tf.isNaN(${a.code})`, a.code, inner),
    core,
  );
}

const isFiniteConstant = (a: Arg) => a.constant !== undefined && Number.isFinite(a.constant);

/** Math.pow: NaN for (±1)^(±Inf) and 1^NaN, where C's pow (tfjs wasm) gives 1. */
const pow: Elementwise = ([x, y], c) => {
  if (y.constant === 2) return `tf.square(${x.code})`; // Math.pow(x, 2) is exactly x * x
  const core = `tf.pow(${x.code}, ${y.code})`;
  if (isFiniteConstant(y)) return core;
  // The NaN branch has the result's shape (q + NaN), not a scalar NaN: a scalar branch of where is tiled.
  const guard = `tf.logicalAnd(tf.equal(tf.abs(${x.code}), ${c.k(1)}), tf.logicalNot(tf.isFinite(${y.code})))`;
  return `((q) => ${select(guard, `tf.add(q, ${c.k(NaN)})`, 'q')})(${core})`;
};

const call =
  (fn: string): Elementwise =>
  (args) =>
    `tf.${fn}(${args.map((a) => a.code).join(', ')})`;

/** A comparison as 1 or 0 in float32 (tfjs's comparisons give booleans). */
const compare =
  (fn: string): Elementwise =>
  ([x, y]) =>
    `tf.cast(tf.${fn}(${x.code}, ${y.code}), 'float32')`;

/** tf[fn](x), except x · (1 + c3·x²) for |x| < 2^-6 (the odd Taylor series through x³; see the header). */
const oddNearZero =
  (fn: string, c3: number) =>
  (x: string, c: EmitContext): string =>
    select(
      `tf.less(tf.abs(${x}), ${c.k(2 ** -6)})`,
      `tf.mul(${x}, tf.add(${c.k(1)}, tf.mul(${c.k(c3)}, tf.square(${x}))))`,
      `tf.${fn}(${x})`,
    );
const sinSmall = oddNearZero('sin', -1 / 6);
const asinhSmall = oddNearZero('asinh', -1 / 6);

/**
 * An axis reduction of a value the step holds as a 2-D [R, C] tensor (rows as [R, 1], cols as [1, C]): a sum
 * over axis 1 (one per row) or 0 (one per column), kept as an axis of length 1, divided by its length for a
 * mean (0 / 0 = NaN for an empty axis). tfjs.ts calls it only on a tensor (the other cases are identities or
 * per-tensor reductions, which it emits itself).
 */
const axisSum =
  (axis: 0 | 1, mean: boolean): Elementwise =>
  ([x]) => {
    const sum = `tf.sum(${x.code}, ${axis}, true)`;
    return mean ? `tf.div(${sum}, tf.scalar(${x.code}.shape[${axis}]))` : sum;
  };

export const TFJS_OPS: Record<OpName, Elementwise | Reducer> = {
  add: call('add'),
  sub: call('sub'),
  mul: call('mul'),
  div: call('div'),
  pow,
  negative: call('neg'),
  // Python's %: C's fmod (exact), moved into y's sign where it is nonzero. fmod as sign(x) · (|x| mod |y|):
  // tf.mod itself is (x % y + y) % y where the signs differ, which loses x at a large |y| (-1 mod 1e30 is 0)
  // and is NaN for an infinite y.
  mod: ([x, y], c) =>
    `((m) => tf.where(tf.logicalAnd(tf.notEqual(m, ${c.k(0)}), tf.notEqual(tf.less(m, ${c.k(0)}), tf.less(${y.code}, ${c.k(0)}))), tf.add(m, ${y.code}), m))(tf.mul(${c.helper('sign_')}(${x.code}), tf.mod(tf.abs(${x.code}), tf.abs(${y.code}))))`,
  lt: compare('less'),
  le: compare('lessEqual'),
  gt: compare('greater'),
  ge: compare('greaterEqual'),
  eq: compare('equal'),
  ne: compare('notEqual'),
  abs: call('abs'),
  cos: call('cos'),
  sin: ([x], c) => sinSmall(x.code, c),
  tan: call('tan'),
  arcsin: call('asin'),
  arccos: call('acos'),
  arctan: call('atan'),
  sinh: ([x], c) => oddNearZero('sinh', 1 / 6)(x.code, c),
  cosh: call('cosh'),
  tanh: ([x], c) => oddNearZero('tanh', -1 / 3)(x.code, c),
  arcsinh: ([x], c) =>
    select(
      `tf.greater(tf.abs(${x.code}), ${c.k(1e9)})`,
      `tf.mul(${c.helper('sign_')}(${x.code}), tf.add(tf.log(tf.abs(${x.code})), ${c.k(Math.LN2)}))`,
      asinhSmall(x.code, c),
    ),
  arccosh: ([x], c) =>
    select(`tf.greater(${x.code}, ${c.k(1e9)})`, `tf.add(tf.log(${x.code}), ${c.k(Math.LN2)})`, `tf.acosh(${x.code})`),
  arctanh: ([x], c) => oddNearZero('atanh', 1 / 3)(x.code, c),
  exp: call('exp'),
  exp2: ([x], c) => `tf.pow(${c.k(2)}, ${x.code})`,
  exp10: ([x], c) => `tf.pow(${c.k(10)}, ${x.code})`,
  expm1: ([x], c) => `${c.helper('expm1_')}(${x.code})`,
  log: call('log'),
  log10: ([x], c) => `tf.div(tf.log(${x.code}), ${c.k(Math.LN10)})`,
  log2: ([x], c) => `tf.div(tf.log(${x.code}), ${c.k(Math.LN2)})`,
  log1p: ([x], c) => `${c.helper('log1p_')}(${x.code})`,
  square: call('square'),
  sqrt: call('sqrt'),
  cube: ([x]) => `tf.mul(tf.square(${x.code}), ${x.code})`,
  cbrt: ([x], c) => `tf.mul(${c.helper('sign_')}(${x.code}), tf.pow(tf.abs(${x.code}), ${c.k(1 / 3)}))`,
  sign: ([x], c) => `${c.helper('sign_')}(${x.code})`,
  reciprocal: call('reciprocal'),
  max: (args, c) => keepNaN(args, `tf.maximum(${args[0].code}, ${args[1].code})`, c),
  min: (args, c) => keepNaN(args, `tf.minimum(${args[0].code}, ${args[1].code})`, c),
  clip: ([x, lim], c) => keepNaN([x, lim], `tf.minimum(tf.maximum(${x.code}, tf.neg(${lim.code})), ${lim.code})`, c),
  // NaN != 0, so a NaN condition picks x, as the reference does. tf.where, not the Select kernel: x, y and c
  // may differ in shape (a scalar branch is broadcast).
  where: ([cond, x, y], c) => `tf.where(tf.notEqual(${cond.code}, ${c.k(0)}), ${x.code}, ${y.code})`,
  interpolate: ([x, y, b], c) =>
    `tf.add(tf.mul(tf.sub(${c.k(1)}, ${b.code}), ${x.code}), tf.mul(${b.code}, ${y.code}))`,

  norm: { finish: ([s]) => `tf.sqrt(${s})` },
  sum: { finish: ([s]) => s },
  mean: { finish: ([s, n]) => `tf.div(${s}, ${n})` },
  size: { finish: ([n]) => n },
  global_norm: { finish: ([s]) => `tf.sqrt(${s})` },
  dot: { finish: ([s]) => s },
  cosine_sim: { finish: ([xy, xx, yy]) => `tf.div(${xy}, tf.mul(tf.sqrt(${xx}), tf.sqrt(${yy})))` },
  clip_by_global_norm: {
    finish: ([s], [lim], c) => `${c.helper('clipScale_')}(tf.sqrt(${s}), ${lim})`,
    map: (x, r) => `tf.mul(${x}, ${r})`,
  },
  sum_rows: axisSum(1, false),
  mean_rows: axisSum(1, true),
  sum_cols: axisSum(0, false),
  mean_cols: axisSum(0, true),
};

/**
 * Hero's protected math (ops.ts `protectedF64`): x / (y + 1e-8), and logarithms and sqrt of |x|. The test
 * checks that these keys are exactly the ops with a protected variant.
 */
export const TFJS_PROTECTED: Partial<Record<OpName, Elementwise>> = {
  div: ([x, y], c) => `tf.div(${x.code}, tf.add(${y.code}, ${c.k(1e-8)}))`,
  log: ([x]) => `tf.log(tf.abs(${x.code}))`,
  log10: ([x], c) => `tf.div(tf.log(tf.abs(${x.code})), ${c.k(Math.LN10)})`,
  log2: ([x], c) => `tf.div(tf.log(tf.abs(${x.code})), ${c.k(Math.LN2)})`,
  // log|1 + x|: log1p(x) where 1 + x ≥ 0, else log1p(−2 − x) (exact: −2 − x is exact near −2, where it matters).
  log1p: ([x], c) =>
    select(
      `tf.less(${x.code}, ${c.k(-1)})`,
      `${c.helper('log1p_')}(tf.sub(${c.k(-2)}, ${x.code}))`,
      `${c.helper('log1p_')}(${x.code})`,
    ),
  sqrt: ([x]) => `tf.sqrt(tf.abs(${x.code}))`,
};

export function isReducer(e: Elementwise | Reducer): e is Reducer {
  return typeof e !== 'function';
}
