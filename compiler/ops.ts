// THE op table: one row per built-in function or operator of the language. The interpreter, constant
// folding, the type checker, the program generator and both targets are driven by it. Adding a built-in is
// adding one row here; the targets keep their emitters in tables typed `Record<OpName, …>`, so the compiler
// then points at every target that still needs a line for it.
//
// Semantics are float64 reference semantics (IEEE: NaN and ±Inf propagate as JavaScript's Math does).
// Hero's search space (google/automl hero/fn_lib.py) used *protected* math for a few ops (x / (y + 1e-8),
// logarithms and sqrt of |x|); those rows carry a `protectedF64` used in the 'protected' math mode.

export type Kind = 'elementwise' | 'tensor_reduce' | 'axis_reduce' | 'global_reduce';
/** `shaped`: a tensor, rows or cols value (ir.ts `Type`), anything but a scalar. */
export type ArgType = 'tensor' | 'shaped' | 'scalar' | 'any';

/** Whether a value of type `type` may be passed where `want` is asked for. */
export function accepts(want: ArgType, type: string): boolean {
  return want === 'any' || type === want || (want === 'shaped' && type !== 'scalar');
}

/**
 * A reduction is "sum some products of the reduced arguments' elements, then finish": `sums` lists
 * products, each a list of at most two argument indices whose elements are multiplied and summed (over one
 * parameter tensor for tensor_reduce, over all of them for global_reduce): [0, 0] sums x², [0] sums x, and
 * [] (the empty product, 1) counts the elements. `finish` turns those sums and the values of the scalar
 * arguments into the op's scalar value. An op whose result is a tensor (clip_by_global_norm)
 * also has `map`, applied to each element of argument 0 with the finished scalar. Every target schedules
 * reductions from these fields: accumulate passes, then one finish, then (if any) an elementwise map.
 */
export interface Reduction {
  sums: ReadonlyArray<readonly number[]>;
  finish: (sums: readonly number[], scalars: readonly number[]) => number;
  map?: (x: number, r: number) => number;
  /** As OpDef.near, for the finish step (e.g. min(1, c / ‖x‖) at c = ‖x‖). */
  near?: (tol: number, sums: readonly number[], scalars: readonly number[]) => boolean;
}

export interface OpDef {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly arity: number;
  /** The arguments' names as the paper and DESIGN.md write them (`interpolate(x, y, β)`), one per argument. */
  readonly params: readonly string[];
  readonly kind: Kind;
  /** What each argument may be. Elementwise ops broadcast scalars against tensors ('any'). */
  readonly argTypes: readonly ArgType[];
  /** The result type: elementwise ops broadcast (ir.ts `broadcastTypes`); axis reductions follow `axis`; others say. */
  readonly result: 'broadcast' | 'axis' | 'scalar' | 'tensor';
  /**
   * axis_reduce: 'rows' keeps one value per row (a sum over the columns of the R×C view), 'cols' one per column
   * (over the rows); `mean` divides that sum by the number of values summed (ir.ts `axisType` for other arguments).
   */
  readonly axis?: 'rows' | 'cols';
  readonly mean?: boolean;
  /** Elementwise reference semantics. */
  readonly f64?: (...args: number[]) => number;
  /** Hero's protected variant, where it differs. */
  readonly protectedF64?: (...args: number[]) => number;
  readonly reduce?: Reduction;
  /**
   * True when the arguments lie within `tol` of a discontinuity, a pole or a domain edge of the op (sign at 0,
   * clip at ±c, min/max where x = y, sqrt/log at 0, arcsin at ±1, x / y at y = 0 …): there a float32 target
   * and the float64 reference may legitimately disagree, so comparisons skip the elements computed from it.
   */
  readonly near?: (tol: number, ...args: number[]) => boolean;
  /** How the operator is written, for printing: infix operators and unary minus. */
  readonly infix?: '+' | '-' | '*' | '/' | '%' | '**' | '<' | '<=' | '>' | '>=' | '==' | '!=';
  readonly prefix?: '-';
  /** Written only as an operator (`+ - * /`): not callable by name. */
  readonly operatorOnly?: boolean;
  /** Not in Hero's search space (hero/fn_lib.py and core.py's + - * /): program search leaves it out by default. */
  readonly outsideHero?: boolean;
  readonly doc: string;
}

const HERO_EPS = 1e-8;

/**
 * IEEE arithmetic, or Hero's protected math (the rows' `protectedF64`): one choice that the interpreter, constant
 * folding, the rewrite rules and both targets all follow.
 */
export type MathMode = 'ieee' | 'protected';

/** An elementwise op's float64 semantics under `math`. */
export function semantics(def: OpDef, math: MathMode): (...args: number[]) => number {
  return (math === 'protected' && def.protectedF64) || def.f64!;
}

