// The front end's entry point: text → tokens → layout → CST → AST, collecting every stage's diagnostics.
// `parse` never throws: bad input of any kind comes back as diagnostics, sorted by position.

import type { Program } from './ast.ts';
import { buildAst } from './build-ast.ts';
import { error, hasErrors, type Diagnostic } from './diagnostics.ts';
import { layout } from './layout.ts';
import { Def, Return, tokenize, tokenSpan } from './lexer.ts';
import { parseTokens } from './parser.ts';
import { assemble, PROGRAM_SHAPE } from './program.ts';
import { SourceText } from './source.ts';

export { decodeSource } from './decode.ts';

export interface ParseResult {
  /** The AST, when the file has no errors. */
  program: Program | undefined;
  diagnostics: Diagnostic[];
}

export function parse(source: string, file: string): ParseResult {
  const text = new SourceText(source, file);
  const lexed = tokenize(text);
  const laid = layout(lexed.tokens, text);
  // Lexing and layout diagnostics are exact; the parser's and assembly's may be consequences of them.
  const diagnostics = [...lexed.diagnostics, ...laid.diagnostics];
  if (laid.tokens.length === 0) {
    if (diagnostics.length === 0) {
      const what = lexed.comments.length > 0 ? 'the file contains only comments' : 'the file is empty';
      diagnostics.push(error('E0101', `empty program: ${what}`, text.span(0), PROGRAM_SHAPE));
    }
    return { program: undefined, diagnostics: byPosition(diagnostics) };
  }
  const syntax = parseTokens(laid, text);
  const { items, complete, strayTuples, chainedComparisons } = buildAst(syntax.cst, text);
  const assembled = assemble({
    items,
    strayTuples,
    chainedComparisons,
    file,
    comments: lexed.comments,
    defKeywords: lexed.tokens.filter((t) => t.tokenType === Def).map((t) => tokenSpan(t, text)),
    returnKeywords: lexed.tokens.filter((t) => t.tokenType === Return).map((t) => tokenSpan(t, text)),
    fileStart: text.span(0),
  });
  const structure = [...assembled.diagnostics];
  if (!complete && ![diagnostics, syntax.diagnostics, structure].some(hasErrors)) {
    // Unreachable if Chevrotain reports every recovery; kept so that a partial AST never passes as whole.
    structure.push(error('E0100', 'this file could not be parsed', text.endOfFile()));
  }
  const all = onePerLine([diagnostics, syntax.diagnostics, structure]);
  return { program: hasErrors(all) ? undefined : assembled.program, diagnostics: all };
}

function byPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Keeps every diagnostic of the first group (lexing and layout: exact), then, group by group (the parser's,
 * then the structure checks'), the first diagnostic on each line no earlier group has reported on: after the
 * first error on a line, later ones there are usually its consequences (`u = = g`).
 */
function onePerLine([exact, ...groups]: Diagnostic[][]): Diagnostic[] {
  const lines = new Set(exact.map((d) => d.span.line));
  const kept = [...exact];
  for (const group of groups) {
    const claimed = new Set<number>();
    for (const d of byPosition(group)) {
      if (lines.has(d.span.line) || claimed.has(d.span.line)) continue;
      claimed.add(d.span.line);
      kept.push(d);
    }
    for (const line of claimed) lines.add(line);
  }
  return byPosition(kept);
}
