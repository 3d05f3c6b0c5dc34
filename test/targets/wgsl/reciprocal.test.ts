// x / s with s a scalar the host knows (a hyperparameter, a per-step input, a function of `step`) is emitted as
// x · (1 / s), the reciprocal computed once per step on the host (compiler/targets/wgsl-lower.ts). Within WGSL's
// own 2.5-ulp budget for f32 division: checked here at 2 ulp of the float64 quotient rounded to f32, for
// numerators across the float32 range and divisors from 1e-30 to 1e30, both signs, given as a hyperparameter and
// as a per-step input.

import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { emitWgsl } from '../../../compiler/targets/wgsl.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

/** The distance from `a` to `b` in units of b's last place (as a float32). */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(b))), -126);
  return Math.abs(a - b) / 2 ** (exponent - 23);
}

const NUMERATORS = [0, -0, 1, -1, 3, 0.1, 1e-30, -2.5e-20, 7e20, -3e30, 1.17549435e-38 * 8, 123456.789];
const DIVISORS = [3, -7, 0.1, 1e-30, -1e-30, 1e30, -2.5e15, 1 / 3];

describe('division by a host scalar on the WGSL target', () => {
  it('is emitted as a multiplication by its reciprocal', () => {
    const { program } = compile('def train(w, g):\n    update = g / s\n    return update\n', 'div.opt');
    const step = emitWgsl(program!).code.split('fn apply_step')[1].split('\n}\n')[0];
    expect(step).not.toMatch(/ \/ /);
    expect(step).toMatch(/v\d+_g \* v\d+/);
  });

  describe.skipIf(!gpu)('on the device', () => {
    it.each(['hyper', 'input'])('stays within 2 ulp of the quotient (the divisor a %s)', async (kind) => {
      const source =
        kind === 'hyper'
          ? 'def train(w, g):\n    update = g / s\n    return update\n'
          : 'def train(w, g, s):\n    update = g / s\n    return update\n';
      const { program } = compile(source, 'div.opt');
      const g = NUMERATORS.map(Math.fround);
      for (const s of DIVISORS) {
        const engine = await openEngine('wgsl', program!, {
          device: gpu!.device,
          keepUpdate: true,
          params: [{ name: 'x', shape: [g.length] }],
          w: [new Float64Array(g.length)],
          hypers: kind === 'hyper' ? { s } : {},
        });
        try {
          await engine.step([g], kind === 'input' ? [s] : []);
          const [update] = (await engine.read()).update!;
          update.forEach((u, i) => {
            const expected = Math.fround(g[i] / s);
            expect(ulps(u, expected), `${g[i]} / ${s}: got ${u}, expected ${expected}`).toBeLessThanOrEqual(2);
          });
        } finally {
          engine.dispose();
        }
      }
    });
  });
});
