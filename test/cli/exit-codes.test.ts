// One exit-code rule for every command (README, "The command line"): 2 when the command line is wrong on its
// own (an unknown option, a missing argument, a malformed value), 1 when it is well formed but what it names
// is wrong (a missing file, a program with errors, a --set name the program does not have). A table of
// commands × mistakes, each run in process; every failing case also says why in a sentence, never a stack.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optic, scratch } from './harness.ts';

const dir = scratch({
  'p.opt': 'lr = 0.1\ndef train(w, g):\n    update = lr * g\n    return update\n',
  'bad.opt': 'def train(w, g):\n    return h(g)\n',
  'in.json': '{"w": [1], "g": [1]}',
});
const P = join(dir, 'p.opt');
const BAD = join(dir, 'bad.opt');
const MISSING = join(dir, 'missing.opt');
const IN = join(dir, 'in.json');
/** Training data that does not exist: a training command that got past its checks would fail on it, not train. */
const NO_DATA = ['--data', join(dir, 'no-data'), '--out', join(dir, 'runs')];

/** Each command with a program in it: `args(file)` is a command line that is fine for a good program. */
const COMMANDS: Record<string, (file: string) => string[]> = {
  check: (f) => ['check', f],
  fmt: (f) => ['fmt', f],
  step: (f) => ['step', f, '--inputs', IN],
  simplify: (f) => ['simplify', f],
  equiv: (f) => ['equiv', P, f, '--trials', '1', '--steps', '1'],
  compile: (f) => ['compile', f, '--target', 'wgsl'],
  bench: (f) => ['bench', '--programs', f, '--params', '1', '--steps', '1'],
  train: (f) => ['train', f, ...NO_DATA],
  compare: (f) => ['compare', f, ...NO_DATA],
  sweep: (f) => ['sweep', f, '--grid', 'lr=0.1', ...NO_DATA],
};
/** The commands that take `--set NAME=VALUE`. */
const SETS = ['step', 'equiv', 'train', 'compare', 'sweep'];

/** A mistake: the exit code the rule gives it, what the message says, and its command line (if it applies). */
type Mistake = readonly [what: string, code: 1 | 2, says: RegExp, args: (command: string) => string[] | undefined];

const MISTAKES: readonly Mistake[] = [
  ['an unknown option', 2, /unknown option '--frobnicate'/, (c) => [...COMMANDS[c](P), '--frobnicate']],
  [
    'a missing program file',
    1,
    /missing\.opt:1:1: error: cannot read .*: no such file \[E0006\]/,
    (c) => (c === 'equiv' ? ['equiv', MISSING, P] : COMMANDS[c](MISSING)),
  ],
  [
    'a program with errors',
    1,
    /bad\.opt:2:12: error: unknown function 'h'/,
    (c) => (c === 'fmt' ? undefined : COMMANDS[c](BAD)),
  ],
  [
    'a malformed --set',
    2,
    /^optic: --set: expected NAME=NUMBER/,
    (c) => (SETS.includes(c) ? [...COMMANDS[c](P), '--set', 'lr'] : undefined),
  ],
  [
    'a --set name the program does not have',
    1,
    /^optic: --set: 'zz' is not a hyperparameter of /,
    (c) => (SETS.includes(c) ? [...COMMANDS[c](P), '--set', 'zz=1'] : undefined),
  ],
];

const cases = Object.keys(COMMANDS).flatMap((command) =>
  MISTAKES.flatMap(([what, code, says, args]) => {
    const argv = args(command);
    return argv ? [{ command, what, code, says, argv }] : [];
  }),
);

describe('one exit-code rule across commands', () => {
  it.each(cases)('$command with $what exits $code, with a message', async ({ code, says, argv }) => {
    const r = await optic(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(says);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("the issue's cases: --set zz=1 is 1 for step and equiv alike, equiv on a missing file is 1", async () => {
    const step = await optic('step', P, '--inputs', IN, '--set', 'zz=1');
    const equiv = await optic('equiv', P, P, '--set', 'zz=1');
    expect([step.code, equiv.code]).toEqual([1, 1]);
    expect(step.err).toBe(`optic: --set: 'zz' is not a hyperparameter of ${P} (hyperparameters: lr)\n`);
    expect(equiv.err).toBe(step.err);
    expect((await optic('equiv', MISSING, P)).code).toBe(1);
  });

  it('a --grid name the program does not have is found before any worker starts', async () => {
    const r = await optic('sweep', P, '--grid', 'zz=1,2', ...NO_DATA);
    expect(r).toMatchObject({
      code: 1,
      err: `optic: --grid: 'zz' is not a hyperparameter of ${P} (hyperparameters: lr)\n`,
    });
  });
});

// Issue 10 item 20: an option the rest of the command line makes meaningless is refused, not silently ignored.
describe('options that would be ignored are usage errors', () => {
  const RUN = join(dir, 'runs');
  it.each([
    [
      ['step', P, '--inputs', IN, '--backend', 'wgsl', '--precision', 'float64'],
      '--precision applies only with --backend interp',
    ],
    [
      ['step', P, '--inputs', IN, '--backend', 'tfjs', '--precision', 'float32'],
      '--precision applies only with --backend interp',
    ],
    [['step', P, '--inputs', IN, '--tfjs-backend', 'cpu'], '--tfjs-backend applies only with --backend tfjs'],
    [
      ['step', P, '--inputs', IN, '--backend', 'wgsl', '--tfjs-backend', 'cpu'],
      '--tfjs-backend applies only with --backend tfjs',
    ],
    [
      ['train', P, '--backend', 'wgsl', '--tfjs-backend', 'wasm', ...NO_DATA],
      '--tfjs-backend applies only with --backend tfjs',
    ],
    [
      ['compare', P, '--backend', 'wgsl', '--tfjs-backend', 'cpu', ...NO_DATA],
      '--tfjs-backend applies only with --backend tfjs',
    ],
    [
      ['sweep', P, '--grid', 'lr=1', '--backend', 'wgsl', '--tfjs-backend', 'cpu', ...NO_DATA],
      '--tfjs-backend applies only',
    ],
    [
      ['train', '--resume', RUN, '--set', 'lr=1'],
      '--set applies only to a new run: --resume continues a run with the settings',
    ],
    [['train', '--resume', RUN, '--epochs', '3'], '--epochs applies only to a new run'],
    [['train', '--resume', RUN, '--out', RUN], '--out applies only to a new run'],
    [['train', P, '--resume', RUN], '--resume continues the run in'],
  ])('%j', async (argv, message) => {
    const r = await optic(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`optic: ${message}`);
  });

  it('the same options where they apply are accepted', async () => {
    const interp = await optic('step', P, '--inputs', IN, '--backend', 'interp', '--precision', 'float32');
    expect(interp.code).toBe(0);
    const tfjs = await optic('step', P, '--inputs', IN, '--backend', 'tfjs', '--tfjs-backend', 'cpu');
    expect(tfjs.code).toBe(0);
    expect(tfjs.out).toBe(interp.out);
  });
});
