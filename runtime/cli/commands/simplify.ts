// `optic simplify FILE [--finite] [--math protected]`: prints the simplified program in the language's own syntax (valid
// input to every other command), then, as `#` comments, what each pass removed or rewrote and the
// statement count before → after. The default level is exact; --finite also applies the rules that hold
// wherever the original computes no NaN or ±Inf (compiler/passes/rules.ts). Under --math protected, constants
// fold with Hero's protected division, log and sqrt, and the rules protected math breaks stay off.

import { type Command, Option } from 'commander';
import type { MathMode } from '../../../compiler/ops.ts';
import { simplify, type LogEntry } from '../../../compiler/passes/simplify.ts';
import { printProgram } from '../../../compiler/print.ts';
import type { Io } from '../io.ts';
import { loadProgram } from '../load.ts';

export function register(cli: Command, io: Io): void {
  cli
    .command('simplify')
    .description(
      'simplify a program (dead code, unchanged state, constants, common subexpressions, algebraic rules) and print it',
    )
    .argument('<file>', 'program file (.opt)')
    .option('--finite', 'also apply the rules that hold wherever the program computes no NaN or ±Inf')
    .addOption(
      new Option('--math <mode>', "IEEE arithmetic, or hero's protected division, log and sqrt")
        .choices(['ieee', 'protected'])
        .default('ieee'),
    )
    .action((file: string, options: { finite?: boolean; math: MathMode }) => {
      const { ast, program } = loadProgram(io, file);
      const level = options.finite ? 'finite' : 'exact';
      const result = simplify(program, level, { math: options.math });
      const footer = result.log.length > 0 ? result.log.map(logLine) : ['nothing to simplify'];
      // The file name is user text: JSON quoting keeps a newline in it from ending the comment.
      const mode = options.math === 'protected' ? ', protected math' : '';
      const header = [`simplified by optic (level ${level}${mode}) from ${JSON.stringify(file)}`];
      const text = printProgram(result.program, { header, footer });
      const statements = text.split('\n').filter((line) => line.startsWith('    ')).length;
      io.out(text);
      io.out(`# statements: ${ast.body.length + 1} → ${statements}; ops: ${result.ops.before} → ${result.ops.after}\n`);
    });
}

function logLine(entry: LogEntry): string {
  return `${entry.line !== undefined ? `line ${entry.line}, ` : ''}${entry.pass}: ${entry.message}`;
}
