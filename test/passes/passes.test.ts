// Each pass on its own: what it removes or rewrites, one example each (input ⇒ output, printed), and what
// it must leave alone.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { arbIRProgram } from '../../compiler/generate.ts';
import type { Program } from '../../compiler/ir.ts';
import { zeroState } from '../../compiler/passes/zero-state.ts';
import { cse } from '../../compiler/passes/cse.ts';
import { dce } from '../../compiler/passes/dce.ts';
import { fold } from '../../compiler/passes/fold.ts';
import { structureKey, type PassResult } from '../../compiler/passes/pass.ts';
import { printProgram } from '../../compiler/print.ts';
import { verify } from '../../compiler/verify.ts';
import { equivalent } from '../../runtime/equiv.ts';

function program(body: string, params = 'w, g, m'): Program {
  const compiled = compile(
    `def train(${params}):\n${body
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n`,
    'p.opt',
  );
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
}

/** Runs a pass (then dce, to show only what is left), checks it, and returns the printed body. */
function run(pass: (p: Program) => PassResult, p: Program): { body: string[]; log: string[] } {
  const { program: out, log } = pass(p);
  expect(verify(out)).toEqual([]);
  expect(equivalent(p, out, { states: true, seed: 3, trials: 50 }).kind).toBe('equivalent');
  const text = printProgram(dce(out).program);
  return {
    body: text
      .split('\n')
      .filter((l) => l.startsWith('    '))
      .map((l) => l.trim()),
    log: log.map((e) => e.message),
  };
}

