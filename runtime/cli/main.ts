// The `optic` command line: one file per command under commands/, registered here. `run` is the whole
// program (argv in, exit code out), so tests drive it in-process; bin.js is the executable that calls it.
// Exit codes: 0 ok, 1 user error (diagnostics), 2 usage error, 3 internal error (a bug: the stack trace is
// printed only with --debug).

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { FileError } from '../files.ts';
import { shipped } from '../root.ts';
import { CliError, EXIT, printError, Reported, type Io } from './io.ts';

type Register = (cli: Command, io: Io) => void;

/**
 * Each command's module by the command's name, in `optic --help`'s order. Only the named command's module is
 * loaded (all of them for help, a bare `optic` or an unknown command): `optic check` starts without loading
 * tfjs, Vega or BullMQ, which costs seconds per process.
 */
const COMMANDS: Readonly<Record<string, () => Promise<{ register: Register }>>> = {
  check: () => import('./commands/check.ts'),
  fmt: () => import('./commands/fmt.ts'),
  step: () => import('./commands/step.ts'),
  simplify: () => import('./commands/simplify.ts'),
  equiv: () => import('./commands/equiv.ts'),
  compile: () => import('./commands/compile.ts'),
  bench: () => import('./commands/bench.ts'),
  train: () => import('./commands/train.ts'),
  compare: () => import('./commands/compare.ts'),
  sweep: () => import('./commands/sweep.ts'),
  search: () => import('./commands/search.ts'),
  worker: () => import('./commands/worker.ts'),
};

/** The commands `argv` may run: its first word when that names one (optic's own options take no value), none
 * for `--version` alone. */
function commandsFor(argv: readonly string[]): string[] {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  if (first === undefined && argv.length > 0 && argv.every((a) => a === '-V' || a === '--version')) return [];
  return Object.keys(COMMANDS);
}

const VERSION: string = JSON.parse(readFileSync(shipped('package.json'), 'utf8')).version;

async function build(argv: readonly string[], io: Io): Promise<Command> {
  const cli = new Command('optic')
    .description("a compiler and interpreter for optimizer programs (the Lion paper's language)")
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print the stack trace of an internal error')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(optic --help lists the commands; optic COMMAND --help their options)');
  const modules = await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]()));
  for (const { register } of modules) register(cli, io);
  return cli;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    await (await build(argv, io)).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    return failure(e, io, argv.includes('--debug'));
  }
}

function failure(e: unknown, io: Io, debug: boolean): number {
  // Commander has printed its own message (help, version, or what was wrong with the command line).
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof Reported) return e.exitCode;
  if (e instanceof FileError) {
    printError(io, e.message);
    return EXIT.user;
  }
  if (e instanceof CliError) {
    printError(io, e.message);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  printError(io, `internal error: ${err.message}${debug ? '' : ' (run with --debug for the stack trace)'}`);
  if (debug && err.stack) io.err(`${err.stack}\n`);
  return EXIT.internal;
}
