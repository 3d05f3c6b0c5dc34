// The differential's power (issue 15's goal): an engine that computes the right update and applies 1.01 × it
// fails lockstep.ts for every program in programs/ (Hero's two included; the list is checked against the
// folder), at the tfjs cpu backend's tolerance and at the WGSL target's (the loosest), and the same engine
// applying the update it computes agrees. The engine is the float32 interpreter (runtime/engines.ts), wrapped;
// the compiled targets were checked the same way by patching their kernels (the commit that made lockstep.ts
// records it).

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import { TOLERANCE } from '../../runtime/compare.ts';
import type { Engine } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { ERRORS, LIBRARY, randomCase, SMALL_MODEL } from './tfjs/harness.ts';
import { lockstep } from './lockstep.ts';

/** `inner`, except that each step moves the weights by `factor` × the update it reports. */
function applying(factor: number, inner: Engine): Engine {
  return {
    ...inner,
    async step(g, inputs) {
      const before = (await inner.read()).w;
      await inner.step(g, inputs);
      const after = await inner.read();
      const w = after.w.map((t, i) => t.map((x, j) => before[i][j] - factor * (before[i][j] - x)));
      await inner.load({ ...after, w });
    },
  };
}

/** The differentials' tolerances: the tfjs cpu backend's (the tightest) and the WGSL target's (the loosest). */
const CHECKS = {
  'tfjs cpu': { tol: TOLERANCE['tfjs-cpu'], errors: ERRORS.cpu },
  wgsl: { tol: TOLERANCE.wgsl, errors: { relative: 2 ** -13, rounded: 2 ** -22, wgslBuiltins: true } },
};

async function run(file: string, factor: number, check: keyof typeof CHECKS) {
  const program = compileFile(file).program!;
  const c = randomCase(file.length * 7919, SMALL_MODEL, 6, 0.5);
  const hypers = Object.fromEntries(
    program.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 0.01]),
  );
  const inputs = c.grads.map(() => program.signature.inputs.map(() => 0.01));
  const init = { params: c.params, w: c.w, hypers, precision: 'float32' as const, keepUpdate: true };
  const engine = applying(factor, await openEngine('interp', program, init));
  return lockstep(engine, {
    program,
    params: c.params,
    w: c.w,
    grads: c.grads,
    inputs,
    hypers,
    ...CHECKS[check],
    seed: 1,
    nonFinite: 'compare',
  });
}

it('the list is every program file under programs/', () => {
  const files = readdirSync('programs', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.opt'));
  expect([...LIBRARY].sort()).toEqual(files.map((f) => `programs/${f}`).sort());
});

describe.each(Object.keys(CHECKS) as (keyof typeof CHECKS)[])('lockstep at the %s tolerance', (check) => {
  it.each(LIBRARY)(
    '%s: an engine applying the update it reports agrees; one applying 1.01 × it differs',
    async (file) => {
      expect(await run(file, 1, check)).toMatchObject({ kind: 'agree' });
      expect(await run(file, 1.01, check)).toMatchObject({
        kind: 'differ',
        message: expect.stringMatching(/moved by/),
      });
    },
  );
});
