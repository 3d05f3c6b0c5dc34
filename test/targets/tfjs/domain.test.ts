// Every one-argument emitter of the tfjs target over its whole float32 domain: a log grid from the smallest
// subnormal to the largest float, both signs, plus every branch point an emitter has (the 2^-6 where the
// series take over, the 1e9 of arcsinh/arccosh) approached from both sides, and the edges of each domain.
//
// The criterion is mixed forward/backward error: the result must be what the exact function (ops.ts's f64)
// gives at an input within a few float32 ulps of x, up to a few ulps of output. That separates an accurate
// kernel on an ill-conditioned input (sin of 1e6, whose float32 range reduction moves the argument) from a
// wrong one, and, unlike an absolute tolerance, holds a tiny result (expm1 of 1e-7) to its own scale: a wrong
// series coefficient or branch constant moves results by hundreds of ulps and fails here.

import { beforeAll, describe, expect, it } from 'vitest';
import { OPS, type OpName } from '../../../compiler/ops.ts';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { run } from './emit.ts';
import { backendsUnderTest } from './harness.ts';

const EPS32 = 2 ** -23;
const MIN_SUBNORMAL = 2 ** -149;

/** Branch points of the emitters (tfjs-ops.ts) and the edges of the ops' domains. */
const POINTS = [2 ** -6, 1e9, 1, 0.5, 2, 88.72, 89.5, Math.PI / 2, Math.PI, 1e6, 1e10, 1e19, 1.8e19, 3.4e38];

function domainGrid(): number[] {
  const xs = new Set<number>([0, -0]);
  for (let k = -149 * 4; k <= 128 * 4; k++) xs.add(Math.fround(2 ** (k / 4)));
  for (const p of POINTS) {
    for (const r of [1, 1 - 2 ** -20, 1 + 2 ** -20, 1 - 2 ** -10, 1 + 2 ** -10]) xs.add(Math.fround(p * r));
  }
  return [...xs].filter(Number.isFinite).flatMap((x) => [x, -x]);
}

/** The ops' exact outputs around x (float32 inputs within `ulps` of it); the result may land between them. */
function accepts(f: (x: number) => number, x: number, got: number, ulps: { in: number; out: number }): boolean {
  const at = [x, x * (1 - ulps.in * EPS32), x * (1 + ulps.in * EPS32)].map((v) => f(Math.fround(v)));
  if (at.every(Number.isNaN)) return Number.isNaN(got);
  if (Number.isNaN(got)) return at.some(Number.isNaN);
  const finite = at.filter((v) => !Number.isNaN(v));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const slack = ulps.out * EPS32 * Math.max(Math.abs(lo), Math.abs(hi)) + MIN_SUBNORMAL;
  if (got === Math.fround(lo) || got === Math.fround(hi)) return true;
  return got >= lo - slack && got <= hi + slack;
}

const subnormal = (v: number) => v !== 0 && Math.abs(v) < 2 ** -126;

/**
 * Ulps allowed (input and output alike), measured here on every backend and op and rounded up to a power of
 * two; 2 unless listed. Listed are the kernels' own errors, never the emitters': cbrt of subnormals (every
 * backend); wasm's sin just above the 2^-6 where the series hands over (an absolute error of ~2e-7);
 * webgpu's (lavapipe's) arcsin (~2e-4 absolute at 0.5), arccos, arctan, and the functions whose series
 * hand over to tfjs's formulas at 2^-6. An emitter's own mistake shows on cpu, whose kernels are exact.
 */
const ULPS: Record<string, Partial<Record<OpName, number>>> = {
  cpu: { cbrt: 16 },
  wasm: { cbrt: 16, sin: 64 },
  webgpu: {
    cbrt: 16,
    arcsin: 16384,
    arccos: 1024,
    arctan: 256,
    sinh: 64,
    expm1: 64,
    tanh: 16,
    arcsinh: 16,
    arctanh: 16,
    log1p: 16,
  },
};

/**
 * Inputs the reference cannot speak for. WGSL lets an implementation flush subnormals to zero, which
 * lavapipe does (exp(-90) is 0, log of a subnormal is that of the smallest normal). Above 2^24 every float32
 * is an integer and a float32 range reduction is meaningless: wasm's and webgpu's sin, cos and tan are off
 * from ~2^23 (measured: webgpu cos at 1.4e7, wasm cos at 3.4e7), excluded from 2^22; cpu's, done in double, are
 * exact everywhere. tfjs's webgpu sinh and cosh compute e^|x| / 2, which overflows
 * for the last 0.7 of the range where the result is finite.
 */
function excluded(backend: string, op: OpName, x: number, want: number): boolean {
  if (backend === 'webgpu' && (subnormal(x) || subnormal(want))) return true;
  if (backend !== 'cpu' && ['sin', 'cos', 'tan'].includes(op) && Math.abs(x) > 2 ** 22) return true;
  return backend === 'webgpu' && ['sinh', 'cosh'].includes(op) && Math.abs(want) > 2 ** 127;
}

const UNARY = [...OPS.values()].filter((d) => d.kind === 'elementwise' && d.arity === 1).map((d) => d.name as OpName);

const backends = await backendsUnderTest();

describe.each(backends)('one-argument emitters on tfjs %s, over the float32 domain', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });
  const xs = domainGrid();

  it.each(UNARY)('%s', async (op) => {
    const f = OPS.get(op)?.f64 as (x: number) => number;
    const ulps = ULPS[backend]?.[op] ?? 2;
    const got = await run(op, [xs], [false]);
    const bad: string[] = [];
    let compared = 0;
    for (let i = 0; i < xs.length; i++) {
      if (excluded(backend, op, xs[i], f(xs[i]))) continue;
      compared++;
      if (!accepts(f, xs[i], got[i], { in: ulps, out: ulps }))
        bad.push(`${op}(${xs[i]}) = ${got[i]}, exact ${f(xs[i])}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    // The exclusions leave most of the domain compared (the least, measured: webgpu's sin, cos and tan, 43%).
    expect(compared).toBeGreaterThan(0.4 * xs.length);
  });
});
