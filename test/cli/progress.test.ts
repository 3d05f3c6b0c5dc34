// Progress bars only on a terminal (TESTING.md: none when not a terminal, in CI or with NO_COLOR), and never
// a partial line in a pipe: `optic equiv`'s long runs print nothing on stderr there.

import { afterEach, describe, expect, it } from 'vitest';
import { progressBar, progressWanted } from '../../runtime/cli/progress.ts';
import { opticProcess } from './harness.ts';

const tty = process.stderr.isTTY;
afterEach(() => {
  process.stderr.isTTY = tty;
});

describe('progressBar', () => {
  it('exists on a terminal only, and not in CI or with NO_COLOR', () => {
    process.stderr.isTTY = true;
    expect(progressBar('steps', {})).toBeDefined();
    expect([progressWanted({}), progressWanted({ NO_COLOR: '1' }), progressWanted({ CI: 'true' })]).toEqual([
      true,
      false,
      false,
    ]);
    expect(progressBar('steps', { CI: '1' })).toBeUndefined();
    expect(progressBar('steps', { NO_COLOR: '1' })).toBeUndefined();
    process.stderr.isTTY = false;
    expect(progressBar('steps', {})).toBeUndefined();
    expect(progressWanted({})).toBe(false);
  });

  it('optic equiv through a pipe: results on stdout, nothing on stderr', () => {
    const r = opticProcess(
      [
        'equiv',
        'programs/sgd.opt',
        'programs/sgd.opt',
        '--set',
        'lr=0.1',
        '--steps',
        '300',
        '--trials',
        '5',
        '--seed',
        '1',
      ],
      { CI: '' },
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^equivalent over 5 trials × 300 steps/);
  });
});
