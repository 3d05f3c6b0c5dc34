// `optic simplify FILE [--finite]`: prints the simplified program in the language's own syntax (valid
// input to every other command), then, as `#` comments, what each pass removed or rewrote and the
// statement count before → after. The default level is exact; --finite also applies the rules that hold
// wherever the original computes no NaN or ±Inf (compiler/passes/rules.ts).

import type { Command } from 'commander';
import { simplify, type LogEntry } from '../../../compiler/passes/simplify.ts';
import { printProgram } from '../../../compiler/print.ts';
import type { Io } from '../io.ts';
import { loadProgram } from '../load.ts';

export function register(cli: Command, io: Io): void {
  cli
    .command('simplify')
    .description(
      'simplify a program (dead code, copies, constants, common subexpressions, algebraic rules) and print it',
    )
    .argument('<file>', 'program file (.opt)')
    .option('--finite', 'also apply the rules that hold wherever the program computes no NaN or ±Inf')
    .action((file: string, options: { finite?: boolean }) => {
      const { ast, program } = loadProgram(io, file);
      const level = options.finite ? 'finite' : 'exact';
      const result = simplify(program, level);
      const footer = result.log.length > 0 ? result.log.map(logLine) : ['nothing to simplify'];
      // The file name is user text: JSON quoting keeps a newline in it from ending the comment.
      const header = [`simplified by optic (level ${level}) from ${JSON.stringify(file)}`];
      const text = printProgram(result.program, { header, footer });
      const statements = text.split('\n').filter((line) => line.startsWith('    ')).length;
      io.out(text);
      io.out(`# statements: ${ast.body.length + 1} → ${statements}; ops: ${result.ops.before} → ${result.ops.after}\n`);
    });
}

function logLine(entry: LogEntry): string {
  return `${entry.line !== undefined ? `line ${entry.line}, ` : ''}${entry.pass}: ${entry.message}`;
}
