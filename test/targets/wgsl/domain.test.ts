// Each elementwise op alone on the WGSL target over its whole float32 domain: arguments on a log grid from the
// smallest normal float to the largest (both signs, and 0), plus every branch point of every WGSL emitter and
// helper (compiler/targets/wgsl-ops.ts; `BRANCHES`) with their float32 neighbours, under both math modes. The
// kernel's update (read directly, not through the weights) must be within the WGSL tolerance of the reference
// wherever the reference is finite in float32 and away from a discontinuity (the op's `near`). Where WGSL itself
// promises less (`PROMISED`), the elements outside the promise are not compared, each limit with its reason;
// every op has at least 250 elements compared (log, on x > 1e-3 only, has ~350).

import { afterAll, describe, expect, it } from 'vitest';
import { IRBuilder, type Program } from '../../../compiler/ir.ts';
import { type MathMode, OPS, type OpName, semantics } from '../../../compiler/ops.ts';
import { close, TOLERANCE } from '../../../runtime/compare.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 2 ** -126;
const f32 = Math.fround;

const tol = TOLERANCE.wgsl;

/** The float32 neighbours of x (x itself included). */
function around(x: number): number[] {
  const bits = new Uint32Array(new Float32Array([x]).buffer)[0];
  const at = (b: number) => new Float32Array(new Uint32Array([b]).buffer)[0];
  return x === 0 ? [0, F32_MIN_NORMAL] : [at(bits - 1), f32(x), at(bits + 1)];
}

/** ±10^(k / perDecade) for every normal float32 magnitude, and 0. */
function logGrid(perDecade: number): number[] {
  const out = [0];
  for (let k = -37 * perDecade; k <= 38.6 * perDecade; k++) {
    const x = f32(10 ** (k / perDecade));
    if (x >= F32_MIN_NORMAL && x <= F32_MAX) out.push(x, -x);
  }
  return out;
}

/**
 * Where the emitters and helpers switch formulas (expm1/log1p 0.1, tanh 0.5, sinh 1, asinh/acosh 1e10; pow's
 * parity and special cases at 0, 1, 2, 3, 0.5, 1.5), and the protected-math poles (y + 1e-8, 1 + x).
 */
const BRANCHES = [0, 0.1, 0.5, 1, 2, 3, 1e10, 1e-8, 0.25, 1.5, 2 ** -24].flatMap((x) =>
  around(x).flatMap((v) => [v, -v]),
);

const grid = (perDecade: number) => [...new Set([...logGrid(perDecade), ...BRANCHES])];

/** update = op(g, w, 0.3): read back with keepUpdate, no weights in between. */
function single(op: OpName): Program {
  const b = new IRBuilder();
  const args = [b.leaf('g', 'tensor'), b.leaf('w', 'tensor'), b.constant(0.3)].slice(0, OPS.get(op)!.arity);
  return {
    file: `${op}.opt`,
    signature: { fn: 'train', w: 'w', g: 'g', state: [], inputs: [], hypers: [] },
    nodes: b.nodes,
    outputs: { update: b.apply(op, args), state: [] },
  };
}

/**
 * Where WGSL's accuracy (WGSL spec, "Floating Point Accuracy") keeps an op within the tolerance; elsewhere it
 * allows more error than `tol`, so an element there is not compared.
 */
const PROMISED: Partial<Record<OpName, (x: number, y: number) => boolean>> = {
  // sin and cos are specified on [-π, π] only (absolute error 2^-11); lavapipe reduces larger arguments
  // exactly up to ~1e7 (measured: its first mismatch on the grid is at 7.5e7). Beyond, not compared; a GPU
  // with a coarser range reduction would fail below 1e7, and should.
  sin: (x) => Math.abs(x) <= 1e7,
  cos: (x) => Math.abs(x) <= 1e7,
  tan: (x) => Math.abs(x) <= 1e7,
  // pow is exp2(y · log2(x)) (WGSL's own definition, and opt_pow's): log2 on [0.5, 2] has an absolute error
  // of 2^-21, which y multiplies into the exponent: the relative error of the result is then up to
  // ln 2 · |y| · 2^-21, past rtol once |y| > ~5,800 (pow(1 - 2^-24, 1e5) is off by 0.4%).
  pow: (x, y) => !(Math.abs(x) >= 0.5 && Math.abs(x) <= 2 && Math.LN2 * Math.abs(y) * 2 ** -21 > tol.rtol / 2),
};

