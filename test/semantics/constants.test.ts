// Hyperparameters given at run time equal the same values written into the program as constants: the text
// is rewritten by string substitution (each declared default's line removed, each read of the name replaced
// by the number), both versions are compiled, and their runs compared. On the interpreter the two must agree
// to the bit (a hyperparameter and a literal are the same scalar); compiled targets may fold constants
// differently, so they get their tolerance.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { compareTensors } from '../../runtime/compare.ts';
import { leastSquares } from './problems.ts';
import { defaults, load, PROGRAM_FILES, REPRESENTATIVE } from './settings.ts';
import { firstBitDifference, trajectory, type Values } from './steppers.ts';
import { setUpTargets, TARGETS } from './targets.ts';

setUpTargets();

const STEPS = 5;

/** Every read of `name` as a whole identifier (Unicode-aware: `β1` is not part of `β10`). */
const reads = (name: string) =>
  new RegExp(`(?<![\\p{ID_Continue}])${name.replace(/[$]/g, '\\$&')}(?![\\p{ID_Continue}])`, 'gu');

/** The program with every hyperparameter written as a constant, and the values it was given. */
function withConstants(
  file: string,
  program: Program,
  values: Values,
): { constant: Program; hypers: Record<string, number> } {
  const hypers: Record<string, number> = Object.fromEntries(
    program.signature.hypers.map((h) => [h.name, values.hypers?.[h.name] ?? h.default!]),
  );
  let text = readFileSync(file, 'utf8');
  for (const [name, value] of Object.entries(hypers)) {
    text = text
      .split('\n')
      .filter((line) => !new RegExp(`^${name}\\s*=`, 'u').test(line))
      .join('\n');
    text = text.replace(reads(name), `(${value})`);
  }
  const { program: constant, diagnostics } = compile(text, file);
  if (!constant)
    throw new Error(
      `${file} with constants does not compile: ${diagnostics.map((d) => d.message).join('; ')}\n${text}`,
    );
  expect(constant.signature.hypers).toEqual([]);
  return { constant, hypers };
}

const cases = PROGRAM_FILES.filter((file) => load(file).signature.hypers.length > 0);

describe('interpreter', () => {
  const target = TARGETS[0];
  it.each(cases)('%s: the same bits', async (file) => {
    const program = load(file);
    const { constant, hypers } = withConstants(file, program, defaults(file));
    const given = await trajectory(
      (await target.make(program, leastSquares.w0, { ...defaults(file), hypers }))!,
      leastSquares,
      STEPS,
    );
    const written = await trajectory(
      (await target.make(constant, leastSquares.w0, { inputs: defaults(file).inputs }))!,
      leastSquares,
      STEPS,
    );
    given.forEach((w, s) => expect(firstBitDifference(w, written[s]), `step ${s + 1}`).toBeNull());
  });
});

describe.each(TARGETS.filter((t) => t.name !== 'interpreter'))('$name', (target) => {
  it.for(REPRESENTATIVE)('%s: within tolerance', async (file, ctx) => {
    const program = load(file);
    const { constant, hypers } = withConstants(file, program, defaults(file));
    const a = await target.make(program, leastSquares.w0, { hypers });
    const b = await target.make(constant, leastSquares.w0, {});
    if (!a || !b) return ctx.skip();
    try {
      const [given, written] = [await trajectory(a, leastSquares, STEPS), await trajectory(b, leastSquares, STEPS)];
      given.forEach((w, s) => expect(compareTensors(w, written[s], target.tolerance), `step ${s + 1}`).toBeNull());
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
