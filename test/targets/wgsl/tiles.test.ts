// The tile shape is a scheduling choice of the WGSL target (threads per workgroup, vec4s per thread): every
// shape gives the interpreter's results, reductions (tree sums over the workgroup) included, and a tensor
// spanning many tiles, a tile's last vec4 half full and an empty tensor are all covered.

import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { differential } from './harness.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const { program } = compile(
  `lr = 0.01
def train(w, g, m, v):
    g = clip_by_global_norm(g, 1)
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    update = lr * m / (sqrt(v) + 1e-8) * norm(w) / (norm(m) + 1e-3)
    return update, m, v
`,
  'lamb-like.opt',
);

// The default (64 × 4) runs in every other WGSL test.
const SHAPES = [
  { workgroup: 64, perThread: 1, unroll: false },
  { workgroup: 256, perThread: 2, unroll: false },
  { workgroup: 64, perThread: 3, unroll: true },
  { workgroup: 2, perThread: 3, unroll: false },
];

describe.skipIf(!gpu)('WGSL tile shapes', () => {
  it.each(SHAPES)(
    '$workgroup threads × $perThread vec4s per thread (unrolled: $unroll) match the interpreter',
    async (tile) => {
      const { manifest } = compileProgram(program!, 'wgsl', { tile });
      expect([manifest.workgroupSize, manifest.tileVec4s]).toEqual([tile.workgroup, tile.workgroup * tile.perThread]);
      const result = await differential(gpu!.device, {
        program: program!,
        sizes: [4099, 6, 0, 1030],
        steps: 3,
        seed: 7,
        kernel: { tile },
      });
      expect(result).toMatchObject({ ok: true, compared: 3 });
    },
  );

  it('rejects a workgroup size that is no power of 2 or a fractional count per thread', () => {
    expect(() => compileProgram(program!, 'wgsl', { tile: { workgroup: 48, perThread: 1 } })).toThrow(/power-of-2/);
    expect(() => compileProgram(program!, 'wgsl', { tile: { workgroup: 64, perThread: 1.5 } })).toThrow(/whole number/);
  });
});