function unary<N extends string>(name: N, f64: (x: number) => number, doc: string, extra: Partial<OpDef> = {}) {
  const row: OpDef = {
    name,
    aliases: [],
    arity: 1,
    params: ['x'],
    kind: 'elementwise',
    argTypes: ['any'],
    result: 'broadcast',
    f64,
    doc,
    ...extra,
  };
  return row as OpDef & { readonly name: N };
}

function binary<N extends string>(
  name: N,
  f64: (x: number, y: number) => number,
  doc: string,
  extra: Partial<OpDef> = {},
) {
  const row: OpDef = {
    name,
    aliases: [],
    arity: 2,
    params: ['x', 'y'],
    kind: 'elementwise',
    argTypes: ['any', 'any'],
    result: 'broadcast',
    f64,
    doc,
    ...extra,
  };
  return row as OpDef & { readonly name: N };
}

const sqrtSum = (s: readonly number[]) => Math.sqrt(s[0]);

/** A reduction of one tensor argument to a scalar per parameter tensor (norm, sum, mean, size). */
function perTensor<N extends string>(name: N, reduce: Reduction, doc: string, extra: Partial<OpDef> = {}) {
  const row: OpDef = {
    name,
    aliases: [],
    arity: 1,
    params: ['x'],
    kind: 'tensor_reduce',
    argTypes: ['shaped'],
    result: 'scalar',
    reduce,
    doc,
    ...extra,
  };
  return row as OpDef & { readonly name: N };
}

/** A sum or mean over one axis of each parameter tensor's R×C view (ir.ts `Type`), keeping the other. */
function perAxis<N extends string>(name: N, axis: 'rows' | 'cols', mean: boolean, doc: string) {
  const row: OpDef = {
    name,
    aliases: [],
    arity: 1,
    params: ['x'],
    kind: 'axis_reduce',
    argTypes: ['shaped'],
    result: 'axis',
    axis,
    mean,
    outsideHero: true,
    doc,
  };
  return row as OpDef & { readonly name: N };
}

/** Python's float `%`: C's fmod (exact), moved into y's sign; a zero result takes y's sign. */
function pythonMod(x: number, y: number): number {
  const m = x % y;
  // Signs, not comparisons with 0: y is never ±0 where m is a number (x % ±0 is NaN), and m not past the first
  // return, so \`y < 0\` and \`y <= 0\` would be the same test (an equivalent mutant for Stryker).
  if (m === 0) return Math.sign(y) * 0;
  return Math.sign(y) === Math.sign(m) ? m : m + y;
}

function comparison<N extends string>(
  name: N,
  infix: NonNullable<OpDef['infix']>,
  test: (x: number, y: number) => boolean,
) {
  // Discontinuous where x = y: there a float32 target and the reference may legitimately disagree.
  // Stryker disable next-line StringLiteral: an op's doc documents the table; no code reads it
  return binary(name, (x, y) => (test(x, y) ? 1 : 0), `x ${infix} y: 1 where it holds, else 0`, {
    infix,
    operatorOnly: true,
    outsideHero: true,
    near: (tol, x, y) => nearEqual(tol, x, y),
  });
}

// Predicates for OpDef.near. `tol` is both absolute (near 0) and relative (between two values).
const nearZero = (tol: number, x: number) => Math.abs(x) <= tol;
const nearEqual = (tol: number, x: number, y: number) => Math.abs(x - y) <= tol * Math.max(1, Math.abs(x), Math.abs(y));
const nearUnit = (tol: number, x: number) => nearEqual(tol, Math.abs(x), 1);

