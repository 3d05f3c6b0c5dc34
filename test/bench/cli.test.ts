// `optic bench`: the table on stdout, the JSON report written atomically, usage errors. Tiny sizes and few
// steps: what is tested is the command, not the speed (speed is never asserted in a test).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { optic, scratch } from '../cli/harness.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';

// Fails in CI when no adapter is found (gpu.ts); elsewhere the bench would only time the cpu engines.
const gpu = await testGpu();
afterAll(() => gpu?.destroy());

describe.skipIf(!gpu)('optic bench', () => {
  it('times every engine for each program and size, prints a table and writes JSON atomically', async () => {
    const dir = scratch({ 'results.json': '{"old": true}\n' });
    const out = join(dir, 'results.json');
    const { code, out: table } = await optic(
      'bench',
      '--params',
      '1000',
      '4096',
      '--programs',
      'programs/tfjs/adam.opt',
      'programs/sgd.opt',
      '--steps',
      '3',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.format).toBe('optic-bench/1');
    const keys = report.rows
      .map((r: { program: string; params: number; engine: string }) => `${r.program} ${r.params} ${r.engine}`)
      .sort();
    const expected = [1000, 4096]
      .flatMap((n) => [
        ...['wgsl', 'tfjs-webgpu', 'tf.train.adam-webgpu', 'tfjs-cpu', 'tf.train.adam-cpu'].map(
          (e) => `adam.opt ${n} ${e}`,
        ),
        ...['wgsl', 'tfjs-webgpu', 'tfjs-cpu'].map((e) => `sgd.opt ${n} ${e}`),
      ])
      .sort();
    expect(keys).toEqual(expected);
    for (const r of report.rows)
      expect(r.wall.p10 <= r.wall.median && r.wall.median <= r.wall.p90 && r.wall.p10 > 0).toBe(true);
    expect(table.split('\n')[0]).toMatch(/^program\s+params\s+engine\s+wall ms/);
    expect(table.trim().split('\n')).toHaveLength(1 + expected.length);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it("without --programs times optic's own Adam, Lion and SGD, found from any working directory", async () => {
    const cwd = process.cwd();
    process.chdir(scratch({}));
    try {
      const { code, out } = await optic('bench', '--params', '1000', '--steps', '3');
      expect(code).toBe(0);
      expect(
        new Set(
          out
            .trim()
            .split('\n')
            .slice(1)
            .map((line) => line.split(/\s+/)[0]),
        ),
      ).toEqual(new Set(['adam.opt', 'lion.opt', 'sgd.opt']));
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);

  it('rejects a size that is not a positive integer (usage error)', async () => {
    const { code, err } = await optic('bench', '--params', '0');
    expect(code).toBe(2);
    expect(err).toMatch(/integer of at least 1/);
  });

  it('refuses a size the machine cannot hold before allocating anything (was a V8 abort, exit 133)', async () => {
    const { code, out, err } = await optic('bench', '--params', '1000000000000', '--programs', 'programs/sgd.opt');
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(
      /^optic: --params 1000000000000 needs about [\d.]+ GiB and this machine has [\d.]+ GiB: at most \d+ parameters here\n$/,
    );
  });
});