describe('dce', () => {
  it('removes statements nothing returned depends on, and says which', () => {
    const r = run(dce, program('x = sqrt(g) + 1\nm = g * 2\nm = interpolate(g, w, 0.9)\nreturn m, m'));
    expect(r.body).toEqual(['m = interpolate(g, w, 0.9)', 'return m, m']);
    expect(r.log).toEqual([
      'removed x = sqrt(g) + 1: nothing returned depends on it',
      'removed m = g * 2: nothing returned depends on it',
    ]);
  });
  it('keeps everything live, a statement read only by a returned state included', () => {
    expect(run(dce, program('t = abs(g)\nm = t + m\nreturn g, m')).log).toEqual([]);
  });
  // simplify skips a round's leading dce after a round that ended with one: that relies on this.
  it('is idempotent: run on its own output it changes nothing and says nothing', () => {
    fc.assert(
      fc.property(arbIRProgram(), (p) => {
        const once = dce(p).program;
        const twice = dce(once);
        expect(structureKey(twice.program)).toBe(structureKey(once));
        expect(twice.log).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('zeroState', () => {
  it('a state slot returned unchanged is zero forever: its reads become 0', () => {
    const p = program('update = g + v\nm = m + v\nreturn update, m, v', 'w, g, m, v');
    const r = run(zeroState, p);
    expect(r.body).toEqual(['update = g + 0', 'm = m + 0', 'return update, m, v']);
    expect(r.log).toEqual(['state slot v is returned unchanged, so it is always 0: its reads become 0']);
  });
  it('leaves a slot alone where a tensor is needed, and slots that change', () => {
    expect(run(zeroState, program('update = g * norm(v)\nreturn update, m, v', 'w, g, m, v')).log).toEqual([]);
    expect(run(zeroState, program('m = m + g\nreturn m, m')).log).toEqual([]);
  });
  it('leaves a slot that holds the previous value of another, changing slot (not zero after step 1)', () => {
    const p = program('update = g + m\nm = v\nv = v + g\nreturn update, m, v', 'w, g, m, v');
    expect(run(zeroState, p).log).toEqual([]);
  });
  it('tells a slot from a hyperparameter or input with the same index', () => {
    // lr is hyperparameter 0 and x input 0, like m, slot 0: only m's read becomes 0.
    const r = run(zeroState, program('update = g * lr + x * m\nreturn update, m', 'w, g, m, x'));
    expect(r.body).toEqual(['update = g * lr + x * 0', 'return update, m']);
    expect(run(zeroState, program('update = g * lr + x\nreturn update, m', 'w, g, m, x')).log).toEqual([]);
    // m = lr returns hyperparameter 0 as slot 0: m changes (it is lr from step 2 on).
    expect(run(zeroState, program('update = g * m\nm = lr\nreturn update, m')).log).toEqual([]);
  });
  it('says nothing of an unchanged slot that only dead statements read', () => {
    expect(run(zeroState, program('dead = v * 2\nreturn g, m, v', 'w, g, m, v')).log).toEqual([]);
  });
});

describe('fold', () => {
  it('folds constant expressions with float64 semantics', () => {
    const r = run(fold, program('c = 1 - 0.9\nupdate = g * c * -2\nreturn update, m'));
    expect(r.body).toEqual(['update = g * 0.09999999999999998 * -2', 'return update, m']);
    expect(r.log).toEqual(['c = 1 - 0.9 is the constant 0.09999999999999998']);
  });
  it('leaves non-finite results unfolded (no literal for them; WGSL rejects them)', () => {
    const r = run(fold, program('big = 1e300 * 1e300\nnan = 0 / 0\nupdate = g + big + nan\nreturn update, m'));
    expect(r.log).toEqual([]);
    expect(r.body[0]).toBe('big = 1e+300 * 1e+300');
  });
  it("keeps a folded statement's name and span (the printed program and diagnostics point at it)", () => {
    const p = program('c = 2 * 3\nupdate = g * c\nreturn update, m');
    const before = p.nodes.find((n) => n.name === 'c')!;
    const { program: out, log } = fold(p);
    const folded = out.nodes.find((n) => n.name === 'c')!;
    expect(folded).toMatchObject({ op: 'const', value: 6, span: before.span });
    expect(log.map((e) => e.pass)).toEqual(['fold']);
  });
  it('does not fold what depends on inputs, hyperparameters or the step', () => {
    expect(run(fold, program('update = g * (lr * 0.5) * step\nreturn update, m')).log).toEqual([]);
  });
});

describe('cse', () => {
  it('merges repeated computations, commutative operators in either order', () => {
    const r = run(cse, program('a = g * w\nb = w * g\nc = sqrt(a) + sqrt(b)\nreturn c, m'));
    expect(r.body).toEqual(['a = g * w', 't = sqrt(a)', 'c = t + t', 'return c, m']);
    expect(r.log).toEqual(['b = w * g is the same value as a']);
  });
  it.each(['+', 'max', 'min'])('merges %s in either order (commutative)', (op) => {
    const call = (x: string, y: string) => (op === '+' ? `${x} + ${y}` : `${op}(${x}, ${y})`);
    const { log } = cse(program(`a = ${call('g', 'w')}\nb = ${call('w', 'g')}\nreturn a * b, m`));
    expect(log.map((e) => [e.pass, e.message])).toEqual([['cse', `b = ${call('w', 'g')} is the same value as a`]]);
  });
  it('keeps non-commutative operators apart, and −0 apart from 0', () => {
    expect(run(cse, program('a = g - w\nb = w - g\nreturn a + b, m')).log).toEqual([]);
    const zeros = fold(program('a = g * 0\nb = g * -0\nreturn a + b, m')).program;
    expect(zeros.nodes.some((n) => n.op === 'const' && Object.is(n.value, -0))).toBe(true);
    expect(run(cse, zeros).log).toEqual([]);
  });
  it('keeps apart argument lists whose ids run together (g is value 1, j value 11: [1, 11] and [11, 1])', () => {
    const chain = ['a = sqrt(g)', ...'bcdefhij'.split('').map((v, i) => `${v} = sqrt(${'abcdefhi'[i]})`)];
    const p = program([...chain, 'x = g - j', 'y = j - g', 'return x * y, m'].join('\n'));
    const args = (name: string) => p.nodes.find((n) => n.name === name)?.args;
    expect([args('x'), args('y')]).toEqual([
      [1, 11],
      [11, 1],
    ]);
    expect(run(cse, p).log).toEqual([]);
  });
});
