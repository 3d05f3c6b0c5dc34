// Generated programs × generated inputs: the WGSL kernel against the reference interpreter, several steps,
// over a model with several tensors (so per-tensor and global reductions see different elements), as
// fast-check properties over compiler/generate.ts's programs (hostile names included: WGSL keywords and the
// generated module's own identifiers): random seeds on a developer's machine, test/setup.ts's fixed seed in CI,
// FC_SEED to replay a failure (the counterexample is the program's source).
// Elements ill-conditioned at their operands (runtime/conditioning.ts) are skipped (../lockstep.ts); programs
// whose reference meets a NaN or ±Inf are discarded (WGSL leaves non-finite arithmetic unspecified), and the
// tests assert that most are not, and that most elements are compared.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { arbProgramSource, type GenerateOptions } from '../../../compiler/generate.ts';
import { CALLABLE } from '../../../compiler/ops.ts';
import type { Program } from '../../../compiler/ir.ts';
import { verify } from '../../../compiler/verify.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { differential, type Case } from './harness.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const RUNS = Number(process.env.OPTIC_FUZZ_RUNS ?? 120);
const SIZES = [5, 64, 0, 300];
const seeds = fc.integer({ min: 1, max: 0x7fffffff });
/** Functions defined on part of the reals only: their NaNs on random inputs would discard most programs. */
const PARTIAL = new Set([
  'pow',
  'power',
  'arccosh',
  'log',
  'log2',
  'log10',
  'log1p',
  'arctanh',
  'sqrt',
  'arccos',
  'arcsin',
]);
const CALLS = [...CALLABLE.keys()];
/**
 * Small programs (a few statements of a few ops each), so that many fit in the time of one test, with every
 * function but the partial ones, and + - * more often than / and **, twice as likely: most programs stay finite.
 */
const SMALL: GenerateOptions = {
  maxStatements: 4,
  maxDepth: 2,
  ops: [...CALLS, ...CALLS.filter((name) => !PARTIAL.has(name))],
  operators: ['+', '-', '*', '+', '-', '*', '/', '**'],
};

function lowered(source: string): Program {
  const { program, diagnostics } = compile(source, 'generated.opt');
  expect(program, JSON.stringify(diagnostics)).toBeDefined();
  return program!;
}

/** A value for each hyperparameter without a declared default. */
const openHypers = (program: Program) =>
  Object.fromEntries(program.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 0.5]));

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
      fc.asyncProperty(arbProgramSource(SMALL), async (source) => {
        const program = lowered(source);
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
        fc.asyncProperty(arbProgramSource(SMALL), seeds, (source, seed) => {
          const program = lowered(source);
          return check({ program, sizes: SIZES, steps: 3, seed, hypers: openHypers(program), resync: 'always' });
        }),
        { numRuns: RUNS },
      );
      expect(t.discarded).toBeLessThan(t.runs / 2);
      // Ill-conditioned elements are the exception, not the rule.
      expect(t.skipped).toBeLessThan(t.total / 4);
    },
    Math.max(120_000, RUNS * 1_500),
  );
});

describe.skipIf(!gpu)('compiler/generate.ts programs on the WGSL target', () => {
  it(
    'compile in Dawn and match the interpreter over 3 steps',
    async () => {
      const { t, check } = tally();
      await fc.assert(
        fc.asyncProperty(arbProgramSource(), seeds, async (source, seed) => {
          const program = lowered(source);
          expect(await compilesInDawn(program)).toEqual([]);
          await check({ program, sizes: SIZES, steps: 3, seed, hypers: openHypers(program), resync: 'always' });
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