/**
 * The helpers that exist to keep relative accuracy near 0 (wgsl-ops.ts), where the result is about x: below
 * |x| = 0.5 their result is compared relatively only (no absolute tolerance, which would hide any error there).
 * Protected log1p is log(|1 + x|) as written (no helper), and is held to the absolute tolerance.
 */
const RELATIVE_NEAR_0 = new Set<OpName>(['expm1', 'log1p', 'sinh', 'tanh', 'arcsinh', 'arctanh']);

/**
 * The op's discontinuities under `math`. Protected division x / (y + 1e-8) has its pole at y = -1e-8 and is
 * smooth at y = 0, where the ops table's `near` (the IEEE pole) would skip exactly the elements where the
 * two divisions differ.
 */
const nearOf = (op: OpName, math: MathMode) =>
  math === 'protected' && op === 'div'
    ? (t: number, _x: number, y: number) => Math.abs(y + 1e-8) <= t * 1e-8
    : OPS.get(op)!.near;

const elementwise = [...OPS.values()].filter((d) => d.kind === 'elementwise').map((d) => d.name as OpName);

/** The mismatches, and how many elements were compared (the rest are outside the reference's or WGSL's domain). */
async function sweep(op: OpName, math: MathMode): Promise<{ bad: string[]; compared: number }> {
  const def = OPS.get(op)!;
  const f = semantics(def, math);
  const near = nearOf(op, math);
  const xs = grid(def.arity === 1 ? 8 : 1);
  const ys = def.arity === 1 ? [0] : grid(1);
  const n = xs.length * ys.length;
  const g = Float32Array.from({ length: n }, (_, i) => xs[i % xs.length]);
  const w = Float32Array.from({ length: n }, (_, i) => ys[Math.floor(i / xs.length)]);
  const runner = await WgslRunner.create(gpu!.device, single(op), {
    params: [{ name: 'p', shape: [n] }],
    weights: [w],
    policy: 'ignore',
    keepUpdate: true,
    math,
  });
  runner.step([g]);
  const got = (await runner.read()).update![0];
  runner.destroy();
  const bad: string[] = [];
  let compared = 0;
  for (let i = 0; i < n; i++) {
    const args = [g[i], w[i], f32(0.3)].slice(0, def.arity);
    const y = f(...args);
    if (!Number.isFinite(f32(y)) || near?.(tol.near, ...args)) continue;
    if (PROMISED[op] && !PROMISED[op](args[0], args[1])) continue;
    compared++;
    const relative = math === 'ieee' && RELATIVE_NEAR_0.has(op) && Math.abs(args[0]) < 0.5;
    const t = relative ? { ...tol, atol: 0 } : tol;
    if (!close(f32(y), got[i], t)) bad.push(`${op}(${args.join(', ')}) = ${f32(y)}, got ${got[i]}`);
  }
  return { bad, compared };
}

describe.skipIf(!gpu)('every elementwise op over its float32 domain (WGSL)', () => {
  for (const math of ['ieee', 'protected'] as const) {
    const ops = math === 'ieee' ? elementwise : elementwise.filter((op) => OPS.get(op)!.protectedF64);
    it.each(ops)(`%s, ${math} math`, async (op) => {
      const { bad, compared } = await sweep(op, math);
      expect(compared).toBeGreaterThan(250);
      expect(bad.length, bad.slice(0, 8).join('\n')).toBe(0);
    });
  }
});

// The sweep skips |y| ≤ 1e-3 for IEEE division (the ops table's pole rule), the very range where protected
// division's + 1e-8 shows. With exact float32 operands, WGSL's division is accurate there (2.5 ULP): IEEE
// division must be x / y all the way to the pole.
describe.skipIf(!gpu)('IEEE division near its pole (WGSL)', () => {
  it('is x / y, not x / (y + 1e-8), for divisors down to 1e-30', async () => {
    const ys = [1e-7, -1e-7, 3e-9, -3e-9, 1e-12, 1e-30].map(f32);
    const g = Float32Array.from(ys, () => 1);
    const runner = await WgslRunner.create(gpu!.device, single('div'), {
      params: [{ name: 'p', shape: [ys.length] }],
      weights: [Float32Array.from(ys)],
      policy: 'ignore',
      keepUpdate: true,
    });
    runner.step([g]);
    const got = [...(await runner.read()).update![0]];
    runner.destroy();
    const bad = ys.filter((y, i) => !close(f32(1 / y), got[i], { ...tol, atol: 0 }));
    expect(bad, `got ${got.join(', ')}`).toEqual([]);
  });
});
