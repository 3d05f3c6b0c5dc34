// Generated programs × generated inputs: the WGSL kernel against the reference interpreter, several steps,
// over a model with several tensors (so per-tensor and global reductions see different elements), as
// fast-check properties: random seeds on a developer's machine, test/setup.ts's fixed seed in CI, FC_SEED to
// replay a failure (the counterexample also names the program's seed: `randomProgram(seed)` rebuilds it).
// Elements near a discontinuity or ill-conditioned (runtime/conditioning.ts) are skipped (harness.ts); programs
// whose reference meets a NaN or ±Inf are discarded (WGSL leaves non-finite arithmetic unspecified), and the
// tests assert that most are not, and that most elements are compared.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { arbProgramSource } from '../../../compiler/generate.ts';
import type { Program } from '../../../compiler/ir.ts';
import { verify } from '../../../compiler/verify.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { randomProgram } from './arb-ir.ts';
import { differential, type Case } from './harness.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const RUNS = Number(process.env.OPTIC_FUZZ_RUNS ?? 120);
const SIZES = [5, 64, 0, 300];
const seeds = fc.integer({ min: 1, max: 0x7fffffff });

async function compilesInDawn(program: Program): Promise<string[]> {
  const info = await gpu!.device
    .createShaderModule({ code: compileProgram(program, 'wgsl').code })
    .getCompilationInfo();
  return info.messages.filter((m) => m.type === 'error').map((m) => m.message);
}

/** Tallies over one property's runs: discarded programs, elements compared and skipped. */
function tally() {
  const t = { runs: 0, discarded: 0, total: 0, skipped: 0 };
  const check = async (c: Case) => {
    t.runs++;
    const result = await differential(gpu!.device, c);
    if (!result.ok && result.discarded) t.discarded++;
    else if (!result.ok) expect.fail(result.message);
    else {
      t.total += result.elements.total;
      t.skipped += result.elements.skipped;
    }
  };
  return { t, check };
}

describe.skipIf(!gpu)('generated programs on the WGSL target', () => {
  it(`${RUNS} programs compile in Dawn`, async () => {
    await fc.assert(
      fc.asyncProperty(seeds, async (seed) => {
        const program = randomProgram(seed);
        expect(verify(program)).toEqual([]);
        expect(await compilesInDawn(program)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    `${RUNS} programs match the interpreter over 3 steps`,
    async () => {
      const { t, check } = tally();
      await fc.assert(
        fc.asyncProperty(seeds, (seed) =>
          check({ program: randomProgram(seed), sizes: SIZES, steps: 3, seed, resync: 'always' }),
        ),
        { numRuns: RUNS },
      );
      expect(t.discarded).toBeLessThan(t.runs / 2);
      // Ill-conditioned and near-discontinuity elements are the exception, not the rule.
      expect(t.skipped).toBeLessThan(t.total / 4);
    },
    Math.max(60_000, RUNS * 500),
  );
});

describe.skipIf(!gpu)('compiler/generate.ts programs on the WGSL target', () => {
  it(
    'compile in Dawn and match the interpreter over 3 steps',
    async () => {
      const { t, check } = tally();
      await fc.assert(
        fc.asyncProperty(arbProgramSource(), seeds, async (source, seed) => {
          const { program, diagnostics } = compile(source, 'generated.opt');
          expect(program, JSON.stringify(diagnostics)).toBeDefined();
          expect(await compilesInDawn(program!)).toEqual([]);
          const hypers = Object.fromEntries(
            program!.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 0.5]),
          );
          await check({ program: program!, sizes: SIZES, steps: 3, seed, hypers, resync: 'always' });
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
      // Generated programs divide by zero state at step 1 and the like often; a quarter must still compare.
      expect(t.runs - t.discarded).toBeGreaterThan(t.runs / 4);
      expect(t.skipped).toBeLessThan(t.total / 4);
    },
    Math.max(60_000, RUNS * 500),
  );
});
