// `optic compile`: the code goes to stdout, or with -o to a file written atomically (files.ts's
// writeAtomically: a temporary file in the same directory, then a rename), new or replaced.

import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../compiler/pipeline.ts';
import { readProgram } from '../../runtime/api/index.ts';
import { KERNEL_FORMAT, readKernel } from '../../runtime/webgpu/kernel.ts';
import { optic, scratch } from './harness.ts';

describe('optic compile', () => {
  it('-o writes a new file with what it prints, and replaces an old one keeping its permissions', async () => {
    const printed = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl');
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('@compute');
    const dir = scratch({});
    expect(await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', `${dir}/new.wgsl`)).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    expect(readFileSync(`${dir}/new.wgsl`, 'utf8')).toBe(printed.out);
    writeFileSync(`${dir}/old.wgsl`, 'old');
    chmodSync(`${dir}/old.wgsl`, 0o600);
    expect((await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', `${dir}/old.wgsl`)).code).toBe(0);
    expect(readFileSync(`${dir}/old.wgsl`, 'utf8')).toBe(printed.out);
    expect(statSync(`${dir}/old.wgsl`).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['new.wgsl', 'old.wgsl']);
  });

  it('--target tfjs -o writes the module and its declarations beside it (.js → .d.ts, .mjs → .d.mts)', async () => {
    const dir = scratch({});
    const printed = await optic('compile', 'programs/lion.opt', '--target', 'tfjs');
    expect((await optic('compile', 'programs/lion.opt', '--target', 'tfjs', '-o', `${dir}/lion.js`)).code).toBe(0);
    expect((await optic('compile', 'programs/lion.opt', '--target', 'tfjs', '-o', `${dir}/cjs.mjs`)).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['cjs.d.mts', 'cjs.mjs', 'lion.d.ts', 'lion.js']);
    expect(readFileSync(`${dir}/lion.js`, 'utf8')).toBe(printed.out);
    const types = readFileSync(`${dir}/lion.d.ts`, 'utf8');
    expect(types).toContain('export type HyperName = "\\u03b22" | "\\u03b21" | "\\u03bb" | "lr";');
    expect(types).toContain('export declare class Optimizer extends tf.Optimizer {');
    expect(readFileSync(`${dir}/cjs.d.mts`, 'utf8')).toBe(types);
  });

  it('--target wgsl --format json writes the kernel optic/kernel loads: the module, each pass, the manifest', async () => {
    const dir = scratch({});
    expect(
      (await optic('compile', 'programs/lion.opt', '--target', 'wgsl', '--format', 'json', '-o', `${dir}/k.json`)).code,
    ).toBe(0);
    const kernel = readKernel(JSON.parse(readFileSync(`${dir}/k.json`, 'utf8')));
    const lion = readProgram('programs/lion.opt');
    const { code, manifest, passCode } = compileProgram(lion, 'wgsl');
    expect(kernel).toEqual({
      format: KERNEL_FORMAT,
      file: 'programs/lion.opt',
      className: 'OpticWgslLion',
      fingerprint: kernel.fingerprint,
      code,
      manifest,
      passCode,
    });
    expect((await optic('compile', 'programs/lion.opt', '--target', 'wgsl')).out).toContain(code);
  });

  it('--format json: a per-step constant JSON cannot hold is an error, and it is for --target wgsl only', async () => {
    const dir = scratch({ 'z.opt': 'def train(w, g):\n    update = g * (step * -0.0)\n    return update\n' });
    expect(await optic('compile', `${dir}/z.opt`, '--target', 'wgsl', '--format', 'json')).toEqual({
      code: 1,
      out: '',
      err: `optic: ${dir}/z.opt: a per-step constant is -0, which JSON cannot hold: the kernel cannot be written as JSON\n`,
    });
    const tfjs = await optic('compile', 'programs/lion.opt', '--target', 'tfjs', '--format', 'json');
    expect(tfjs).toEqual({ code: 2, out: '', err: 'optic: --format json is for --target wgsl\n' });
  });

  it("--tile sets the WGSL kernels' tile shape (text and JSON); a bad shape or another target is refused", async () => {
    const lion = readProgram('programs/lion.opt');
    const { code, manifest } = compileProgram(lion, 'wgsl', { tile: { workgroup: 64, perThread: 16 } });
    expect(manifest.tileVec4s).toBe(1024);
    expect((await optic('compile', 'programs/lion.opt', '--target', 'wgsl', '--tile', '64x16')).out).toContain(code);
    const json = await optic('compile', 'programs/lion.opt', '--target', 'wgsl', '--format', 'json', '--tile', '64x16');
    expect(readKernel(JSON.parse(json.out)).manifest).toEqual(manifest);
    const bad = await optic('compile', 'programs/lion.opt', '--target', 'wgsl', '--tile', '96x4');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain(
      "option '--tile <shape>' argument '96x4' is invalid. expected threads x vec4s per thread, like 64x4",
    );
    const tfjs = await optic('compile', 'programs/lion.opt', '--target', 'tfjs', '--tile', '64x16');
    expect(tfjs).toEqual({ code: 2, out: '', err: 'optic: --tile is for --target wgsl\n' });
  });

  it('says why it cannot write, and leaves nothing behind', async () => {
    const dir = scratch({});
    const missing = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', `${dir}/nope/x.wgsl`);
    expect(missing).toEqual({ code: 1, out: '', err: `optic: cannot write '${dir}/nope/x.wgsl': no such directory\n` });
    const isDir = await optic('compile', 'programs/sgd.opt', '--target', 'wgsl', '-o', dir);
    expect(isDir.err).toBe(`optic: cannot write '${dir}': it is a directory\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--math protected reaches folding: g * (1 / -1e-8) keeps its protected division, IEEE folds it', async () => {
    const dir = scratch({ 'f.opt': 'def train(w, g):\n    update = g * (1 / -1e-8)\n    return update\n' });
    const hero = await optic('compile', `${dir}/f.opt`, '--target', 'tfjs', '--math', 'protected');
    expect(hero.code).toBe(0);
    // Constants reach the step as its spec's `constants` (the runtime makes each a scalar once).
    expect(hero.out).not.toMatch(/constants: \[[^\]]*(-1e8|-100000000)/);
    // The bundled module may rename `tf` (tf2) and respell numbers (-1e8).
    expect(hero.out).toMatch(/tf\d*\.div\(k\d, tf\d*\.add\(k\d, k\d\)\)/);
    expect((await optic('compile', `${dir}/f.opt`, '--target', 'tfjs')).out).toMatch(
      /constants: \[(-1e8|-100000000)\]/,
    );
  });

  it('reports a missing program as E0006 and a missing --target as a usage error', async () => {
    const r = await optic('compile', 'programs/nope.opt', '--target', 'wgsl');
    expect(r.code).toBe(1);
    expect(r.err).toBe("programs/nope.opt:1:1: error: cannot read 'programs/nope.opt': no such file [E0006]\n");
    expect((await optic('compile', 'programs/sgd.opt')).code).toBe(2);
  });
});
