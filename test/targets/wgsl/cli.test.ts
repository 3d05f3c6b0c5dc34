// `optic compile --target wgsl` and `optic step --backend wgsl`, in-process.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { close, TOLERANCE } from '../../../runtime/compare.ts';
import { optic, scratch } from '../../cli/harness.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

describe('optic compile --target wgsl', () => {
  it('prints the module and its manifest; the whole output is WGSL', async () => {
    const { code, out, err } = await optic('compile', 'programs/lion.opt', '--target', 'wgsl');
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain('fn apply_step(');
    const manifest = JSON.parse(out.slice(out.indexOf('/* optic-manifest') + 17, out.lastIndexOf('*/')));
    expect(manifest.bindings.map((b: { name: string }) => b.name)).toEqual([
      'P',
      'C',
      'tab',
      'ctl',
      'sums',
      'w',
      'g',
      'st',
    ]);
    expect(manifest.passes.map((p: { entryPoint: string }) => p.entryPoint)).toEqual([
      'apply_step',
      'carry_over',
      'finish_step',
    ]);
    if (gpu) {
      const info = await gpu.device.createShaderModule({ code: out }).getCompilationInfo();
      expect(info.messages.filter((m) => m.type === 'error')).toEqual([]);
    }
  });

  it('-o writes the module with its manifest comment', async () => {
    const dir = scratch({ 'p.opt': 'def train(w, g, m):\n    m = m + g\n    return g, m\n', 'p.wgsl': '' });
    const { code, err } = await optic('compile', join(dir, 'p.opt'), '--target', 'wgsl', '-o', join(dir, 'p.wgsl'));
    expect([code, err]).toEqual([0, '']);
    const text = readFileSync(join(dir, 'p.wgsl'), 'utf8');
    expect(text.match(/\*\//g)).toHaveLength(1);
    const manifest = JSON.parse(text.slice(text.indexOf('/* optic-manifest') + 17, text.lastIndexOf('*/')));
    expect(manifest.slotsPerRow).toBe(0);
  });

  it('a missing --target is a usage error', async () => {
    expect((await optic('compile', 'programs/lion.opt')).code).toBe(2);
  });
});

describe.skipIf(!gpu)('optic step --backend wgsl', () => {
  it("gives the interpreter's result within the WGSL tolerance", async () => {
    const args = ['step', 'programs/adamw.opt', '--inputs', 'programs/examples/small.json'];
    const ref = await optic(...args, '--precision', 'float32');
    const got = await optic(...args, '--backend', 'wgsl');
    expect(got.code).toBe(0);
    const a = JSON.parse(ref.out) as Record<string, number[]>;
    const b = JSON.parse(got.out) as Record<string, number[]>;
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const key of Object.keys(a))
      a[key].forEach((x, j) => expect(close(x, b[key][j], TOLERANCE.wgsl), `${key}[${j}]`).toBe(true));
  });

  it('a non-finite gradient stops with a message (exit 1), as the kernel skips that step', async () => {
    const dir = scratch({ 'in.json': JSON.stringify({ w: [1, 2], g: [[0.1, 'NaN']] }) });
    const { code, err } = await optic(
      'step',
      'programs/sgd.opt',
      '--inputs',
      join(dir, 'in.json'),
      '--backend',
      'wgsl',
    );
    expect(code).toBe(1);
    expect(err).toContain('NaN or ±Inf');
  });
});
