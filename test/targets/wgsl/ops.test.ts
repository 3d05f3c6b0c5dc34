// Each elementwise op of the table, alone, on a grid of arguments: the kernel's result is within the WGSL
// tolerance of the reference wherever the reference is finite and not within the discontinuity rule's reach
// (the emitters' helper functions exist because lavapipe's builtins were not: asin, sinh near 0, pow of a
// negative base…).

import { afterAll, describe, expect, it } from 'vitest';
import { IRBuilder, type Program } from '../../../compiler/ir.ts';
import { OPS, type OpName } from '../../../compiler/ops.ts';
import { close, TOLERANCE } from '../../../runtime/compare.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

/** update = -op(g, w, …): after one step from weights w, the weights hold w + op(g, w, …). */
function single(op: OpName): Program {
  const b = new IRBuilder();
  const w = b.leaf('w', 'tensor');
  const g = b.leaf('g', 'tensor');
  const args = [g, w, b.constant(0.3)].slice(0, OPS.get(op)!.arity);
  const update = b.apply('negative', [b.apply(op, args)]);
  return {
    file: `${op}.opt`,
    signature: { fn: 'train', w: 'w', g: 'g', state: [], inputs: [], hypers: [] },
    nodes: b.nodes,
    outputs: { update, state: [] },
  };
}

const elementwise = [...OPS.values()].filter((d) => d.kind === 'elementwise' && d.name !== 'negative');
const N = 2048;
const tol = TOLERANCE.wgsl;

describe.skipIf(!gpu)('every elementwise op on the WGSL target', () => {
  it.each(elementwise.map((d) => d.name))('%s', async (name) => {
    const def = OPS.get(name as OpName)!;
    const g = Float32Array.from({ length: N }, (_, i) => Math.fround(-4 + (8 * i) / N));
    // The second argument: a few values, including negative and integer exponents for pow.
    const w = Float32Array.from({ length: N }, (_, i) => [0, 2, -1.5, 3, 0.5, -2, 1e-3, 5][i % 8]);
    const runner = await WgslRunner.create(gpu!.device, single(name as OpName), {
      params: [{ name: 'p', shape: [N] }],
      weights: [w],
      policy: 'ignore',
    });
    runner.step([g]);
    const got = (await runner.read()).w[0];
    runner.destroy();
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const args = [g[i], w[i], 0.3].slice(0, def.arity);
      const y = Math.fround(def.f64!(...args));
      if (!Number.isFinite(y) || Math.abs(y) > 1e30 || def.near?.(tol.near, ...args)) continue;
      const expected = Math.fround(w[i] + y);
      if (!close(expected, got[i], tol)) bad.push(`${name}(${args.join(', ')}): ${expected} vs ${got[i]}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
