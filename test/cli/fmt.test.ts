import { readdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optic, scratch } from './harness.ts';

const MESSY = 'lr=0.1\ndef train(w,g):\n    update = (g*lr)  # scaled\n    return update\n';
const CANONICAL = 'lr = 0.1\n\ndef train(w, g):\n    update = g * lr  # scaled\n    return update\n';

describe('optic fmt', () => {
  it('prints the canonical form to stdout and leaves the file alone', async () => {
    const dir = scratch({ 'p.opt': MESSY });
    expect(await optic('fmt', `${dir}/p.opt`)).toEqual({ code: 0, out: CANONICAL, err: '' });
    expect(readFileSync(`${dir}/p.opt`, 'utf8')).toBe(MESSY);
  });

  it('--check exits 1 on a file that is not formatted, 0 on one that is, printing nothing to stdout', async () => {
    const dir = scratch({ 'messy.opt': MESSY, 'clean.opt': CANONICAL });
    const messy = await optic('fmt', '--check', `${dir}/messy.opt`);
    expect(messy.code).toBe(1);
    expect(messy.out).toBe('');
    expect(messy.err).toContain(`${dir}/messy.opt is not formatted`);
    expect(await optic('fmt', '--check', `${dir}/clean.opt`)).toEqual({ code: 0, out: '', err: '' });
  });

  it('--write replaces the file, keeps its permissions and leaves no temporary file', async () => {
    const dir = scratch({ 'p.opt': MESSY });
    chmodSync(`${dir}/p.opt`, 0o640);
    expect(await optic('fmt', '--write', `${dir}/p.opt`)).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(`${dir}/p.opt`, 'utf8')).toBe(CANONICAL);
    expect(statSync(`${dir}/p.opt`).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['p.opt']);
  });

  it('reports syntax errors instead of formatting', async () => {
    const dir = scratch({ 'bad.opt': 'def train(w, g):\n    update = g *\n    return update\n' });
    const r = await optic('fmt', '--write', `${dir}/bad.opt`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${dir}/bad\\.opt:2:\\d+: error: `));
    expect(readFileSync(`${dir}/bad.opt`, 'utf8')).toContain('update = g *\n');
  });

  it('formats a program that parses but does not lower', async () => {
    const dir = scratch({ 'p.opt': 'def train(w,g):\n    update = nosuch(g)\n    return update\n' });
    const r = await optic('fmt', `${dir}/p.opt`);
    expect(r).toEqual({ code: 0, out: 'def train(w, g):\n    update = nosuch(g)\n    return update\n', err: '' });
  });

  it('refuses --check with --write, and reports a missing file as E0006', async () => {
    expect((await optic('fmt', '--check', '--write', 'programs/sgd.opt')).code).toBe(2);
    const missing = await optic('fmt', 'programs/nope.opt');
    expect(missing).toEqual({
      code: 1,
      out: '',
      err: "programs/nope.opt:1:1: error: cannot read 'programs/nope.opt': no such file [E0006]\n",
    });
  });

  it('formats several files in order, each to stdout', async () => {
    const dir = scratch({ 'a.opt': MESSY, 'b.opt': 'def train(w,g):\n    return g\n' });
    const r = await optic('fmt', `${dir}/a.opt`, `${dir}/b.opt`);
    expect(r).toEqual({ code: 0, out: `${CANONICAL}def train(w, g):\n    return g\n`, err: '' });
  });

  it('--check lists every unformatted file and every failure, and exits 1', async () => {
    const dir = scratch({
      'a.opt': MESSY,
      'ok.opt': CANONICAL,
      'b.opt': MESSY,
      'bad.opt': 'def train(w, g):\n    return (g\n',
    });
    const files = ['a.opt', 'ok.opt', 'missing.opt', 'b.opt', 'bad.opt'].map((f) => `${dir}/${f}`);
    const r = await optic('fmt', '--check', ...files);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const lines = r.err.split('\n').filter((l) => l.startsWith('optic: ') || l.startsWith(dir));
    expect(
      lines.map((l) =>
        l
          .replace(dir, 'D')
          .replace(/ \(optic fmt.*$/, '')
          .replace(/:(\d+:\d+): error: .*\[(\w+)\]$/, ':$1 $2'),
      ),
    ).toEqual([
      'optic: D/a.opt is not formatted',
      'D/missing.opt:1:1 E0006',
      'optic: D/b.opt is not formatted',
      'D/bad.opt:2:12 E0105',
    ]);
    expect(await optic('fmt', '--check', `${dir}/ok.opt`, `${dir}/ok.opt`)).toEqual({ code: 0, out: '', err: '' });
  });

  it('--check quotes a file name for the shell in the command it suggests', async () => {
    const dir = scratch({ "it's messy.opt": MESSY });
    const r = await optic('fmt', '--check', `${dir}/it's messy.opt`);
    expect(r.err).toBe(
      `optic: ${dir}/it's messy.opt is not formatted (optic fmt --write '${dir}/it'\\''s messy.opt' formats it)\n`,
    );
  });

  it('--write rewrites every unformatted file, leaves formatted ones untouched, and still fails on a bad one', async () => {
    const dir = scratch({ 'a.opt': MESSY, 'ok.opt': CANONICAL, 'b.opt': MESSY });
    const before = statSync(`${dir}/ok.opt`).mtimeMs;
    const r = await optic('fmt', '--write', `${dir}/a.opt`, `${dir}/missing.opt`, `${dir}/ok.opt`, `${dir}/b.opt`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('E0006');
    for (const f of ['a.opt', 'ok.opt', 'b.opt']) expect(readFileSync(`${dir}/${f}`, 'utf8')).toBe(CANONICAL);
    expect(statSync(`${dir}/ok.opt`).mtimeMs).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['a.opt', 'b.opt', 'ok.opt']);
  });
});
