// Constant folding's guard (compiler/passes/fold.ts): an op is folded only when every argument is a constant.
// Without the guard, the op's float64 semantics would run on `undefined` for a non-constant argument, which is
// NaN (left unfolded) for arithmetic, but a finite value for a comparison (`undefined < 1` is false: 0), for
// `!=` (1) and for where (`undefined !== 0` picks x): those would fold to a wrong constant.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { fold } from '../../compiler/passes/fold.ts';
import { printProgram } from '../../compiler/print.ts';
import { equivalent } from '../../runtime/equiv.ts';

function program(update: string): Program {
  const compiled = compile(`def train(w, g, m):\n    update = ${update}\n    return update, m\n`, 'p.opt');
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
}

describe('fold leaves an op with a non-constant argument alone', () => {
  it.each([
    '(g < 1) * w',
    '(1 >= g) * w',
    '(g != 1) * w',
    '(w == g) * g',
    'where(g, 1, 2) * w',
    'where(1, g, 2)',
    'max(g, 1) + 0 * w',
  ])('%s', (update) => {
    const p = program(update);
    const { program: out, log } = fold(p);
    expect(log).toEqual([]);
    expect(printProgram(out)).toBe(printProgram(p));
    expect(equivalent(p, out, { seed: 3, trials: 20 }).kind).toBe('equivalent');
  });

  it('and folds the same ops when every argument is a constant', () => {
    const p = program('g * ((2 < 1) + (2 != 1) + where(0, 5, 7))');
    expect(printProgram(fold(p).program)).toContain('g * 8');
  });
});
