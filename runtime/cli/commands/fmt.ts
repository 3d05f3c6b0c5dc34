// `optic fmt FILE...`: prints each program in canonical form (grammar/format.ts). With --check it only lists
// the files not already in that form (exit 1 if any); with --write it replaces each such file atomically.
// Every file is handled even when an earlier one fails (a syntax error, an unreadable file): one run reports
// them all, and the exit code is 1 if any failed.

import { Option, type Command } from 'commander';
import { format } from '../../../grammar/format.ts';
import { writeAtomically } from '../../files.ts';
import { CliError, Reported, printError, shellQuote, type Io } from '../io.ts';
import { parseFile } from '../load.ts';

interface FmtOptions {
  check?: boolean;
  write?: boolean;
}

export function register(cli: Command, io: Io): void {
  cli
    .command('fmt')
    .description('print programs in canonical form, or check or rewrite them')
    .argument('<files...>', 'program files (.opt)')
    .addOption(
      new Option('--check', 'exit 1 if a file is not in canonical form, listing each such file on stderr').conflicts(
        'write',
      ),
    )
    .option('--write', 'rewrite the files not in canonical form (each atomically)')
    .action((files: string[], options: FmtOptions) => {
      const failed = files.filter((file) => !formatOne(io, file, options));
      if (failed.length > 0) throw new Reported();
    });
}

/** Formats one file as the options say; false if it failed (reported already) or, with --check, differs. */
function formatOne(io: Io, file: string, options: FmtOptions): boolean {
  try {
    const { source, ast } = parseFile(io, file);
    const formatted = format(ast);
    if (options.check) {
      if (formatted !== source)
        printError(io, `${file} is not formatted (optic fmt --write ${shellQuote(file)} formats it)`);
      return formatted === source;
    }
    if (options.write) {
      if (formatted !== source) writeAtomically(file, formatted);
    } else {
      io.out(formatted);
    }
    return true;
  } catch (e) {
    if (e instanceof CliError) printError(io, e.message);
    else if (!(e instanceof Reported)) throw e;
    return false;
  }
}
