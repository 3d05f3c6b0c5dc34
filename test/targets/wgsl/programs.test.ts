// Every program in programs/ through the WGSL target: the module compiles in Dawn, and several steps over a
// multi-tensor model (an empty tensor, sizes that are not multiples of 4, a tensor spanning several tiles)
// match the reference interpreter, each comparing at least its floor's share of the update's elements.

import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import { LIBRARY } from '../../fixtures/compile.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { differential } from './harness.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

/**
 * The least share of update elements each program's run compares (the rest are ill-conditioned at their
 * operands: test/targets/lockstep.ts), measured and set a little below: 100% for all but these. RAdam's
 * rectification √((ρ_t − 4)(ρ_t − 2)ρ_∞ / …) cancels at its first steps; LARS's trust ratio divides by a
 * norm difference. Lookahead's reset step (step 5 of the run's 5) subtracts the slow weights from the fast,
 * two nearly equal stored tensors (measured: 81%).
 */
const FLOORS: Record<string, number> = {
  'programs/radam.opt': 0.55,
  'programs/lookahead_adam.opt': 0.75,
  'programs/lars.opt': 0.95,
};

describe.skipIf(!gpu)('programs/ on the WGSL target', () => {
  it.each(LIBRARY)('%s compiles in Dawn', async (file) => {
    const { program, diagnostics } = compileFile(file);
    expect(program, JSON.stringify(diagnostics)).toBeDefined();
    const shader = gpu!.device.createShaderModule({ code: compileProgram(program!, 'wgsl').code });
    const info = await shader.getCompilationInfo();
    expect(info.messages.filter((m) => m.type === 'error').map((m) => m.message)).toEqual([]);
  });

  it.each(LIBRARY)('%s matches the interpreter over 5 steps', async (file) => {
    const { program } = compileFile(file);
    // The paper's listings declare no defaults: give those hyperparameters a typical value.
    const hypers = Object.fromEntries(
      program!.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 0.01]),
    );
    const result = await differential(gpu!.device, {
      program: program!,
      sizes: [37, 0, 300, 1, 1030],
      steps: 5,
      seed: 7,
      hypers,
    });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const compared = 1 - result.update.skipped / result.update.total;
    expect(compared, `share of update elements compared (${result.update.skipped} skipped)`).toBeGreaterThanOrEqual(
      FLOORS[file] ?? 0.95,
    );
  });
});
