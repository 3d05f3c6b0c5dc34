// Issue 10, "Done when": hostile command lines and files, generated, fed to the CLI in process. Whatever comes
// in, optic answers with an exit code of 0, 1 or 2 and a sentence, never a stack trace or an internal error (3),
// and it touches no file outside the test's own directory: files it reads from a directory beside it (programs,
// inputs, an output that is also an input) keep their bytes and times, and the repository is left as it was.
// The programs are compiler/generate-invalid.ts's, valid ones, binary and empty files, directories, special files;
// the values are the issue's (toString, 1e999, Infinity, NaN, 2^32, …). Fixed seed (test/setup.ts).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbInvalidProgramSource } from '../../compiler/generate-invalid.ts';
import { optic, scratch } from './harness.ts';

const REPO = resolve('.');
const root = scratch({});
/** Where the CLI may write: it runs there, and every output path points there. */
const dir = join(root, 'work');
/** Files the CLI reads but must never change (an output naming one of them is refused). */
const outside = join(root, 'outside');
mkdirSync(dir);
mkdirSync(outside);
mkdirSync(join(dir, 'folder'));

const SGD = readFileSync('programs/sgd.opt', 'utf8');
const ADAMW = readFileSync('programs/adamw.opt', 'utf8');
const files: Record<string, string | Uint8Array> = {
  'sgd.opt': SGD,
  'adamw.opt': ADAMW,
  'empty.opt': '',
  'binary.opt': Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256),
  'escape.opt': `# \u001b]0;owned\u0007\n${SGD}`,
  'in.json': '{"w": [0.5, -1], "g": [[0.1, -0.2], [0.05, 0.1]], "lr": [1, 0.5]}',
  'huge.json': '{"w": [1e999], "g": [1]}',
  'proto.json': '{"__proto__": [1], "w": [1], "g": [1], "constructor": 2}',
  'nan.json': '{"w": ["NaN"], "g": ["Infinity"]}',
  'deep.json': `${'['.repeat(5000)}${']'.repeat(5000)}`,
  'array.json': '[1, 2]',
};
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(dir, name), content);
  writeFileSync(join(outside, name), content);
}

const PROGRAMS = [
  ...['sgd.opt', 'adamw.opt', 'empty.opt', 'binary.opt', 'escape.opt', 'generated.opt'].map((f) => join(dir, f)),
  join(outside, 'sgd.opt'),
  join(outside, 'adamw.opt'),
  join(dir, 'folder'),
  join(dir, 'missing.opt'),
  join(dir, 'sgd.opt', 'x.opt'),
  '/dev/null',
  '/dev/zero',
  '-',
  '',
];
const INPUTS = [
  ...['in.json', 'huge.json', 'proto.json', 'nan.json', 'deep.json', 'array.json'].map((f) => join(dir, f)),
  join(outside, 'in.json'),
  join(dir, 'sgd.opt'),
  join(dir, 'folder'),
  join(dir, 'missing.json'),
  '/dev/zero',
];
/** Where the CLI may write, and the outside files it must refuse to overwrite (they are its inputs too). */
const OUTPUTS = [
  join(dir, 'out.js'),
  join(dir, 'folder'),
  join(dir, 'sgd.opt', 'x.js'),
  join(dir, 'no', 'such', 'dir', 'x.js'),
  join(outside, 'sgd.opt'),
];
const NAMES = ['lr', 'λ', 'β1', 'zz', 'toString', 'constructor', '__proto__', 'valueOf', 'm\u200d', 'é', ''];
const VALUES = ['0.1', '1', '0', '-0', '-1', '1e999', '-1e999', 'Infinity', '-Infinity', 'NaN', '1e-320', '0x10'];
const COUNTS = ['1', '2', '0', '-1', '1.5', '4294967296', '9007199254740993', 'abc', ''];
const TEXT = ['toString', '', ' ', '\u0000', '--', '-h', 'x'.repeat(300), '\u001b[31m'];

type Arg = fc.Arbitrary<string[]>;
const pick = (xs: readonly string[]) => fc.constantFrom(...xs);
const flag = (name: string, value: fc.Arbitrary<string>): Arg => value.map((v) => [name, v]);
const set: Arg = fc
  .tuple(pick(NAMES), pick([...VALUES, ...TEXT]), fc.boolean())
  .map(([n, v, eq]) => ['--set', eq ? `${n}=${v}` : n]);
const junk: Arg = fc.oneof(
  pick(['--frobnicate', '-x', '--', '--help', '--debug', '--version']).map((a) => [a]),
  pick(TEXT).map((t) => [t]),
);

