// hypers.js restates runtime/groups.ts (the target-neutral definition, the interpreter's oracle) in plain
// JavaScript for printed modules: for any variables, values and groups they give the same table.

import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TfjsSpec } from '../../../compiler/targets/tfjs.ts';
import { hypersPerTensor, type HyperGroup } from '../../../runtime/groups.ts';
import { hyperTable } from '../../../runtime/tfjs/hypers.js';
import { programOf } from './harness.ts';

const program = programOf('lr = 0.1\ndef train(w, g):\n    update = lr * g + λ * w + β * 0\n    return update\n');
const spec = { hypers: program.signature.hypers, inputs: [], state: [] } as unknown as TfjsSpec;
const NAMES = ['dense/kernel', 'dense/bias', 'norm/gamma', 'head_bias', 'x'];

const arbParam = fc.record({
  name: fc.constantFrom(...NAMES),
  shape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
});
const arbSet = fc.dictionary(fc.constantFrom('lr', 'λ', 'β'), fc.double({ noNaN: true, min: -1, max: 1 }), {
  minKeys: 1,
});
const arbGroup: fc.Arbitrary<HyperGroup> = fc.record(
  {
    match: fc.constantFrom('*bias*', 'dense/*', '?', 'norm/gamm?', /bias$/, /^x$/u),
    rank: fc.subarray([0, 1, 2, 3]),
    set: arbSet,
  },
  { requiredKeys: ['set'] },
);

it('hyperTable (tfjs) equals hypersPerTensor (groups.ts)', () => {
  fc.assert(
    fc.property(
      fc.array(arbParam, { minLength: 1, maxLength: 6 }),
      arbSet,
      fc.array(arbGroup, { maxLength: 4 }),
      (params, values, groups) => {
        let expected: number[][] | Error;
        try {
          expected = hypersPerTensor(program, params, values, groups);
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) {
          expect(() => hyperTable(spec, params, values, groups, 1)).toThrow(/no value for hyperparameter/);
          return;
        }
        const { rows, row } = hyperTable(spec, params, values, groups, 1);
        expect(row.map((r) => rows[r])).toEqual(expected);
      },
    ),
    { numRuns: 300 },
  );
});
