// End to end through the executable (runtime/cli/bin.js, what package.json's `bin` installs as `optic`):
// exit codes, which stream gets what, and no color or stack traces when the output is not a terminal.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testGpu } from '../targets/wgsl/gpu.ts';
import { opticProcess, scratch } from './harness.ts';

const ESC = '\u001b[';

describe('the optic executable', () => {
  it('prints its version', () => {
    const r = opticProcess(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('checks a program and steps it, results on stdout', () => {
    const check = opticProcess(['check', 'programs/lion.opt']);
    expect(check).toMatchObject({ code: 0, err: '' });
    expect(check.out).toContain('programs/lion.opt: ok');
    const step = opticProcess(['step', 'programs/lion.opt', '--inputs', 'programs/examples/small.json']);
    expect(step).toMatchObject({ code: 0, err: '' });
    expect(Object.keys(JSON.parse(step.out))).toEqual(['update', 'w', 'm']);
  });

  it('prints diagnostics to stderr as file:line:col with a caret, uncolored, and exits 1', () => {
    const dir = scratch({ 'bad.opt': 'def train(w, g):\n    update = g * (lr + 1\n    return update\n' });
    const r = opticProcess(['check', `${dir}/bad.opt`], { FORCE_COLOR: '1' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^${dir}/bad\\.opt:2:\\d+: error: .+ \\[E\\d{4}\\]\\n`));
    expect(r.err).toContain('^');
    expect(r.err).not.toContain(ESC);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports bad input as an error, not a stack trace', () => {
    const dir = scratch({ 'in.json': '{"w": [1, 2], "g": [1]}' });
    const r = opticProcess(['step', 'programs/sgd.opt', '--inputs', `${dir}/in.json`], { NO_COLOR: '1' });
    expect(r).toEqual({ code: 1, out: '', err: "optic: field 'g' has 1 element but 'w' has 2\n" });
  });

  it('exits 2 on a usage error', () => {
    const r = opticProcess(['step', 'programs/sgd.opt']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("required option '--inputs <file>' not specified");
  });
});

// Issue 10 item 22: Dawn's "maxDynamic… artificially reduced" lines (printed by Dawn itself on every adapter
// request on lavapipe) are kept off stderr, which holds only optic's own output (runtime/webgpu/quiet.ts). Run
// as a user runs it, with stderr on a pipe (a shell's: Node's own child pipes are sockets, which quiet.ts cannot
// reopen); the tfjs note printed after the adapter request shows that stderr works again afterwards.
const gpu = await testGpu();
gpu?.destroy();

/** `node runtime/cli/bin.js ARGS` with stdout to a file and stderr through a shell pipe. */
function throughShellPipe(args: readonly string[]): { code: number; out: string; err: string } {
  const dir = scratch({});
  const words = args.map((a) => `'${a}'`).join(' ');
  const script = `set -o pipefail; '${process.execPath}' runtime/cli/bin.js ${words} 2>&1 >'${dir}/out' | cat`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: readFileSync(join(dir, 'out'), 'utf8'), err: r.stdout };
}

describe.skipIf(!gpu)('a WebGPU run with stderr on a pipe', () => {
  it.each([
    [['--backend', 'wgsl'], ''],
    [['--backend', 'tfjs', '--tfjs-backend', 'webgpu'], expect.stringMatching(/^tfjs backend: webgpu \(.*\)\n$/)],
  ])('optic step %j prints only its result and its own notes', (flags, err) => {
    const r = throughShellPipe([
      'step',
      'programs/sgd.opt',
      '--inputs',
      'programs/examples/small.json',
      '--set',
      'lr=0.1',
      ...flags,
    ]);
    expect(r.err).not.toMatch(/artificially reduced/);
    expect(r).toEqual({ code: 0, out: expect.stringMatching(/^\{\n {2}"update": /), err });
  });

  it('and with stdout and stderr appended to one log (>>log 2>&1): in order, without the lines', () => {
    const log = join(scratch({}), 'log');
    writeFileSync(log, 'before\n');
    const args = ['step', 'programs/sgd.opt', '--inputs', 'programs/examples/small.json', '--set', 'lr=0.1'];
    const words = [...args, '--backend', 'tfjs', '--tfjs-backend', 'webgpu'].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('bash', ['-c', `'${process.execPath}' runtime/cli/bin.js ${words} >>'${log}' 2>&1`], {
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/^before\ntfjs backend: webgpu \(.*\)\n\{\n {2}"update": [\s\S]*\}\n$/);
  });
});

describe('a reader that stops early', () => {
  it('(optic … | true) ends the command quietly: no EPIPE stack trace', () => {
    const dir = scratch({});
    const script = `'${process.execPath}' runtime/cli/bin.js simplify programs/adamw.opt 2>'${dir}/err' | true`;
    spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
    expect(readFileSync(join(dir, 'err'), 'utf8')).toBe('');
  });
});
