// `optic bench`: a tiny run (what is tested is the command, its report and that every implementation computes
// the same step, never the speed), and usage errors.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { optic, scratch } from '../cli/harness.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';

// Fails in CI when no adapter is found (gpu.ts); elsewhere the bench would only time the cpu engines.
const gpu = await testGpu();
afterAll(() => gpu?.destroy());

interface Row {
  program: string;
  params: number;
  tensors: number;
  implementation: string;
  backend: string;
  tile: string | null;
  wall: { median: number; p10: number; p90: number };
  gpu: { median: number; p10: number; p90: number } | null;
  steps: number;
  samples: number;
  rounds: number[];
  agrees: boolean | null;
}

describe.skipIf(!gpu)('optic bench', () => {
  it('times every implementation of AdamW, Lion and Adam on every backend; all end with the same weights', async () => {
    const dir = scratch({});
    const out = join(dir, 'run');
    const cwd = process.cwd();
    process.chdir(dir); // the default programs are found from any working directory
    let result: Awaited<ReturnType<typeof optic>>;
    try {
      result = await optic('bench', '--params', '1000', '--tensors', '3', '--steps', '2', '--json', '--out', out);
    } finally {
      process.chdir(cwd);
    }
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8'))).toEqual(report);
    expect(report.format).toBe('optic-bench/3');
    // The default programs are not spelled out (their absolute paths would say where optic is installed).
    expect(report.command).toBe('optic bench --params 1000 --tensors 3 --steps 2 --interp-limit 100000');
    expect(report.machine).toMatchObject({
      cores: expect.any(Number),
      adapter: { driver: expect.any(String), fallback: expect.any(Boolean) },
    });
    // Without --tiles, the adapter's tile shape (compiler/targets/wgsl-tiles.ts tileFor): lavapipe is a CPU one.
    const tile = report.machine.adapter.fallback ? '64x16' : '64x4';
    expect(report.options.tiles).toEqual([tile]);
    expect(report.programs).toEqual([
      { name: 'adamw.opt', loop: 'adamw', adam: false },
      { name: 'lion.opt', loop: 'lion', adam: false },
      { name: 'adam.opt', loop: 'adam', adam: true },
    ]);

    const rows: Row[] = report.rows;
    const everywhere = [
      'wgsl webgpu',
      'wgsl-unchecked webgpu',
      'traffic-twin webgpu',
      'js-loop js',
      'interp js',
      ...['webgpu', 'wasm', 'cpu'].map((b) => `tfjs ${b}`),
    ];
    const adam = ['webgpu', 'wasm', 'cpu'].map((b) => `tf.train.adam ${b}`);
    const of = (program: string) =>
      rows
        .filter((r) => r.program === program)
        .map((r) => `${r.implementation} ${r.backend}`)
        .sort();
    expect(of('adamw.opt')).toEqual([...everywhere].sort());
    expect(of('lion.opt')).toEqual([...everywhere].sort());
    expect(of('adam.opt')).toEqual([...everywhere, ...adam].sort());
    for (const r of rows) {
      expect(r, `${r.program} ${r.implementation} ${r.backend}`).toMatchObject({
        params: 1000,
        tensors: 3,
        agrees: r.implementation === 'traffic-twin' ? null : true, // the twin computes nothing to compare
        tile:
          r.backend === 'webgpu' && r.implementation !== 'tfjs' && r.implementation !== 'tf.train.adam' ? tile : null,
      });
      expect(r.wall.p10 <= r.wall.median && r.wall.median <= r.wall.p90 && r.wall.p10 > 0).toBe(true);
      // The per-round times the paired ratios are taken from: one per round, the median among them.
      expect(r.rounds).toHaveLength(r.samples);
      expect(r.rounds).toContain(r.wall.median);
      // GPU timestamps for the fused step and its twin, where the device has them (lavapipe's has).
      if (
        ['wgsl', 'wgsl-unchecked', 'traffic-twin'].includes(r.implementation) &&
        report.timing.gpu.startsWith("rows' gpu")
      )
        expect(r.gpu!.p10 <= r.gpu!.median && r.gpu!.median <= r.gpu!.p90 && r.gpu!.p10 > 0, r.implementation).toBe(
          true,
        );
      else expect(r.gpu).toBeNull();
    }
    expect(new Set(rows.map((r) => r.steps)).size).toBe(1); // every implementation took as many steps

    const ratios = Object.fromEntries(report.ratios.map((r: { program: string }) => [r.program, r]));
    const number = expect.any(Number);
    const perBackend = (value: unknown) => ({ webgpu: value, wasm: value, cpu: value });
    expect(ratios['adamw.opt']).toEqual({
      program: 'adamw.opt',
      params: 1000,
      fused_vs_tfjs_webgpu: number,
      fused_vs_tf_train_webgpu: null,
      lion_vs_adamw_fused: null,
      tfjs_target_vs_tf_train: perBackend(null),
      js_loop_vs_fused: number,
      fused_vs_traffic_twin: number,
      checks_vs_unchecked: number,
      unchecked_vs_traffic_twin: number,
      spread: {
        fused_vs_tfjs_webgpu: { p10: number, p90: number },
        js_loop_vs_fused: { p10: number, p90: number },
        fused_vs_traffic_twin: { p10: number, p90: number },
        checks_vs_unchecked: { p10: number, p90: number },
        unchecked_vs_traffic_twin: { p10: number, p90: number },
      },
    });
    // Each ratio is the median of the per-round ratios of its two implementations' rounds.
    const roundsOf = (implementation: string) =>
      rows.find((r) => r.program === 'adamw.opt' && r.implementation === implementation && r.backend === 'webgpu')!
        .rounds;
    const perRound = roundsOf('traffic-twin').map((t, k) => t / roundsOf('wgsl')[k]);
    expect(perRound).toContain(ratios['adamw.opt'].fused_vs_traffic_twin);
    const { p10, p90 } = ratios['adamw.opt'].spread.fused_vs_traffic_twin;
    expect(p10 <= ratios['adamw.opt'].fused_vs_traffic_twin && ratios['adamw.opt'].fused_vs_traffic_twin <= p90).toBe(
      true,
    );
    expect(ratios['lion.opt']).toMatchObject({ lion_vs_adamw_fused: number, fused_vs_tf_train_webgpu: null });
    expect(ratios['adam.opt']).toMatchObject({
      fused_vs_tf_train_webgpu: number,
      tfjs_target_vs_tf_train: perBackend(number),
      lion_vs_adamw_fused: null,
    });
    expect(Object.keys(ratios['adam.opt'].spread)).toEqual(
      expect.arrayContaining(['tfjs_target_vs_tf_train.wasm', 'tfjs_target_vs_tf_train.cpu']),
    );
    expect(Object.keys(report.ratio_definitions)).toContain('fused_vs_traffic_twin');
    for (const c of report.cold) {
      for (const target of ['wgsl', 'tfjs'])
        for (const when of ['first_compile', 'compile', 'warm_compile'])
          expect(c[`${when}_${target}_ms` as keyof typeof c]).toBeGreaterThan(0);
      expect(c.pipelines_wgsl_ms).toBeGreaterThan(0);
      expect(Object.keys(c.first_step_ms)).toContain('wgsl-webgpu');
    }

    expect(readFileSync(join(out, 'bench.md'), 'utf8')).toMatch(/\| program \| params \| tensors \| implementation \|/);
    expect(readFileSync(join(out, 'bench.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readdirSync(out).sort()).toEqual(['bench.json', 'bench.md', 'bench.svg']); // no temporary left
  }, 120_000);

  it('times only the implementations named by --implementations, and says which in the report', async () => {
    const { code, out } = await optic(
      'bench',
      '--params',
      '1000',
      '--tensors',
      '2',
      '--steps',
      '3',
      '--programs',
      'programs/lion.opt',
      '--implementations',
      'wgsl',
      'wgsl-unchecked',
      'interp',
      '--tiles',
      '64x4',
      '64x1',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.command).toMatch(/ --implementations wgsl wgsl-unchecked interp --tiles 64x4 64x1$/);
    expect(report.options).toMatchObject({
      implementations: ['wgsl', 'wgsl-unchecked', 'interp'],
      tiles: ['64x4', '64x1'],
    });
    const rows: Row[] = report.rows;
    expect(rows.map((r) => `${r.implementation} ${r.backend} ${r.tile}`).sort()).toEqual([
      'interp js null',
      'wgsl webgpu 64x1',
      'wgsl webgpu 64x4',
      'wgsl-unchecked webgpu 64x1',
      'wgsl-unchecked webgpu 64x4',
    ]);
    // The ratios are the first shape's, round by round.
    const at = (implementation: string, tile: string) =>
      rows.find((r) => r.implementation === implementation && r.tile === tile)!.rounds;
    const perRound = at('wgsl-unchecked', '64x4').map((t, k) => t / at('wgsl', '64x4')[k]);
    expect(perRound).toContain(report.ratios[0].checks_vs_unchecked);
    // The step without its checks computes the same step (the bench's gradients are finite).
    expect(rows.every((r) => r.agrees !== false)).toBe(true);
    expect(rows.filter((r) => r.implementation !== 'interp').every((r) => r.agrees === true)).toBe(true);
    expect(report.ratios[0]).toMatchObject({
      checks_vs_unchecked: expect.any(Number),
      fused_vs_traffic_twin: null,
      unchecked_vs_traffic_twin: null,
    });
  }, 60_000);

  it('rejects a size that is not a positive integer, and more tensors than parameters (usage errors)', async () => {
    const zero = await optic('bench', '--params', '0');
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/integer of at least 1/);
    const split = await optic('bench', '--params', '4', '--tensors', '5', '--programs', 'programs/sgd.opt');
    expect({ code: split.code, out: split.out }).toEqual({ code: 2, out: '' });
    expect(split.err).toBe('optic: --tensors 5 is more than the smallest --params (4)\n');
    const unknown = await optic('bench', '--params', '4', '--implementations', 'wgsl', 'fast');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/'fast' is invalid\. Allowed choices are wgsl, wgsl-unchecked, traffic-twin, /);
    for (const shape of ['48x4', '64x0', '512x1', '64*4']) {
      const tile = await optic('bench', '--params', '4', '--tiles', shape);
      expect(tile.code, shape).toBe(2);
      expect(tile.err).toMatch(/expected threads x vec4s per thread, like 64x4/);
    }
  });

  it('says so when --out names a file, before timing anything (exit 1)', async () => {
    const file = join(scratch({ 'old.json': '{}\n' }), 'old.json');
    const { code, out, err } = await optic(
      'bench',
      '--params',
      '1000',
      '--programs',
      'programs/sgd.opt',
      '--out',
      file,
    );
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err).toBe(`optic: --out ${file}: cannot make the directory (it is a file)\n`);
    expect(readFileSync(file, 'utf8')).toBe('{}\n');
  });

  it('refuses a size the machine cannot hold before allocating anything (was a V8 abort, exit 133)', async () => {
    const { code, out, err } = await optic('bench', '--params', '1000000000000', '--programs', 'programs/sgd.opt');
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(
      /^optic: --params 1000000000000 needs about [\d.]+ GiB and this machine has [\d.]+ GiB: at most \d+ parameters here\n$/,
    );
  });
});
