// The non-finite check of per-step inputs on the WGSL target (wgsl-tiles.ts checkOpen): the inputs' exponent bits
// are read four to a vec4, so nine inputs fill two vec4s and start a third. Each input, the first and last of each
// vec4 included, must skip the step when it is NaN or ±Inf, whether apply_step checks (no reductions) or stage 1.

import { afterAll, describe, expect, it } from 'vitest';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const SIZES = [10, 7];
const params = SIZES.map((n, i) => ({ name: `p${i}`, shape: [n] }));
const ones = (scale: number) => SIZES.map((n) => new Float32Array(n).fill(scale));

const SOURCES = [
  ['without reductions (apply_step checks)', 'm = 0.9 * m + (a + b + c + d + e + f + h + k + n) * g\n    return m, m'],
  [
    'with a reduction (stage 1 checks)',
    'm = 0.9 * m + (a + b + c + d + e + f + h + k + n) * g\n    return m * norm(w), m',
  ],
] as const;

describe.skipIf(!gpu)('nine per-step inputs on the WGSL target', () => {
  describe.each(SOURCES)('%s', (_, body) => {
    const program = programOf(`def train(w, g, m, a, b, c, d, e, f, h, k, n):\n    ${body}\n`);

    it.each([0, 3, 4, 7, 8])('input %i non-finite: the step is skipped, the next one taken', async (k) => {
      const r = await WgslRunner.create(gpu!.device, program, { params, weights: ones(1) });
      const inputs = (bad: number) => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((x, j) => (j === k ? bad : x));
      r.step(ones(0.5), inputs(0.5));
      const before = await r.read();
      for (const bad of [NaN, Infinity, -Infinity]) r.step(ones(0.5), inputs(bad));
      const after = await r.read();
      expect(after.step).toBe(before.step);
      expect(after.skipped).toBe(3);
      expect(after.seen & 1).toBe(1);
      expect(after.w).toEqual(before.w);
      expect(after.state).toEqual(before.state);
      r.step(ones(0.5), inputs(0.5));
      const resumed = await r.read();
      expect(resumed.step).toBe(before.step + 1);
      expect(resumed.w[0].every(Number.isFinite)).toBe(true);
      expect(resumed.w[0][0]).not.toBe(before.w[0][0]);
      r.destroy();
    });
  });
});
