// The `optic` command line: one file per command under commands/, registered here. `run` is the whole
// program (argv in, exit code out), so tests drive it in-process; bin.js is the executable that calls it.
// Exit codes: 0 ok, 1 user error (diagnostics), 2 usage error, 3 internal error (a bug: the stack trace is
// printed only with --debug).

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { register as check } from './commands/check.ts';
import { register as fmt } from './commands/fmt.ts';
import { register as step } from './commands/step.ts';
import { register as simplify } from './commands/simplify.ts';
import { register as equiv } from './commands/equiv.ts';
import { register as compile } from './commands/compile.ts';
import { register as bench } from './commands/bench.ts';
import { FileError } from '../files.ts';
import { shipped } from '../root.ts';
import { register as train } from './commands/train.ts';
import { register as compare } from './commands/compare.ts';
import { register as sweep } from './commands/sweep.ts';
import { register as search } from './commands/search.ts';
import { register as worker } from './commands/worker.ts';
import { CliError, EXIT, printError, Reported, type Io } from './io.ts';

type Register = (cli: Command, io: Io) => void;

const COMMANDS: readonly Register[] = [
  check,
  fmt,
  step,
  simplify,
  equiv,
  compile,
  bench,
  train,
  compare,
  sweep,
  search,
  worker,
];

const VERSION: string = JSON.parse(readFileSync(shipped('package.json'), 'utf8')).version;

function build(io: Io): Command {
  const cli = new Command('optic')
    .description("a compiler and interpreter for optimizer programs (the Lion paper's language)")
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print the stack trace of an internal error')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(optic --help lists the commands; optic COMMAND --help their options)');
  for (const register of COMMANDS) register(cli, io);
  return cli;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    await build(io).parseAsync(argv, { from: 'user' });
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
