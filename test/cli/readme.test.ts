// The README's claims that can drift: its built-in table against compiler/ops.ts, its first two commands
// against .ci/, and its example commands against the CLI.

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPS } from '../../compiler/ops.ts';
import { optic } from './harness.ts';

const README = readFileSync('README.md', 'utf8');

describe('README.md', () => {
  it('starts with the two commands, and both scripts exist', () => {
    const block = README.match(/^# optic\n\n```sh\n([^`]*)```/);
    expect(block).not.toBeNull();
    const commands = block![1]
      .trim()
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['bash .ci/main', 'bash .ci/run']);
    for (const c of commands) expect(existsSync(c.split(' ')[1])).toBe(true);
  });

  it('lists every built-in of compiler/ops.ts with its spellings and argument names, and nothing else', () => {
    const table = README.split('<!-- builtins:start -->')[1].split('<!-- builtins:end -->')[0];
    const rows = table.trim().split('\n').slice(2);
    const documented = rows.map((row) => [...row.split(' | ')[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const expected = [...OPS.values()].map((d) => {
      expect(d.params).toHaveLength(d.arity);
      const [x, y] = d.params;
      const calls = d.operatorOnly ? [] : [d.name, ...d.aliases].map((n) => `${n}(${d.params.join(', ')})`);
      return [...calls, ...(d.infix ? [`${x} ${d.infix} ${y}`] : []), ...(d.prefix ? [`-${x}`] : [])];
    });
    expect(documented).toEqual(expected);
  });

  it('shows the output optic check really prints', async () => {
    const shown = README.split('$ npm run --silent optic -- check programs/adamw.opt\n')[1].split('```')[0];
    expect((await optic('check', 'programs/adamw.opt')).out).toBe(shown);
  });

  it('shows the line optic check --json really prints', async () => {
    const shown = README.split('optic check --json FILE...` prints')[1].split('```json\n')[1].split('```')[0];
    expect((await optic('check', '--json', 'programs/paper/step3_lion.opt')).out).toBe(shown);
  });
});
