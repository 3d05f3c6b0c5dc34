// The traffic twin (WgslOptions.traffic, `optic bench`'s limit): its apply_step reads and writes exactly the
// places the program's own does, for every program of the library, and with every other pass the same; on a
// device it compiles and does what it says (each output the sum of the tensors read).

import { afterAll, describe, expect, it } from 'vitest';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { LIBRARY, programFile, programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

/** Every load and store of a packed binding in the text, as written (`st[C.st_in + i + 1u * C.state_stride]`). */
const accesses = (code: string) => [...new Set(code.match(/\b(?:w|g|st|sc|upd)\[[^\]]*\]/g))].sort();

describe('the traffic twin', () => {
  it.each(LIBRARY)('%s: the same reads and writes in apply_step, every other pass the same', (file) => {
    const program = programFile(file);
    const [real, twin] = [compileProgram(program, 'wgsl'), compileProgram(program, 'wgsl', { traffic: true })];
    expect(accesses(twin.passCode.apply_step)).toEqual(accesses(real.passCode.apply_step));
    expect(twin.manifest).toEqual(real.manifest);
    // (The modules' helper functions differ: the twin's apply_step calls none.)
    const entry = (code: string) => code.slice(code.lastIndexOf('@compute'));
    for (const { entryPoint } of real.manifest.passes.filter((p) => p.entryPoint !== 'apply_step'))
      expect(entry(twin.passCode[entryPoint]), entryPoint).toBe(entry(real.passCode[entryPoint]));
    expect(twin.passCode.apply_step).not.toBe(real.passCode.apply_step);
    // The twin's own kernel, not the unchecked step's over the twin's body.
    expect(twin.passCode.apply_step).toContain('// The traffic twin of the step');
  });
});

describe.skipIf(!gpu)('the traffic twin on a device', () => {
  it('compiles, and each output is the sum of the tensors read', async () => {
    const program = programOf(`def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    return 0.01 * m / (sqrt(v) + 1e-8), m, v
`);
    const runner = await WgslRunner.create(gpu!.device, program, {
      params: [{ name: 'p', shape: [5] }],
      weights: [[1, 2, 3, 4, 5]],
      traffic: true,
    });
    runner.step([[10, 20, 30, 40, 50]]);
    const { w, state } = await runner.read();
    // The program reads g, m and v (not w), and m and v start at 0: every output is g, and w becomes w − g.
    expect([...w[0]]).toEqual([-9, -18, -27, -36, -45]);
    expect(state.map((s) => [...s[0]])).toEqual([
      [10, 20, 30, 40, 50],
      [10, 20, 30, 40, 50],
    ]);
    runner.destroy();
  });
});
