// `optic simplify` and `optic equiv` end to end (in-process): output is valid input to every other command,
// exit codes 0 / 1 / 2, counterexamples that replay from the printed command.

import { describe, expect, it } from 'vitest';
import { optic, scratch } from '../cli/harness.ts';

const A = 'def train(w, g, m):\n    m = interpolate(g, m, 0.9)\n    update = m / abs(m)\n    return update, m\n';
const B = 'def train(w, g, m):\n    m = interpolate(g, m, 0.9)\n    update = sign(m)\n    return update, m\n';

describe('optic simplify', () => {
  it("--finite turns Step 2's m2 = square(m) … m / m_abs chain into sign(m), and says what it did", async () => {
    const r = await optic('simplify', '--finite', 'programs/paper/step2_evolved.opt');
    expect(r.code).toBe(0);
    expect(r.out).toContain('    update = sign(m)\n');
    expect(r.out).toContain('# line 10, rewrite: div-abs (finite): update = m / m_abs → sign(m)');
    expect(r.out).toContain('# line 7, dce: removed m2 = square(m): nothing returned depends on it');
    expect(r.out).toMatch(/# statements: 11 → 9; ops: 10 → 8\n$/);
  });

  it('prints a program every other command accepts, equivalent to the original', async () => {
    const r = await optic('simplify', '--finite', 'programs/paper/program4_discovered.opt');
    const dir = scratch({ 'simple.opt': r.out });
    const check = await optic('check', `${dir}/simple.opt`);
    expect(check.code).toBe(0);
    expect(check.err).toBe('');
    const eq = await optic(
      'equiv',
      'programs/paper/program4_discovered.opt',
      `${dir}/simple.opt`,
      '--finite',
      '--seed',
      '3',
    );
    expect(eq.out).toMatch(/^equivalent over 100 trials × 8 steps/);
    expect(eq.code).toBe(0);
    const again = await optic('simplify', '--finite', `${dir}/simple.opt`);
    expect(again.out).toContain('# nothing to simplify');
  });

  it('exact by default: nothing changes in Step 2, and the declared defaults are kept', async () => {
    const step2 = await optic('simplify', 'programs/paper/step2_evolved.opt');
    expect(step2.out).toContain('update = m / m_abs');
    expect(step2.out).toContain('# nothing to simplify');
    const adamw = await optic('simplify', 'programs/adamw.opt');
    expect(adamw.out).toMatch(/^β1 = 0\.9$/m);
  });

  it('--math protected folds with protected division: 1 / -1e-8 is Inf there, so it stays', async () => {
    const dir = scratch({ 'f.opt': 'def train(w, g):\n    update = g * (1 / -1e-8)\n    return update\n' });
    const ieee = await optic('simplify', `${dir}/f.opt`);
    expect(ieee.out).toContain('    update = g * -100000000\n');
    const hero = await optic('simplify', '--math', 'protected', `${dir}/f.opt`);
    expect(hero.out).toContain('    update = g * (1 / -1e-8)\n');
    expect(hero.out).toMatch(/^# simplified by optic \(level exact, protected math\)/);
    expect(hero.out).toContain('# nothing to simplify');
  });

  it('exits 1 with diagnostics for a program that does not compile, and for a missing file', async () => {
    const dir = scratch({ 'bad.opt': 'def train(w, g):\n    update = sqr(g)\n    return update\n' });
    const r = await optic('simplify', `${dir}/bad.opt`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.opt:2:14: error: .*sqr/);
    expect((await optic('simplify', `${dir}/missing.opt`)).code).toBe(1);
  });
});

describe('optic equiv', () => {
  const dir = scratch({ 'a.opt': A, 'b.opt': B, 'bad.opt': 'def train(w, g):\n    return h(g)\n' });
  const a = `${dir}/a.opt`;
  const b = `${dir}/b.opt`;

  it('exit 0 with a one-line summary', async () => {
    const r = await optic('equiv', a, b, '--finite', '--trials', '50', '--steps', '4', '--seed', '1');
    expect(r).toEqual({ code: 0, out: 'equivalent over 50 trials × 4 steps (level finite, seed 1)\n', err: '' });
  });

  it('exit 1 with a counterexample a person can rerun', async () => {
    const r = await optic('equiv', a, b, '--seed', '8');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^not equivalent: the update differs at step \d+, tensor \d+, element \d+\n/);
    expect(r.out).toMatch(/A \(.*a\.opt\): (NaN|-?Infinity|-?[\d.e+-]+)\n/);
    expect(r.out).toContain('step 1: g = [[');
    const rerun = r.out.match(/^rerun: optic (.*)$/m)![1].split(' ');
    const again = await optic(...rerun);
    expect(again.out).toBe(r.out);
  });

  it('exit 1 for programs that do not compile and for a --set neither has; exit 2 for usage errors', async () => {
    const bad = await optic('equiv', a, `${dir}/bad.opt`);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.opt:2:12: error/);
    expect((await optic('equiv', a, b, '--set', 'nope=1')).code).toBe(1);
    expect((await optic('equiv', a)).code).toBe(2);
    expect((await optic('equiv', a, b, '--steps', '0')).code).toBe(2);
    expect((await optic('equiv', a, b, '--set', 'lr')).code).toBe(2);
  });

  it('reports different signatures (exit 1) instead of crashing', async () => {
    const r = await optic('equiv', 'programs/paper/step3_lion.opt', 'programs/paper/program3_adamw.opt');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot compare .* different per-step inputs/);
  });

  it('finds β2 = 0.999 vs 0.9999 with --set for the open hyperparameters', async () => {
    const files = scratch({
      'x.opt':
        'β2 = 0.999\ndef train(w, g, v):\n    v = interpolate(square(g), v, β2)\n    return g / (sqrt(v) + ε) * lr, v\n',
      'y.opt':
        'β2 = 0.9999\ndef train(w, g, v):\n    v = interpolate(square(g), v, β2)\n    return g / (sqrt(v) + ε) * lr, v\n',
    });
    const r = await optic(
      'equiv',
      `${files}/x.opt`,
      `${files}/y.opt`,
      '--set',
      'lr=0.1',
      '--set',
      'ε=1e-8',
      '--seed',
      '2',
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('hyperparameters of A: β2 = 0.999, ε = 1e-8, lr = 0.1');
    expect(r.out).toMatch(/rerun: .* --set lr=0\.1 --set 'ε=1e-8'/);
  });
});