/** Each command: its positional arguments and the options it takes (with hostile values). */
const COMMANDS: Record<string, { args: fc.Arbitrary<string[]>; options: Arg[] }> = {
  check: { args: fc.array(pick(PROGRAMS), { minLength: 0, maxLength: 3 }), options: [fc.constant(['--json'])] },
  fmt: {
    args: fc.array(pick(PROGRAMS.filter((p) => !p.startsWith(outside))), { maxLength: 2 }),
    options: [fc.constant(['--check']), fc.constant(['--write'])],
  },
  simplify: {
    args: pick(PROGRAMS).map((p) => [p]),
    options: [fc.constant(['--finite']), flag('--math', pick(['ieee', 'protected', 'hero', '']))],
  },
  compile: {
    args: pick(PROGRAMS).map((p) => [p]),
    options: [flag('--target', pick(['tfjs', 'wgsl', 'js', ''])), flag('-o', pick(OUTPUTS))],
  },
  step: {
    args: pick(PROGRAMS).map((p) => [p]),
    options: [
      flag('--inputs', pick(INPUTS)),
      set,
      flag('--step', pick(COUNTS)),
      flag('--precision', pick(['float64', 'float32', 'float16'])),
      flag('--backend', pick(['interp', 'gpu'])),
      flag('--tfjs-backend', pick(['cpu', 'tensorflow'])),
    ],
  },
  equiv: {
    args: fc.tuple(pick(PROGRAMS), pick(PROGRAMS)),
    options: [set, flag('--seed', pick(COUNTS)), fc.constant(['--finite']), fc.constant(['--states'])],
  },
  train: {
    args: pick(PROGRAMS).map((p) => [p]),
    options: [
      set,
      flag('--epochs', pick(COUNTS)),
      flag('--model', pick(['mlp', 'resnet'])),
      flag('--backend', pick(['tfjs', 'wgsl'])),
      flag('--resume', pick([join(dir, 'folder'), join(dir, 'missing')])),
      flag('--clip-global-norm', pick(VALUES)),
    ],
  },
};

/** A command line: a command, its arguments and options in any order, now and then junk. */
const arbCommandLine: fc.Arbitrary<string[]> = fc.constantFrom(...Object.keys(COMMANDS)).chain((command) => {
  const { args, options } = COMMANDS[command];
  const parts = fc.array(fc.oneof({ weight: 6, arbitrary: fc.oneof(...options) }, { weight: 1, arbitrary: junk }), {
    maxLength: 4,
  });
  return fc.tuple(args, parts, fc.nat()).map(([a, ps, at]) => {
    const rest = ps.flat();
    const line = [command, ...rest.slice(0, at % (rest.length + 1)), ...a, ...rest.slice(at % (rest.length + 1))];
    // Bounded work: equiv's fuzzing and training need a cap (appended: commander keeps the last value).
    if (command === 'equiv') line.push('--trials', '2', '--steps', '2');
    if (command === 'train') line.push('--data', join(dir, 'no-data'), '--out', join(dir, 'runs'));
    return line;
  });
});

/** The issue's own cases, each once: values, names, files and combinations a hostile user tried. */
const p = join(dir, 'sgd.opt');
const IN = join(dir, 'in.json');
const ISSUE_CASES: string[][] = [
  ['compile', join(outside, 'sgd.opt'), '--target', 'tfjs', '-o', join(outside, 'sgd.opt')],
  ['compile', p, '--target', 'tfjs', '-o', join(dir, 'sgd.opt', 'x')],
  ['check', '/dev/zero'],
  ['step', p, '--inputs', '/dev/zero'],
  ...['toString', 'constructor', '__proto__', 'valueOf', 'Infinity', 'NaN', '1e999'].flatMap((v) =>
    ['interp', 'tfjs', 'wgsl'].map((b) => ['step', p, '--inputs', IN, '--set', `lr=${v}`, '--backend', b]),
  ),
  ['equiv', p, p, '--set', 'lr=toString', '--trials', '2'],
  ['step', p, '--inputs', IN, '--step', '4294967296', '--backend', 'wgsl'],
  ['step', p, '--inputs', IN, '--backend', 'wgsl', '--precision', 'float64'],
  ['step', p, '--inputs', IN, '--tfjs-backend', 'cpu'],
  ['step', p, '--inputs', IN, '--set', 'zz=1'],
  ['equiv', p, p, '--set', 'zz=1'],
  ['equiv', join(dir, 'missing.opt'), p],
  ['bench', '--params', '1000000000000', '--programs', p],
  ['bench', '--params', '0'],
  ['sweep', p, '--grid', 'lr=toString'],
  ['compare', p, p, '--data', join(dir, 'no-data')],
  ['train', '--resume', join(dir, 'folder'), '--set', 'lr=1'],
];

/** Every file under `path`: its size, modification time and bytes. */
function snapshot(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path, { recursive: true }) as string[]) {
    const file = join(path, name);
    const s = statSync(file);
    out[name] = s.isFile() ? `${s.size} ${s.mtimeMs} ${readFileSync(file).toString('base64')}` : 'dir';
  }
  return out;
}
/** Tracked files changed in the repository (untracked ones may come from other test files running meanwhile). */
const gitStatus = () =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' });

let before: { outside: Record<string, string>; repo: string };
const cwd = process.cwd();
beforeAll(() => {
  before = { outside: snapshot(outside), repo: gitStatus() };
  process.chdir(dir); // relative defaults (runs/…) land here
});
afterAll(() => process.chdir(cwd));

async function expectClean(argv: string[]): Promise<void> {
  const r = await optic(...argv);
  const shown = JSON.stringify(argv);
  expect([0, 1, 2], `${shown} exited ${r.code}: ${r.err}`).toContain(r.code);
  expect(r.err, shown).not.toMatch(/\n\s+at |internal error/);
  expect(r.out, shown).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
}

describe('hostile command lines and files', { timeout: 180_000 }, () => {
  it.each(ISSUE_CASES.map((c) => [c]))('%j', async (argv) => {
    await expectClean(argv);
  });

  it('generated command lines, with generated invalid programs', async () => {
    await fc.assert(
      fc.asyncProperty(arbInvalidProgramSource(), arbCommandLine, async (source, argv) => {
        writeFileSync(join(dir, 'generated.opt'), source);
        await expectClean(argv);
      }),
      { numRuns: 150 },
    );
  });

  it('touched no file outside its directory', () => {
    expect(snapshot(outside)).toEqual(before.outside);
    expect(gitStatus()).toBe(before.repo);
  });
});
