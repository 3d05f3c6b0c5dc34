// `optic search` end to end on tiny budgets: the synthetic fitness (a few dozen candidates in this process) and
// the proxy fitness (a handful of training jobs on a few hundred examples the test writes). What is checked is
// the command: its files, its progress lines, determinism for a seed, its errors. No search is run for real.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import { structuralHash } from '../../compiler/hash.ts';
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
    expect(r.out).toContain(`report: ${a}/report.json, best program: ${a}/best.opt, plot: ${a}/fitness.svg`);
    expect(readFileSync(join(a, 'fitness.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*evaluations.*population median/s);
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
    const tiny = ['--train-limit', '120', '--validation', '40', '--data', data, '--funnel', '1'];
    const r = await optic('search', ...args, ...tiny, '--funnel-train-limit', '160', '--out', dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    // The baselines trained on both tasks: the larger one's runs under funnel/, on 160 examples.
    expect(typeof report.baselines.lion.proxy).toBe('number');
    const lion = structuralHash(compileFile('programs/lion.opt').program!);
    const larger = JSON.parse(readFileSync(join(dir, 'funnel', 'runs', lion, 'metrics.json'), 'utf8'));
    expect(larger.examples.train).toBe(160);
    expect(larger.epochs[0].val_accuracy).toBe(report.baselines.lion.funnel);
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

  it("with --tune-lr, reports the lr each best was reached at and writes it as best.opt's default", async () => {
    const dir = out();
    const tiny = ['--train-limit', '120', '--validation', '40', '--data', data, '--budget', '2', '--population', '2'];
    const lr = ['--from', 'programs/adamw.opt', '--set', 'lr=2e-3', '--set', 'λ=0', '--tune-lr', '0.5,2'];
    const r = await optic('search', ...lr, ...tiny, '--out', dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect([1e-3, 4e-3]).toContain(report.best.lr);
    const hypers = compileFile(join(dir, 'best.opt')).program!.signature.hypers;
    expect(hypers.find((h) => h.name === 'lr')?.default).toBe(report.best.lr);
    expect(hypers.find((h) => h.name === 'λ')?.default).toBe(0);
  });

  it('funnels the proxy winners that beat AdamW to a larger task, against AdamW and Lion on both', async () => {
    const dir = out();
    const r = await optic('search', ...QUADRATIC, '--budget', '60', '--seed', '1', '--funnel', '3', '--out', dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const { adamw, lion } = report.baselines;
    for (const b of [adamw, lion]) for (const task of ['proxy', 'funnel']) expect(typeof b[task]).toBe('number');
    const { candidates, winners } = report.funnel;
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.length).toBeLessThanOrEqual(3);
    for (const c of candidates) expect(c.proxy).toBeGreaterThan(adamw.proxy);
    expect(candidates.map((c: { proxy: number }) => c.proxy)).toEqual(
      [...candidates.map((c: { proxy: number }) => c.proxy)].sort((a, b) => b - a),
    );
    const still = candidates.filter((c: { funnel: number | null }) => c.funnel !== null && c.funnel > adamw.funnel);
    expect(winners.map((w: { born: number }) => w.born).sort()).toEqual(
      still.map((w: { born: number }) => w.born).sort(),
    );
    expect(report.best_opt.simplified_equivalent).toBe(true);
    const header = readFileSync(join(dir, 'best.opt'), 'utf8').split('\n')[0];
    if (winners.length > 0) {
      expect(report.best_opt.source).toBe('the funnel winner');
      expect(header).toContain(`funnel winner: fitness ${winners[0].proxy} on the proxy, ${winners[0].funnel}`);
    } else expect(report.best_opt.source).toBe('the proxy best (no funnel winner)');
  });

  it('resumes a search stopped by its budget to where an uninterrupted one goes', async () => {
    const [whole, parts] = [out(), out()];
    await optic('search', ...QUADRATIC, '--budget', '40', '--seed', '4', '--plateau', '9', '--out', whole);
    await optic('search', ...QUADRATIC, '--budget', '17', '--seed', '4', '--plateau', '9', '--out', parts);
    const partial = JSON.parse(readFileSync(join(parts, 'report.json'), 'utf8'));
    expect(partial.generated).toBe(17);
    const r = await optic('search', '--resume', parts, '--budget', '40');
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')[0]).toMatch(/^\[18\/40\] /);
    expect(readFileSync(join(parts, 'report.json'), 'utf8')).toBe(readFileSync(join(whole, 'report.json'), 'utf8'));
    expect(readFileSync(join(parts, 'best.opt'), 'utf8')).toBe(readFileSync(join(whole, 'best.opt'), 'utf8'));
  });

  it('resumes a search killed mid-run (SIGKILL) from its last checkpoint, to the same report', async () => {
    const [whole, killed] = [out(), out()];
    const args = [...QUADRATIC, '--budget', '300', '--seed', '5', '--plateau', '25'];
    const child = spawn(process.execPath, ['runtime/cli/bin.js', 'search', ...args, '--out', killed], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let lines = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      lines += chunk.toString().split('\n').length - 1;
      if (lines >= 20) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(join(killed, 'report.json'))).toBe(false);
    expect((await optic('search', '--resume', killed)).code).toBe(0);
    await optic('search', ...args, '--out', whole);
    expect(readFileSync(join(killed, 'report.json'), 'utf8')).toBe(readFileSync(join(whole, 'report.json'), 'utf8'));
  });

  it('refuses --resume with other settings, and without a checkpoint', async () => {
    const r = await optic('search', '--resume', out(), '--seed', '2');
    expect(r.code).toBe(2);
    expect(r.err).toBe('optic: --resume takes only --budget: the search keeps its settings (not --seed)\n');
    const dir = out();
    const none = await optic('search', '--resume', dir);
    expect(none.code).toBe(1);
    expect(none.err).toBe(`optic: cannot resume: no ${dir}/search-state.json (not a search's --out directory?)\n`);
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

  it("draws from Hero's ops unless --ops widens the space, which a checkpoint keeps; refuses what cannot be drawn", async () => {
    const dir = out();
    const r = await optic('search', ...QUADRATIC, '--ops', 'all', '--budget', '40', '--seed', '2', '--out', dir);
    expect(r.code).toBe(0);
    const checkpoint = (d: string) => JSON.parse(readFileSync(join(d, 'search-state.json'), 'utf8'));
    expect(checkpoint(dir).settings.ops).toBe('all');
    expect(compileFile(join(dir, 'best.opt')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The same seed in Hero's space makes other children (the ops reach the mutations).
    const hero = out();
    await optic('search', ...QUADRATIC, '--budget', '40', '--seed', '2', '--out', hero);
    expect(checkpoint(dir).state).not.toEqual(checkpoint(hero).state);
    const bad = await optic('search', ...QUADRATIC, '--ops', 'sign,mean_rows,sgn', '--out', out());
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /^optic: --ops: a mutation cannot draw mean_rows \(a row or column reduction\), "sgn"; the ops it can: .*\bwhere\b.* \(or hero, all\)\n$/,
    );
  });

  it('refuses --tune-lr without a proxy, without --set lr, and with a factor that is not a positive number', async () => {
    const quadratic = await optic('search', ...QUADRATIC, '--tune-lr', '0.3,1,3', '--out', out());
    expect([quadratic.code, quadratic.err]).toEqual([
      2,
      'optic: --tune-lr tunes training jobs: it needs --fitness proxy\n',
    ]);
    const noLr = await optic('search', '--from', 'programs/adamw.opt', '--tune-lr', '0.3,1', '--out', out());
    expect([noLr.code, noLr.err]).toEqual([
      2,
      'optic: --tune-lr multiplies the learning rate: pass --set lr=VALUE too\n',
    ]);
    const zero = await optic('search', '--tune-lr', '1,0', '--out', out());
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('expected positive numbers separated by commas, like 0.3,1,3.');
  });
});
