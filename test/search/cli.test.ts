// `optic search` end to end on tiny budgets: the synthetic fitness (a few dozen candidates in this process) and
// the proxy fitness (a handful of training jobs on a few hundred examples the test writes). What is checked is
// the command: its files, its progress lines, determinism for a seed, its errors. No search is run for real.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import { optic } from '../cli/harness.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';

const out = () => mkdtempSync(join(tmpdir(), 'optic-search-'));
const QUADRATIC = ['--fitness', 'quadratic', '--set', 'lr=0.001', '--set', 'λ=0', '--population', '8'];

describe('optic search', { timeout: 300_000 }, () => {
  let data: string;
  beforeAll(() => {
    data = writeSyntheticDataset({ train: 200, test: 20 });
  });

  it('writes report.json and a best.opt that compiles, and is the same search for the same seed', async () => {
    const [a, b] = [out(), out()];
    const r = await optic('search', ...QUADRATIC, '--budget', '40', '--seed', '3', '--out', a);
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(40);
    expect(r.err).toMatch(/^\[1\/40\] evaluated \d+, cache hits \d+, best -?[\d.e-]+, [\d.]+ evaluations\/min\n/);
    expect(r.out).toContain(`report: ${a}/report.json, best program: ${a}/best.opt`);
    const report = JSON.parse(readFileSync(join(a, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ command: 'search', fitness: 'quadratic', generated: 40 });
    expect(report.evaluated - 1 + report.cache_hits + report.stuck).toBe(40);
    expect(report.best.fitness).toBeGreaterThanOrEqual(report.initial.fitness);
    expect(report.redundant_fraction).toBeGreaterThanOrEqual(0);
    const best = compileFile(join(a, 'best.opt'));
    expect(best.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await optic('search', ...QUADRATIC, '--budget', '40', '--seed', '3', '--out', b);
    expect(readFileSync(join(b, 'report.json'), 'utf8')).toBe(readFileSync(join(a, 'report.json'), 'utf8'));
    expect(readFileSync(join(b, 'best.opt'), 'utf8')).toBe(readFileSync(join(a, 'best.opt'), 'utf8'));
  });

  it('runs a handful of proxy evaluations as training jobs', async () => {
    const dir = out();
    const args = ['--from', 'programs/adamw.opt', '--budget', '3', '--population', '2', '--workers', '1'];
    const tiny = ['--train-limit', '120', '--validation', '40', '--data', data];
    const r = await optic('search', ...args, ...tiny, '--out', dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.initial.fitness).toBeGreaterThanOrEqual(0);
    expect(report.initial.fitness).toBeLessThanOrEqual(1);
    expect(existsSync(join(dir, 'candidates'))).toBe(true);
    expect(existsSync(join(dir, 'runs'))).toBe(true);
  });

  it("warm-starts from the paper's Step 1 AdamW (no ε) under --math protected", async () => {
    const dir = out();
    const tiny = ['--train-limit', '120', '--validation', '40', '--data', data, '--budget', '2', '--population', '2'];
    const r = await optic('search', '--set', 'lr=1e-3', '--set', 'λ=0', '--math', 'protected', ...tiny, '--out', dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.settings.math).toBe('protected');
    expect(report.initial.fitness).toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(dir, 'best.opt'), 'utf8')).toContain('under --math protected');
  });

  it('stops with a sentence when the start has no fitness, and with exit 2 on a bad tournament', async () => {
    const dir = out();
    const step1 = await optic('search', '--set', 'lr=1e-3', '--set', 'λ=0', '--data', data, '--out', dir);
    expect(step1.code).toBe(1);
    expect(step1.err).toContain(
      'programs/paper/step1_adamw.opt has no fitness to start from: rejected before training: the update is not finite where g = 0',
    );
    const bad = await optic('search', ...QUADRATIC, '--tournament', '9', '--out', out());
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('optic: --tournament 9 is more than --population 8\n');
  });
});
