// Programs from text, their errors as data: the part of the compiler API without a file system, shared by the
// Node entry point (index.ts, which adds readProgram) and the browser's (browser.ts).

import { compile, type Compiled } from '../../compiler/frontend.ts';
import type { Program } from '../../compiler/ir.ts';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../../grammar/diagnostics.ts';

/** A program's errors, thrown by readProgram and parseProgram; the message is every diagnostic, formatted. */
export class ProgramError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    source?: string,
  ) {
    super(diagnostics.map((d) => formatDiagnostic(d, source, false)).join('\n'));
    this.name = 'ProgramError';
  }
}

/** The diagnostics of a program's text (every stage's errors and warnings), without compiling further. */
export function check(source: string, file = '<source>'): Diagnostic[] {
  return compile(source, file).diagnostics;
}

/** The compiled program, or a ProgramError with every diagnostic when it has errors. */
export function programOf(compiled: Compiled, source: string | undefined): Program {
  if (!compiled.program || hasErrors(compiled.diagnostics)) throw new ProgramError(compiled.diagnostics, source);
  return compiled.program;
}

/** The program a source text defines; throws ProgramError when it has errors (warnings are allowed). */
export function parseProgram(source: string, file = '<source>'): Program {
  return programOf(compile(source, file), source);
}
