// Reading a program for a command: compile the file, print its diagnostics (warnings too), and stop with
// exit code 1 if any is an error. A missing or unreadable file is a diagnostic like any other.

import type * as ast from '../../grammar/ast.ts';
import { error, fileStart, hasErrors } from '../../grammar/diagnostics.ts';
import { decodeSource, parse } from '../../grammar/parse.ts';
import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { FileError, readRegularFile } from '../../compiler/source-file.ts';
import { printDiagnostics } from './diagnostics.ts';
import { Reported, type Io } from './io.ts';

export interface Loaded {
  source: string;
  ast: ast.Program;
  program: Program;
}

export function loadProgram(io: Io, file: string): Loaded {
  const compiled = compileFile(file);
  printDiagnostics(io, compiled.diagnostics, compiled.source);
  if (hasErrors(compiled.diagnostics) || !compiled.program || !compiled.ast || compiled.source === undefined) {
    throw new Reported();
  }
  return { source: compiled.source, ast: compiled.ast, program: compiled.program };
}

/** Parses only (what `fmt` needs: a file that does not lower can still be formatted). */
export function parseFile(io: Io, file: string): { source: string; ast: ast.Program } {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(file, 'program');
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    printDiagnostics(io, [error('E0006', e.message, fileStart(file))]);
    throw new Reported();
  }
  const decoded = decodeSource(bytes, file);
  if (decoded.source === undefined) {
    printDiagnostics(io, decoded.diagnostics);
    throw new Reported();
  }
  const parsed = parse(decoded.source, file);
  printDiagnostics(io, parsed.diagnostics, decoded.source);
  if (!parsed.program || hasErrors(parsed.diagnostics)) throw new Reported();
  return { source: decoded.source, ast: parsed.program };
}
