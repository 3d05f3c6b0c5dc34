import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenEngine } from '../../runtime/engine.ts';
import { ENGINES } from '../../runtime/engines.ts';
import { colorFor } from '../../runtime/cli/io.ts';
import { optic, scratch } from './harness.ts';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

describe('optic', () => {
  it('--help lists the commands on stdout and exits 0', async () => {
    const r = await optic('--help');
    expect(r.code).toBe(0);
    for (const command of ['check', 'fmt', 'step', 'simplify', 'equiv', 'compile', 'bench'])
      expect(r.out).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(r.err).toBe('');
  });

  it('COMMAND --help describes its options', async () => {
    const r = await optic('step', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--inputs <file>');
    expect(r.out).toContain('choices: "interp"');
  });

  it.each(['check', 'fmt', 'step', 'simplify', 'equiv', 'compile'])(
    '%s --help reads cleanly: no empty defaults, no doubled parentheses',
    async (command) => {
      const r = await optic(command, '--help');
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toMatch(new RegExp(`^Usage: optic ${command} `));
      expect(r.out).not.toContain('(default: [])');
      expect(r.out.replace(/\s+/g, ' ')).not.toMatch(/\) \(/);
    },
  );

  it('--version prints the package version', async () => {
    expect(await optic('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('without a command, or with an unknown one, is a usage error', async () => {
    expect((await optic()).code).toBe(2);
    const r = await optic('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });
});

describe('internal errors', () => {
  const backends = ENGINES as Record<string, OpenEngine>;
  afterEach(() => void delete backends.broken);

  const runBroken = (...extra: string[]) => {
    backends.broken = async () => {
      throw new Error('the backend fell over');
    };
    const input = `${scratch({ 'in.json': '{"w": [1], "g": [1]}' })}/in.json`;
    return optic('step', 'programs/sgd.opt', '--inputs', input, '--backend', 'broken', ...extra);
  };

  it('print a one-line message and exit 3, with no stack trace', async () => {
    const r = await runBroken();
    expect(r.code).toBe(3);
    expect(r.err).toBe('optic: internal error: the backend fell over (run with --debug for the stack trace)\n');
  });

  it('print the stack trace with --debug', async () => {
    const r = await runBroken('--debug');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^optic: internal error: the backend fell over\nError: the backend fell over\n\s+at /);
  });
});

describe('color', () => {
  it('only on a terminal, never with NO_COLOR', () => {
    expect(colorFor({ isTTY: true }, {})).toBe(true);
    expect(colorFor({ isTTY: false }, {})).toBe(false);
    expect(colorFor({}, {})).toBe(false);
    expect(colorFor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    // The spec: NO_COLOR set to the empty string does not disable color.
    expect(colorFor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});
