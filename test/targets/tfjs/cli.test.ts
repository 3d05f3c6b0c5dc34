// The CLI's tfjs entry points: `optic compile FILE --target tfjs [-o OUT]` prints or writes the module, and
// `optic step --backend tfjs [--tfjs-backend NAME]` runs the step command through the tfjs target (float32),
// saying on stderr which backend it chose, with results matching the interpreter's float32 mode.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optic, scratch, stepResult } from '../../cli/harness.ts';

describe('optic compile --target tfjs', () => {
  it('prints the module, or writes it with -o', async () => {
    const printed = await optic('compile', 'programs/lion.opt', '--target', 'tfjs');
    expect(printed.code).toBe(0);
    expect(printed.out).toContain("import * as tf from '@tensorflow/tfjs-core';");
    // Bundled by esbuild (issue 8), which writes the default export in its one export clause.
    expect(printed.out).toMatch(/^export \{[^}]*\bOptimizer as default\b/m);
    const dir = scratch({});
    const out = join(dir, 'lion.js');
    const written = await optic('compile', 'programs/lion.opt', '--target', 'tfjs', '-o', out);
    expect([written.code, written.out]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toBe(printed.out);
  });

  it('reports usage and user errors with their exit codes', async () => {
    expect((await optic('compile', 'programs/lion.opt')).code).toBe(2);
    expect((await optic('compile', 'programs/lion.opt', '--target', 'nope')).code).toBe(2);
    const missing = await optic('compile', 'nope.opt', '--target', 'tfjs');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('E0006');
    const unwritable = await optic('compile', 'programs/lion.opt', '--target', 'tfjs', '-o', '/nonexistent-dir/x.js');
    expect([unwritable.code, unwritable.err]).toEqual([
      1,
      expect.stringContaining("cannot write '/nonexistent-dir/x.js'"),
    ]);
  });
});

describe('optic step --backend tfjs', () => {
  it.each(['cpu', 'wasm'])('on %s agrees with the float32 interpreter and names its backend', async (backend) => {
    const args = ['step', 'programs/adamw.opt', '--inputs', 'programs/examples/small.json'];
    const tfjs = await optic(...args, '--backend', 'tfjs', '--tfjs-backend', backend);
    expect(tfjs.code).toBe(0);
    expect(tfjs.err).toContain(`tfjs backend: ${backend}`);
    const reference = stepResult((await optic(...args, '--precision', 'float32')).out);
    const got = stepResult(tfjs.out);
    for (const key of ['update', 'w', 'm', 'v']) {
      got[key].forEach((x, i) => expect(x).toBeCloseTo(reference[key][i], 6));
    }
  });

  it('uses tfjs-node where it is installed, and fails cleanly where it is not', async () => {
    const installed = await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/')).then(
      () => true,
      () => false,
    );
    const r = await optic(
      'step',
      'programs/sgd.opt',
      '--inputs',
      'programs/examples/small.json',
      '--backend',
      'tfjs',
      '--tfjs-backend',
      'tensorflow',
    );
    if (installed) expect([r.code, r.err]).toEqual([0, expect.stringContaining('tfjs backend: tensorflow')]);
    else
      expect([r.code, r.err]).toEqual([1, expect.stringContaining("the tfjs backend 'tensorflow' is not available")]);
  });
});