const ROWS = [
  // Operators.
  binary('add', (x, y) => x + y, 'x + y', { infix: '+', operatorOnly: true }),
  binary('sub', (x, y) => x - y, 'x - y', { infix: '-', operatorOnly: true }),
  binary('mul', (x, y) => x * y, 'x * y', { infix: '*', operatorOnly: true }),
  binary('div', (x, y) => x / y, 'x / y', {
    infix: '/',
    operatorOnly: true,
    near: (tol, _x, y) => nearZero(tol, y),
    protectedF64: (x, y) => x / (y + HERO_EPS),
  }),
  binary('pow', (x, y) => x ** y, 'x ** y, x to the power y', {
    infix: '**',
    aliases: ['power'],
    near: (tol, x) => nearZero(tol, x),
  }),
  unary('negative', (x) => -x, '-x', { prefix: '-' }),
  binary(
    'mod',
    pythonMod,
    "x % y, Python's: the sign of y, x - y * floor(x / y) exactly (step % k for periodic rules)",
    {
      infix: '%',
      operatorOnly: true,
      outsideHero: true,
      near: (tol, x, y) => nearZero(tol, y) || nearEqual(tol, x / y, Math.round(x / y)),
    },
  ),
  // Comparisons: 1 where true, else 0, IEEE's answer for NaN (false, but NaN != y).
  comparison('lt', '<', (x, y) => x < y),
  comparison('le', '<=', (x, y) => x <= y),
  comparison('gt', '>', (x, y) => x > y),
  comparison('ge', '>=', (x, y) => x >= y),
  comparison('eq', '==', (x, y) => x === y),
  comparison('ne', '!=', (x, y) => x !== y),

  // Elementwise functions of the search space (hero/fn_lib.py) and DESIGN.md.
  unary('abs', Math.abs, '|x|'),
  unary('cos', Math.cos, 'cosine'),
  unary('sin', Math.sin, 'sine'),
  unary('tan', Math.tan, 'tangent', { near: (tol, x) => nearZero(tol, Math.cos(x)) }),
  unary('arcsin', Math.asin, 'inverse sine, NaN outside [-1, 1]', { near: nearUnit }),
  unary('arccos', Math.acos, 'inverse cosine, NaN outside [-1, 1]', { near: nearUnit }),
  unary('arctan', Math.atan, 'inverse tangent'),
  unary('sinh', Math.sinh, 'hyperbolic sine'),
  unary('cosh', Math.cosh, 'hyperbolic cosine'),
  unary('tanh', Math.tanh, 'hyperbolic tangent'),
  unary('arcsinh', Math.asinh, 'inverse hyperbolic sine'),
  unary('arccosh', Math.acosh, 'inverse hyperbolic cosine, NaN below 1', { near: (tol, x) => nearEqual(tol, x, 1) }),
  unary('arctanh', Math.atanh, 'inverse hyperbolic tangent, NaN outside [-1, 1]', { near: nearUnit }),
  unary('exp', Math.exp, 'e to the x'),
  unary('exp2', (x) => 2 ** x, '2 to the x'),
  unary('exp10', (x) => 10 ** x, '10 to the x'),
  unary('expm1', Math.expm1, 'e to the x, minus 1'),
  unary('log', Math.log, 'natural logarithm', { near: nearZero, protectedF64: (x) => Math.log(Math.abs(x)) }),
  unary('log10', Math.log10, 'base-10 logarithm', { near: nearZero, protectedF64: (x) => Math.log10(Math.abs(x)) }),
  unary('log2', Math.log2, 'base-2 logarithm', { near: nearZero, protectedF64: (x) => Math.log2(Math.abs(x)) }),
  unary('log1p', Math.log1p, 'log(1 + x)', {
    near: (tol, x) => nearZero(tol, 1 + x),
    protectedF64: (x) => Math.log(Math.abs(1 + x)),
  }),
  unary('square', (x) => x * x, 'x * x'),
  unary('sqrt', Math.sqrt, 'square root', { near: nearZero, protectedF64: (x) => Math.sqrt(Math.abs(x)) }),
  unary('cube', (x) => x * x * x, 'x * x * x'),
  unary('cbrt', Math.cbrt, 'cube root (real, for negative x too)'),
  unary('sign', Math.sign, '-1, 0 or +1; sign(0) = 0; NaN stays NaN', { near: nearZero }),
  unary('reciprocal', (x) => 1 / x, '1 / x', { near: nearZero }),
  binary('max', Math.max, 'elementwise maximum (NaN if either is NaN)', { near: nearEqual, outsideHero: true }),
  binary('min', Math.min, 'elementwise minimum (NaN if either is NaN)', { near: nearEqual, outsideHero: true }),
  binary('clip', (x, c) => Math.min(Math.max(x, -c), c), 'min(max(x, -c), c) (seeds/000 Program 4: clip(g, lr))', {
    params: ['x', 'c'],
    near: (tol, x, c) => nearEqual(tol, Math.abs(x), Math.abs(c)),
    outsideHero: true,
  }),
  {
    name: 'where',
    aliases: [],
    arity: 3,
    params: ['c', 'x', 'y'],
    kind: 'elementwise',
    argTypes: ['any', 'any', 'any'],
    result: 'broadcast',
    f64: (c: number, x: number, y: number) => (c !== 0 ? x : y),
    near: (tol: number, c: number) => nearZero(tol, c),
    outsideHero: true,
    doc: "x where c is nonzero (NaN counts as nonzero, as numpy's where has it), else y",
  },
  {
    name: 'interpolate',
    aliases: ['interp'],
    arity: 3,
    params: ['x', 'y', 'β'],
    kind: 'elementwise',
    argTypes: ['any', 'any', 'any'],
    result: 'broadcast',
    f64: (x: number, y: number, b: number) => (1 - b) * x + b * y,
    doc: "(1 - b) * x + b * y, the paper's linear interpolation",
  },

  // Reductions.
  perTensor(
    'norm',
    { sums: [[0, 0]], finish: sqrtSum },
    'L2 norm of one parameter tensor (LARS/LAMB trust ratios); of a rows or cols value, of its R or C numbers',
  ),
  perTensor(
    'sum',
    { sums: [[0]], finish: (s) => s[0] },
    'sum of the elements of one parameter tensor, or of a rows or cols value (0 for an empty one)',
    { outsideHero: true },
  ),
  perTensor(
    'mean',
    { sums: [[0], []], finish: (s) => s[0] / s[1] },
    'sum(x) / size(x), the mean over one parameter tensor (NaN for an empty one)',
    { outsideHero: true },
  ),
  perTensor(
    'size',
    { sums: [[]], finish: (s) => s[0] },
    "the number of elements of one parameter tensor, R for a rows value, C for cols (x's values are not read)",
    { outsideHero: true },
  ),
  perAxis(
    'sum_rows',
    'rows',
    false,
    'one value per row: the sum over the columns (the last axis) of each row; 0 for no columns',
  ),
  perAxis('mean_rows', 'rows', true, 'one value per row: sum_rows(x) / the number of columns (NaN for no columns)'),
  perAxis('sum_cols', 'cols', false, 'one value per column: the sum over the rows of each column; 0 for no rows'),
  perAxis('mean_cols', 'cols', true, 'one value per column: sum_cols(x) / the number of rows (NaN for no rows)'),
  {
    name: 'global_norm',
    aliases: [],
    arity: 1,
    params: ['x'],
    kind: 'global_reduce',
    argTypes: ['tensor'],
    result: 'scalar',
    reduce: { sums: [[0, 0]], finish: sqrtSum },
    doc: 'L2 norm over all parameters optimized together',
  },
  {
    name: 'dot',
    aliases: [],
    arity: 2,
    params: ['x', 'y'],
    kind: 'global_reduce',
    argTypes: ['tensor', 'tensor'],
    result: 'scalar',
    reduce: { sums: [[0, 1]], finish: (s: readonly number[]) => s[0] },
    doc: 'sum of x * y over all parameters',
  },
  {
    name: 'cosine_sim',
    aliases: [],
    arity: 2,
    params: ['x', 'y'],
    kind: 'global_reduce',
    argTypes: ['tensor', 'tensor'],
    result: 'scalar',
    reduce: {
      sums: [
        [0, 1],
        [0, 0],
        [1, 1],
      ],
      finish: (s: readonly number[]) => s[0] / (Math.sqrt(s[1]) * Math.sqrt(s[2])),
      near: (tol: number, s: readonly number[]) => nearZero(tol, s[1]) || nearZero(tol, s[2]),
    },
    doc: 'dot(x, y) / (global_norm(x) * global_norm(y))',
  },
  {
    name: 'clip_by_global_norm',
    aliases: [],
    arity: 2,
    params: ['x', 'c'],
    kind: 'global_reduce',
    argTypes: ['tensor', 'scalar'],
    result: 'tensor',
    reduce: {
      sums: [[0, 0]],
      // The scale min(1, c / ‖x‖); exactly 1 when the norm is 0 (x is then unchanged, not 0 * Inf).
      finish: (s: readonly number[], [c]: readonly number[]) => {
        const n = Math.sqrt(s[0]);
        return n === 0 ? 1 : Math.min(1, c / n);
      },
      map: (x: number, scale: number) => x * scale,
      near: (tol: number, s: readonly number[], [c]: readonly number[]) => nearEqual(tol, Math.sqrt(s[0]), c),
    },
    doc: 'x * min(1, c / ‖x‖₂), the norm over all parameters; x unchanged when the norm is 0',
  },
] as const satisfies readonly OpDef[];

export type OpName = (typeof ROWS)[number]['name'];

export const OPS: ReadonlyMap<OpName, OpDef> = new Map(ROWS.map((row) => [row.name as OpName, row as OpDef]));

/** Every spelling a program may call (names and aliases) → the op. Operators are not callable by name. */
export const CALLABLE: ReadonlyMap<string, OpDef> = new Map(
  (ROWS as readonly OpDef[])
    .filter((row) => !row.operatorOnly)
    .flatMap((row) => [row.name, ...row.aliases].map((spelling) => [spelling, row] as const)),
);

/** Hero's search space (hero/fn_lib.py's functions and + - * /): the ops program search draws from by default. */
export const HERO_OPS: readonly OpName[] = [...OPS.values()].filter((d) => !d.outsideHero).map((d) => d.name as OpName);

export function op(name: OpName): OpDef {
  return OPS.get(name)!;
}

/** Built-in constants (hero's get_pi, get_e, get_eps). A parameter, local or declared default shadows them. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E, eps: HERO_EPS };

/** The 1-based step counter every program may read. */
export const STEP = 'step';

export const BINARY_OPERATORS = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
  '**': 'pow',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '==': 'eq',
  '!=': 'ne',
} as const satisfies Record<string, OpName>;
