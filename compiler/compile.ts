// The front door: source text (or a file) → AST → IR, with every diagnostic of every stage. Never throws for
// bad input, a missing or unreadable file included: the CLI prints diagnostics and exits 1.

import type * as ast from '../grammar/ast.ts';
import { error, fileStart, hasErrors, type Diagnostic } from '../grammar/diagnostics.ts';
import { decodeSource, parse } from '../grammar/parse.ts';
import type { Program } from './ir.ts';
import { lower } from './lower.ts';
import { FileError, readRegularFile } from './source-file.ts';

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

/** `compile` of a file's bytes; also returns the decoded text so a caller can print code frames. */
export function compileFile(path: string): Compiled & { source?: string } {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, 'program');
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    return { diagnostics: [error('E0006', e.message, fileStart(path))] };
  }
  const decoded = decodeSource(bytes, path);
  if (decoded.source === undefined) return { diagnostics: decoded.diagnostics };
  const compiled = compile(decoded.source, path);
  return { ...compiled, diagnostics: [...decoded.diagnostics, ...compiled.diagnostics], source: decoded.source };
}
