// Differential property over generated programs (compiler/generate.ts, hostile and Unicode names
// included): each runs several steps as a tfjs optimizer on cpu, wasm and webgpu (where an adapter exists;
// CI fails without one), each step compared with the interpreter in float32 mode from tfjs's own weights
// and state (stepwise.ts). Elements ill-conditioned at that step's inputs (a sign whose argument cancels;
// runtime/conditioning.ts: random programs such as sin(cosh(w) ** 10) turn one ulp into 1e-3, which says
// nothing about the code generator) or computed from a NaN or ±Inf are skipped; the test asserts that
// enough elements are still compared. Random seeds locally, a fixed one in CI (test/setup.ts); FC_SEED
// replays a failure, and OPTIC_FUZZ_RUNS scales the number of programs.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { arbProgramSource } from '../../../compiler/generate.ts';
import type { Program } from '../../../compiler/ir.ts';
import { simplify } from '../../../compiler/passes/simplify.ts';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { backendsUnderTest, programOf, randomCase, type Case } from './harness.ts';
import { stepwiseDifferential, type Coverage } from './stepwise.ts';
import { REGRESSIONS } from './generated-regressions.ts';

const PARAMS = [
  { name: 'kernel', shape: [3, 2] },
  { name: 'bias', shape: [2] },
  { name: 'gain', shape: [] },
  { name: 'empty', shape: [0] },
];
const STEPS = 3;
const RUNS = Number(process.env.OPTIC_FUZZ_RUNS ?? 150);
/** webgpu compiles a pipeline per distinct op and shape on lavapipe: fewer programs, same property. */
const RUNS_PER_BACKEND = { cpu: RUNS, wasm: RUNS, webgpu: Math.ceil(RUNS / 3) };

const backends = await backendsUnderTest();
afterAll(() => tf.disposeVariables());

function caseFor(program: Program, seed: number): Case {
  const c = randomCase(seed, PARAMS, STEPS);
  c.hypers = Object.fromEntries(program.signature.hypers.map((h, i) => [h.name, 0.1 + 0.2 * ((seed + i) % 4)]));
  c.inputs = c.grads.map((_, s) => program.signature.inputs.map((_, i) => 0.3 + 0.1 * ((s + i) % 3)));
  return c;
}

/**
 * The IR both sides run. Half the runs simplify first (what `optic compile` ships: the emitter sees folded
 * constants and rewritten shapes), half do not (the emitter sees every op the generator wrote). Either way
 * the interpreter runs the very IR the target runs: the simplifier folds constants in float64 (log(e) is 1
 * exactly, 0.99999994 in float32, and a negative number to that power is NaN), so comparing the simplified
 * target with the unsimplified reference would test the simplifier's float64 folding against float32
 * arithmetic, not the emitter. The simplifier is tested against the interpreter on its own.
 */
const irOf = (source: string, simplified: boolean): Program => {
  const program = programOf(source, 'generated.opt');
  return simplified ? simplify(program, 'exact').program : program;
};

describe.each(['cpu', 'wasm', 'webgpu'] as const)('generated programs on tfjs %s', (backend) => {
  it.skipIf(!backends.includes(backend))(
    `agree with the interpreter over ${STEPS} steps`,
    async () => {
      await useTfjsBackend(backend);
      const coverage: Coverage = { compared: 0, total: 0 };
      await fc.assert(
        fc.asyncProperty(
          // Rows and columns too (shapes: sum_rows, mean_cols, rows and cols state slots), outside Hero's space.
          arbProgramSource({ maxStatements: 6, inDomain: true, shapes: true }),
          fc.integer({ min: 1, max: 1e6 }),
          fc.boolean(),
          async (source, seed, simplified) => {
            const program = irOf(source, simplified);
            // The regressions are mostly there to be skipped: the coverage is that of the random programs.
            const counted = REGRESSIONS.some(([example]) => example === source) ? undefined : coverage;
            const difference = await stepwiseDifferential(program, caseFor(program, seed), backend, {}, counted);
            if (difference !== null)
              throw new Error(`${difference}\n(${simplified ? 'simplified' : 'as lowered'})\n${source}`);
          },
        ),
        { numRuns: RUNS_PER_BACKEND[backend] + REGRESSIONS.length, examples: REGRESSIONS }, // (examples count as runs)
      );
      // Arguments in their ops' domains (inDomain), few programs meet a NaN or ±Inf: measured at the fixed
      // seed, 95% of the elements compared on cpu and wasm, 89% on webgpu (64% without inDomain).
      console.log(`tfjs ${backend} fuzz: ${coverage.compared}/${coverage.total} elements compared`);
      expect(coverage.compared).toBeGreaterThan(0.8 * coverage.total);
    },
    300_000,
  );
});
