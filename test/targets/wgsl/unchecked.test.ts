// The fused step without its non-finite checks (WgslOptions.checks false, `optic bench`'s measure of what the
// checks cost): apply_step computes and stores what the checked step does, without the gradient check and the
// output check; every other pass is the same. On a device it ends with the checked step's weights, and a NaN
// gradient goes through instead of skipping the step.

import { afterAll, describe, expect, it } from 'vitest';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { LIBRARY, programFile, programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

/** apply_step's entry point alone (the module's helpers come before it). */
const entry = (code: string) => code.slice(code.lastIndexOf('@compute'));

describe('the fused step without its checks', () => {
  it.each(LIBRARY)('%s: the checked step less its checks, every other pass the same', (file) => {
    const program = programFile(file);
    const [real, bare] = [compileProgram(program, 'wgsl'), compileProgram(program, 'wgsl', { checks: false })];
    const step = entry(bare.passCode.apply_step);
    expect(step).not.toMatch(/exponent_bits|seen|atomicOr\(&ctl\.flag, [12]u\)/);
    // Its lines are the checked step's, in the same order, but for those of the checks and the comments.
    const lines = (code: string) =>
      code
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('//'));
    const checked = lines(entry(real.passCode.apply_step));
    let at = 0;
    const missing = lines(step).filter((l) => {
      while (at < checked.length && checked[at] !== l) at++;
      return at++ >= checked.length;
    });
    expect(missing).toEqual([]); // a subsequence of the checked step's lines
    expect(lines(step).length).toBeLessThan(checked.length);
    expect(bare.manifest).toEqual(real.manifest);
    for (const { entryPoint } of real.manifest.passes.filter((p) => p.entryPoint !== 'apply_step'))
      expect(entry(bare.passCode[entryPoint]), entryPoint).toBe(entry(real.passCode[entryPoint]));
  });
});

describe.skipIf(!gpu)('the fused step without its checks on a device', () => {
  const program = programOf(`def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    return 0.01 * m / (sqrt(v) + 1e-8), m, v
`);
  const open = (checks: boolean) =>
    WgslRunner.create(gpu!.device, program, {
      params: [
        { name: 'a', shape: [5] },
        { name: 'b', shape: [3] },
      ],
      weights: [
        [1, 2, 3, 4, 5],
        [-1, 0.5, 2],
      ],
      checks,
    });

  it('takes the checked step bit for bit', async () => {
    const [real, bare] = [await open(true), await open(false)];
    const g = [
      [0.1, -0.2, 0.3, 0, 5],
      [1e-3, -4, 0.25],
    ];
    for (let k = 0; k < 3; k++) for (const r of [real, bare]) r.step(g);
    const [a, b] = [await real.read(), await bare.read()];
    expect(b.w.map((t) => [...t])).toEqual(a.w.map((t) => [...t]));
    expect(b.state.map((s) => s.map((t) => [...t]))).toEqual(a.state.map((s) => s.map((t) => [...t])));
    real.destroy();
    bare.destroy();
  });

  it('lets a NaN gradient through where the checked step skips', async () => {
    const [real, bare] = [await open(true), await open(false)];
    const g = [
      [0.1, Number.NaN, 0.3, 0, 5],
      [1e-3, -4, 0.25],
    ];
    for (const r of [real, bare]) r.step(g);
    const [a, b] = [await real.read(), await bare.read()];
    expect([...a.w[0]]).toEqual([1, 2, 3, 4, 5]); // skipped
    expect(Number.isNaN(b.w[0][1])).toBe(true);
    expect(b.w[1][1]).not.toBe(0.5); // the other tensor stepped too
    real.destroy();
    bare.destroy();
  });
});
