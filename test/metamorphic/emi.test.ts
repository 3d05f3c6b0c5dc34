// Metamorphic tests over generated programs (Csmith/NNSmith-style generation, EMI transformations): a variant
// that inserts dead statements, reorders independent statements or renames locals gives bit-identical
// interpreter output; so does the program after a trip through `optic fmt` from a non-canonical printing;
// and the simplifier (exact level) keeps a variant equivalent to the original (runtime/equiv.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simplify } from '../../compiler/passes/simplify.ts';
import { arbProgram } from '../../compiler/generate.ts';
import { format } from '../../grammar/format.ts';
import { parse } from '../../grammar/parse.ts';
import { arbCase } from '../../runtime/equiv-cases.ts';
import { equivalent, openHypers } from '../../runtime/equiv.ts';
import { arbVariant } from './emi.ts';
import { noisyFormat } from './noisy.ts';
import { bitDifference, lowered, outputs } from './run.ts';

const STEPS = 3;

/** A program, a variant of it, and a random case both can run. */
const arbEmi = arbProgram({ maxStatements: 8 }).chain((p) => {
  const program = lowered(p);
  return fc.record({
    p: fc.constant(p),
    v: arbVariant(p),
    c: arbCase(STEPS, program.signature.inputs, openHypers(program, program, {})),
  });
});

describe('EMI variants give bit-identical interpreter output', () => {
  it('dead statements, reordering, renaming (and combinations)', () => {
    fc.assert(
      fc.property(arbEmi, ({ p, v, c }) => {
        const [a, b] = [lowered(p), lowered(v.variant)];
        expect(b.signature.state.length).toBe(a.signature.state.length);
        const diff = bitDifference(outputs(a, c), outputs(b, c));
        if (diff)
          throw new Error(
            `${v.applied.join(' + ')}: ${diff}\n--- original\n${format(p)}--- variant\n${format(v.variant)}`,
          );
      }),
      { numRuns: 150 },
    );
  });

  it('the transformations do change the text (so the property above is not vacuous)', () => {
    let changed = 0;
    fc.assert(
      fc.property(arbEmi, ({ p, v }) => {
        if (format(v.variant) !== format(p)) changed++;
      }),
      { numRuns: 100 },
    );
    expect(changed).toBeGreaterThan(80);
  });
});

describe('through optic fmt', () => {
  const arbNoisy = arbEmi.chain((x) => fc.gen().map((g) => ({ ...x, noisy: noisyFormat(x.v.variant, g) })));

  it('a fully parenthesized, oddly spaced printing formats to the canonical text and runs to the same bits', () => {
    fc.assert(
      fc.property(arbNoisy, ({ v, c, noisy }) => {
        const parsed = parse(noisy, 'noisy.opt');
        expect(
          parsed.diagnostics.filter((d) => d.severity === 'error'),
          noisy,
        ).toEqual([]);
        const canonical = format(parsed.program!);
        expect(canonical).toBe(format(v.variant));
        const diff = bitDifference(outputs(lowered(noisy), c), outputs(lowered(canonical), c));
        if (diff) throw new Error(`${diff}\n--- noisy\n${noisy}--- formatted\n${canonical}`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('through the simplifier (exact level)', () => {
  it('simplify(variant) is equivalent to the original', () => {
    fc.assert(
      fc.property(arbEmi, fc.integer(), ({ p, v }, seed) => {
        const [a, b] = [lowered(p), simplify(lowered(v.variant), 'exact').program];
        const result = equivalent(a, b, { steps: STEPS, trials: 15, seed, states: true, level: 'exact' });
        if (result.kind !== 'equivalent')
          throw new Error(
            `${v.applied.join(' + ')}: ${JSON.stringify(result, null, 1).slice(0, 2000)}\n--- original\n${format(p)}--- variant\n${format(v.variant)}`,
          );
      }),
      { numRuns: 40 },
    );
  });
});
