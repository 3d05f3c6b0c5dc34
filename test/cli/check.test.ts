import { describe, expect, it } from 'vitest';
import { optic, scratch } from './harness.ts';

describe('optic check', () => {
  it('names the type of a slot with one number per row or per column', async () => {
    const r = await optic('check', 'programs/adafactor.opt');
    expect(r.code).toBe(0);
    expect(r.out).toContain('\n  state: vr (rows), vc (cols)\n');
  });

  it('prints the signature and statement count of each file', async () => {
    const r = await optic(
      'check',
      'programs/adamw.opt',
      'programs/paper/program3_adamw.opt',
      'programs/paper/step1_adamw.opt',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      [
        'programs/adamw.opt: ok, 7 statements',
        '  state: m, v',
        '  inputs: (none)',
        '  hyperparameters: β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.1, lr = 0.003',
        '  step: used',
      ].join('\n'),
    );
    expect(r.out).toContain(
      'programs/paper/program3_adamw.opt: ok, 10 statements\n  state: m, v\n  inputs: lr\n  hyperparameters: (none)\n  step: not used',
    );
    expect(r.out).toContain('hyperparameters: λ (no default), lr (no default)');
  });

  it('prints warnings without failing', async () => {
    const r = await optic('check', 'programs/paper/step3_lion.opt');
    expect(r.code).toBe(0);
    expect(r.out).toContain('programs/paper/step3_lion.opt: ok, 7 statements');
    expect(r.err).toMatch(
      /^programs\/paper\/step3_lion\.opt:4:20: warning: .* \[W0002\]\n> 4 \| def train\(w, g, m, v\):\n +\| +\^/,
    );
  });

  it('checks every file, reports each error with its position and exits 1 if any failed', async () => {
    const dir = scratch({
      'bad.opt': 'def train(w, g, m):\n    m = interp(g, m)\n    update = sign(m) * lr\n    return update, m\n',
    });
    const r = await optic('check', `${dir}/bad.opt`, 'programs/sgd.opt');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^${dir}/bad\\.opt:2:9: error: .*\\[E0201\\]\\n> 2 \\|     m = interp\\(g, m\\)\\n`),
    );
    expect(r.out).toContain('programs/sgd.opt: ok, 3 statements');
  });

  it('prints a hint after the code frame, and in --json', async () => {
    const dir = scratch({ 'typo.opt': 'def train(w, g):\n    u = sqr(g)\n    return u\n' });
    const r = await optic('check', `${dir}/typo.opt`);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      [
        `${dir}/typo.opt:2:9: error: unknown function 'sqr' [E0200]`,
        '> 2 |     u = sqr(g)',
        '    |         ^^^',
        "  hint: did you mean 'sqrt'?",
        '',
      ].join('\n'),
    );
    const record = JSON.parse((await optic('check', '--json', `${dir}/typo.opt`)).out);
    expect(record.diagnostics).toEqual([
      {
        code: 'E0200',
        severity: 'error',
        line: 2,
        col: 9,
        message: "unknown function 'sqr'",
        hint: "did you mean 'sqrt'?",
      },
    ]);
  });

  it('reports a missing file readably', async () => {
    const r = await optic('check', 'programs/nope.opt');
    expect(r.code).toBe(1);
    expect(r.err).toContain("programs/nope.opt:1:1: error: cannot read 'programs/nope.opt': no such file");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('is a usage error without a file', async () => {
    const r = await optic('check');
    expect(r.code).toBe(2);
    expect(r.err).toContain("missing required argument 'files'");
  });

  describe('--json', () => {
    const records = (out: string) =>
      out
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));

    it('prints one object per file and line, stdout only', async () => {
      const r = await optic('check', '--json', 'programs/adamw.opt', 'programs/paper/program3_adamw.opt');
      expect([r.code, r.err]).toEqual([0, '']);
      const [adamw, paper] = records(r.out);
      expect(adamw).toEqual({
        file: 'programs/adamw.opt',
        ok: true,
        signature: { name: 'train', w: 'w', g: 'g', state: ['m', 'v'], inputs: [] },
        hyperparameters: [
          { name: 'β1', default: 0.9 },
          { name: 'β2', default: 0.999 },
          { name: 'ε', default: 1e-8 },
          { name: 'λ', default: 0.1 },
          { name: 'lr', default: 0.003 },
        ],
        step: true,
        statements: 7,
        diagnostics: [],
      });
      expect(paper).toMatchObject({
        ok: true,
        signature: { inputs: ['lr'] },
        hyperparameters: [],
        step: false,
        statements: 10,
      });
    });

    it('puts warnings and errors in the objects with code, severity, line and col, and exits 1 on an error', async () => {
      const dir = scratch({
        'lower.opt': 'def train(w, g, m):\n    m = interp(g, m)\n    update = sign(m) * lr\n    return update, m\n',
        'parse.opt': 'def train(w, g):\n    return (g\n',
      });
      const files = ['programs/paper/step3_lion.opt', `${dir}/lower.opt`, `${dir}/parse.opt`, `${dir}/missing.opt`];
      const r = await optic('check', '--json', ...files);
      expect([r.code, r.err]).toEqual([1, '']);
      const [warned, lower, parse, missing] = records(r.out);
      expect(warned).toMatchObject({
        ok: true,
        hyperparameters: [
          { name: 'λ', default: null },
          { name: 'lr', default: null },
        ],
      });
      expect(warned.diagnostics).toEqual([
        {
          code: 'W0002',
          severity: 'warning',
          line: 4,
          col: 20,
          message: "state slot 'v' is returned but never assigned, so it stays zero",
          hint: null,
        },
      ]);
      expect(lower).toMatchObject({
        file: files[1],
        ok: false,
        signature: null,
        hyperparameters: null,
        step: null,
        statements: 3,
      });
      expect(
        lower.diagnostics.map((d: { code: string; line: number; col: number }) => `${d.code}@${d.line}:${d.col}`),
      ).toEqual(['E0201@2:9']);
      expect(lower.diagnostics[0].hint).toBeNull();
      expect(parse).toMatchObject({
        ok: false,
        statements: null,
        diagnostics: [{ code: 'E0105', severity: 'error', line: 2, col: 12 }],
      });
      expect(missing).toMatchObject({
        ok: false,
        diagnostics: [{ code: 'E0006', line: 1, col: 1, message: expect.stringContaining('no such file') }],
      });
    });
  });
});
