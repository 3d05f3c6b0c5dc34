// Every elementwise emitter against the op table's reference semantics (ops.ts f64, inputs and result in
// float32) on special values: NaN, ±Inf, ±0, ±1, large and tiny numbers, on the cpu and wasm backends, where
// DESIGN.md promises IEEE behaviour. Arguments are tried as run-time tensors and as compile-time constants,
// since the emitters guard non-constant arguments only.

import { beforeAll, describe, expect, it } from 'vitest';
import { OPS, type OpName } from '../../../compiler/ops.ts';
import { TFJS_PROTECTED } from '../../../compiler/targets/tfjs-ops.ts';
import { close } from '../../../runtime/compare.ts';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { run } from './emit.ts';
import { backendsUnderTest } from './harness.ts';

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 2, 3, 1e-30, 1e30, -7.25, 3e-7, -2e-8];
const ELEMENTWISE = [...OPS.values()].filter((d) => d.kind === 'elementwise').map((d) => d.name as OpName);

/** All combinations of SPECIAL for `arity` arguments, as columns. */
function grid(arity: number): number[][] {
  let rows: number[][] = [[]];
  for (let k = 0; k < arity; k++) rows = rows.flatMap((r) => SPECIAL.map((v) => [...r, v]));
  return Array.from({ length: arity }, (_, k) => rows.map((r) => Math.fround(r[k])));
}

const F32_MAX = 3.4028234663852886e38;
const overflows = (v: number) => Number.isFinite(v) && Math.abs(v) > F32_MAX;

/**
 * Cases the reference cannot speak for: a composite op whose float32 intermediate overflows where the
 * reference's double one does not (interpolate(Inf, 1e30, 1e30): −Inf in double, Inf − Inf = NaN in float32),
 * and wasm's sin/cos/tan of huge arguments, whose range reduction XNNPACK does in float32.
 */
function excluded(op: OpName, xs: number[], backend: string): boolean {
  if (op === 'interpolate') return [1 - xs[2], (1 - xs[2]) * xs[0], xs[2] * xs[1]].some(overflows);
  if (backend === 'wasm' && ['sin', 'cos', 'tan'].includes(op)) return Math.abs(xs[0]) > 1e6;
  return false;
}

function firstMismatch(
  op: OpName,
  columns: number[][],
  got: Float32Array,
  protectedMath: boolean,
  tol: { rtol: number; atol: number },
  backend = '',
): string | null {
  const def = OPS.get(op)!;
  const f = (protectedMath && def.protectedF64) || def.f64!;
  for (let i = 0; i < got.length; i++) {
    const xs = columns.map((c) => c[i]);
    if (excluded(op, xs, backend)) continue;
    const want = Math.fround(f(...xs));
    if (!close(want, got[i], tol)) return `${op}(${xs.join(', ')}): expected ${want}, got ${got[i]}`;
  }
  return null;
}

describe.each(['cpu', 'wasm'] as const)('emitters on tfjs %s', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });
  // Function approximations differ in the last bits; what matters here is the non-finite and signed cases.
  const tol = { rtol: 1e-5, atol: 1e-6 };

  it.each(ELEMENTWISE)('%s', async (op) => {
    const arity = OPS.get(op)!.arity;
    const columns = grid(arity);
    for (let mask = 0; mask < 1 << arity; mask++) {
      const constant = Array.from({ length: arity }, (_, k) => ((mask >> k) & 1) === 1);
      if (constant.every(Boolean)) continue; // all-constant: one value per call, covered by the folder
      // A constant argument takes one value per call: split the grid by it.
      for (const value of constant.some(Boolean) ? SPECIAL : [0]) {
        const keep = columns[0].map((_, i) =>
          constant.every((c, k) => !c || Object.is(columns[k][i], Math.fround(value))),
        );
        const cols = columns.map((c) => c.filter((_, i) => keep[i]));
        if (cols[0].length === 0) continue;
        expect(firstMismatch(op, cols, await run(op, cols, constant), false, tol, backend)).toBeNull();
      }
    }
  });

  it.each(Object.keys(TFJS_PROTECTED) as OpName[])('protected %s', async (op) => {
    const columns = grid(OPS.get(op)!.arity);
    const got = await run(
      op,
      columns,
      columns.map(() => false),
      true,
    );
    expect(firstMismatch(op, columns, got, true, tol)).toBeNull();
  });
});

// Where tfjs's own kernels lose accuracy on some backend (tfjs-ops.ts says which), on every backend: log1p
// and expm1 (and sin, sinh, tanh, arcsinh, arctanh) are ~x near 0, where the table's absolute tolerance
// would accept log(1 + x)'s 20% error at 1e-7, so they are held to a relative one; arcsinh and arccosh of
// huge arguments must not overflow.
const TINY = [1e-3, -4e-4, 3e-5, -1e-5, 2e-6, 1e-7, -3e-8, 1e-12, 1e-30].map(Math.fround);
const HUGE = [1e8, 2e9, 1e19, 1e20, 1e30, 3e38].map(Math.fround);
const EXTREMES: [OpName, boolean, number[]][] = [
  ['log1p', false, TINY.flatMap((x) => [x, -x])],
  ['expm1', false, TINY.flatMap((x) => [x, -x])],
  // (ops.ts's protected log1p, Math.log(Math.abs(1 + x)), is itself off by 1e-4 at 1e-12 in float64.)
  ['log1p', true, TINY.filter((x) => x > 1e-8).flatMap((x) => [x, -x, Math.fround(-2 - x)])],
  ['arcsinh', false, [...HUGE, ...TINY].flatMap((x) => [x, -x])],
  ...(['sin', 'sinh', 'tanh', 'arctanh'] as const).map((op): [OpName, boolean, number[]] => [
    op,
    false,
    TINY.flatMap((x) => [x, -x]),
  ]),
  ['arccosh', false, HUGE],
];
const backends = await backendsUnderTest();
describe.each(['cpu', 'wasm', 'webgpu'] as const)('accuracy at the extremes on tfjs %s', (backend) => {
  it.skipIf(!backends.includes(backend)).each(EXTREMES)('%s (protected: %s)', async (op, protectedMath, xs) => {
    await useTfjsBackend(backend);
    const got = await run(op, [xs], [false], protectedMath);
    expect(firstMismatch(op, [xs], got, protectedMath, { rtol: 1e-6, atol: 0 })).toBeNull();
  });
});

it('has a protected emitter for exactly the ops with protected semantics', () => {
  const withProtected = [...OPS.values()]
    .filter((d) => d.protectedF64)
    .map((d) => d.name)
    .sort();
  expect(Object.keys(TFJS_PROTECTED).sort()).toEqual(withProtected);
});
