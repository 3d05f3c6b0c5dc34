// Protected math (hero's fn_lib: x / (y + 1e-8), log and sqrt of |x|, log(|1 + x|)) on the WGSL target:
// the representative programs and the paper's (found by a search that used protected math) match the reference
// interpreter run with the same math over several steps. Protected and IEEE math differ in these programs only
// where a divisor is within ~1e-5 of 0 or an argument of log or sqrt is negative, which random steps rarely
// reach: this checks that the protected path runs whole programs; the single ops, over their whole domain and
// at their poles, are checked in domain.test.ts.

import { afterAll, describe, expect, it } from 'vitest';
import { load, PROGRAM_FILES, REPRESENTATIVE } from '../../semantics/settings.ts';
import { testGpu } from './gpu.ts';
import { differential } from './harness.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const FILES = [...REPRESENTATIVE, ...PROGRAM_FILES.filter((f) => f.startsWith('programs/paper/'))];

describe.skipIf(!gpu)('programs on the WGSL target, protected math', () => {
  it.each(FILES)('%s matches the interpreter over 5 steps', async (file) => {
    const program = load(file);
    // The paper's listings declare no defaults: give those hyperparameters a typical value.
    const hypers = Object.fromEntries(
      program.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 0.01]),
    );
    const result = await differential(gpu!.device, {
      program,
      sizes: [37, 300, 1030],
      steps: 5,
      seed: 11,
      hypers,
      math: 'protected',
    });
    expect(result).toMatchObject({ ok: true });
  });
});
