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
import { hasRowsOrCols, type Program } from '../../../compiler/ir.ts';
import { verify } from '../../../compiler/verify.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { differential, type Case } from './harness.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const RUNS = Number(process.env.OPTIC_FUZZ_RUNS ?? 120);
const SIZES = [5, 64, 0, 300];
const seeds = fc.integer({ min: 1, max: 0x7fffffff });
/**
 * Small programs (a few statements of a few ops each), so that many fit in the time of one test, every op's
 * arguments in its domain (generate.ts's inDomain), and + - * more often than / and **: most programs stay
 * finite.
 */
const SMALL: GenerateOptions = {
  maxStatements: 4,
  maxDepth: 2,
  operators: ['+', '-', '*', '+', '-', '*', '/', '**', '%', '<', '>=', '==', '!='],
  inDomain: true,
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
      console.log(`WGSL fuzz (small): ${t.discarded}/${t.runs} discarded, ${t.skipped}/${t.total} skipped`);
      // Measured at CI's seed: 6 of 120 discarded (50% allowed before inDomain), 0.8% of elements skipped.
      expect(t.discarded).toBeLessThan(t.runs / 8);
      expect(t.skipped).toBeLessThan(t.total / 20);
    },
    Math.max(240_000, RUNS * 2_000),
  );
});

describe.skipIf(!gpu)('compiler/generate.ts programs on the WGSL target', () => {
  it(
    'compile in Dawn and match the interpreter over 3 steps',
    async () => {
      const { t, check } = tally();
      await fc.assert(
        fc.asyncProperty(arbProgramSource({ inDomain: true }), seeds, async (source, seed) => {
          const program = lowered(source);
          expect(await compilesInDawn(program)).toEqual([]);
          await check({ program, sizes: SIZES, steps: 3, seed, hypers: openHypers(program), resync: 'always' });
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
      console.log(`WGSL fuzz (generate.ts): ${t.discarded}/${t.runs} discarded, ${t.skipped}/${t.total} skipped`);
      // With arguments in their domains few programs meet a NaN or ±Inf: measured at CI's seed, 5 of 40
      // discarded (62.5% of the programs before inDomain) and 0.5% of elements skipped.
      expect(t.discarded).toBeLessThan(t.runs / 4);
      expect(t.skipped).toBeLessThan(t.total / 20);
    },
    Math.max(240_000, RUNS * 2_000),
  );
});

/** Matrices, a tensor of 3 dimensions, a vector, a scalar and an empty matrix: rows and columns of each kind. */
const SHAPES = [[5, 3], [2, 3, 4], [64], [], [0, 2], [20, 15]];

describe.skipIf(!gpu)('generated programs with rows and columns (generate.ts shapes) on the WGSL target', () => {
  it(
    `${Math.ceil(RUNS / 4)} programs match the interpreter over 3 steps on matrices`,
    async () => {
      const { t, check } = tally();
      let lines = 0;
      const sizes = SHAPES.map((s) => s.reduce((a, b) => a * b, 1));
      await fc.assert(
        fc.asyncProperty(arbProgramSource({ ...SMALL, shapes: true }), seeds, (source, seed) => {
          const program = lowered(source);
          if (hasRowsOrCols(program)) lines++;
          return check({
            program,
            sizes,
            shapes: SHAPES,
            steps: 3,
            seed,
            hypers: openHypers(program),
            resync: 'always',
          });
        }),
        { numRuns: Math.ceil(RUNS / 4) },
      );
      console.log(
        `WGSL fuzz (shapes): ${lines}/${t.runs} with rows or cols, ${t.discarded}/${t.runs} discarded, ${t.skipped}/${t.total} skipped`,
      );
      // Measured with 60 programs: 54 with rows or cols, 1 discarded, 1.9% of elements skipped (~4 s a program
      // on a loaded 2-core machine, hence a quarter of RUNS).
      expect(lines).toBeGreaterThan(t.runs / 2);
      expect(t.discarded).toBeLessThan(t.runs / 8);
      expect(t.skipped).toBeLessThan(t.total / 20);
    },
    Math.max(240_000, RUNS * 2_000),
  );
});
