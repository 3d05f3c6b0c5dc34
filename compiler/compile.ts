// The front door: source text (frontend.ts) or a file → AST → IR, with every diagnostic of every stage. Never
// throws for bad input, a missing or unreadable file included: the CLI prints diagnostics and exits 1.

import { error, fileStart } from '../grammar/diagnostics.ts';
import { decodeSource } from '../grammar/parse.ts';
import { type Compiled, compile } from './frontend.ts';
import { FileError, readRegularFile } from './source-file.ts';

export { type Compiled, compile } from './frontend.ts';

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
