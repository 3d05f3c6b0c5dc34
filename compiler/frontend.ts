// Source text → AST → IR, with every diagnostic of every stage; no file system, so a browser bundle can hold it
// (compile.ts adds reading a file). Never throws for bad input.

import type * as ast from '../grammar/ast.ts';
import { type Diagnostic, hasErrors } from '../grammar/diagnostics.ts';
import { parse } from '../grammar/parse.ts';
import type { Program } from './ir.ts';
import { lower } from './lower.ts';

export interface Compiled {
  /** The AST, when the file parsed. */
  ast?: ast.Program;
  /** The IR, when there are no errors at all (warnings allowed). */
  program?: Program;
  /** Every stage's errors and warnings; lowering's are in source order after the parser's. */
  diagnostics: Diagnostic[];
}

export function compile(source: string, file: string): Compiled {
  const parsed = parse(source, file);
  // Lowering a partial AST would report follow-on errors of the syntax errors; the parser returns none then.
  if (!parsed.program || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const lowered = lower(parsed.program);
  return {
    ast: parsed.program,
    program: lowered.program,
    diagnostics: [...parsed.diagnostics, ...lowered.diagnostics],
  };
}
