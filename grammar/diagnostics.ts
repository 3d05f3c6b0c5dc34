// Diagnostics: every problem in a user's program is a Diagnostic with a code from the catalog below, a
// message, a span and, where the fix is not obvious, a hint. They are collected, never thrown across module
// boundaries, and printed as `file:line:col: error: message [CODE]`, the source line with a caret, then
// `  hint: ...`. Messages and hints follow rustc, clang and gcc: lowercase, no trailing period; the message
// says what is wrong and the hint what to do about it.

import { codeFrameColumns } from '@babel/code-frame';

/** A place in a source file. Lines and columns are 1-based; columns count UTF-16 code units + 1. */
export interface Span {
  file: string;
  line: number;
  col: number;
  /** Offsets into the source text, [start, end). */
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning';

/**
 * The catalog. Codes are stable (tests assert them); messages are written where the diagnostic is made and
 * name the offending thing. Add new codes at the end of their group.
 */
export const CODES = {
  // Lexing and layout
  E0001: 'unexpected character',
  E0002: 'mixed tabs and spaces in indentation',
  E0003: 'inconsistent indentation',
  E0004: 'invalid number literal',
  E0005: 'file is not valid UTF-8 text',
  E0006: 'cannot read file',
  // Parsing
  E0100: 'syntax error',
  E0101: 'empty program',
  E0102: 'missing def',
  E0103: 'missing return',
  E0104: 'statement after return',
  E0105: 'unclosed parenthesis',
  E0106: 'expression nested too deeply',
  E0107: 'more than one def',
  E0108: 'invalid default declaration',
  E0109: 'parenthesized list outside a return',
  E0110: 'chained comparison',
  // Names and signature (lowering)
  E0200: 'undefined function',
  E0201: 'wrong number of arguments',
  E0202: 'local read before assignment',
  E0203: 'assignment to a built-in name',
  E0204: 'duplicate parameter',
  E0205: 'too few parameters',
  E0206: 'bad return',
  E0207: 'duplicate default',
  E0208: 'name is not a function',
  E0209: 'function used as a value',
  E0210: 'parameter name taken by a role',
  E0211: 'bad parameter annotation',
  // Types
  E0300: 'type error',
  // Running
  E0400: 'missing hyperparameter value',
  // Warnings
  W0001: 'unused default',
  W0002: 'state slot never updated',
  W0003: 'parameter unused',
  W0004: 'invisible character in a name',
  W0005: 'local never read',
  W0006: 'input assigned but not returned',
} as const;

export type Code = keyof typeof CODES;

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  span: Span;
  /** What to do about it, when that is not evident from the message. */
  hint?: string;
}

export function error(code: Code, message: string, span: Span, hint?: string): Diagnostic {
  return make(code, 'error', message, span, hint);
}

export function warning(code: Code, message: string, span: Span, hint?: string): Diagnostic {
  return make(code, 'warning', message, span, hint);
}

/** `hint` is left out rather than set to undefined, so diagnostics compare and serialize the same either way. */
function make(code: Code, severity: Severity, message: string, span: Span, hint: string | undefined): Diagnostic {
  return hint === undefined ? { code, severity, message, span } : { code, severity, message, span, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The span of a whole-file problem (an empty file): line 1, column 1. */
export function fileStart(file: string): Span {
  return { file, line: 1, col: 1, start: 0, end: 0 };
}

/**
 * `file:line:col: error: message [CODE]`, then the source line and a caret under the column, then
 * `  hint: ...` when there is one. `source` may be omitted (the frame is then left out).
 */
export function formatDiagnostic(d: Diagnostic, source?: string, color = false): string {
  const head = `${visible(d.span.file)}:${d.span.line}:${d.span.col}: ${d.severity}: ${visible(d.message)} [${d.code}]`;
  const hint = d.hint === undefined ? '' : `\n  hint: ${visible(d.hint)}`;
  if (source === undefined) return head + hint;
  // The frame's own line splitting also breaks at U+2028/U+2029, which optic's lexer does not: blank them.
  const lines = source.split(/\r\n|\r|\n/).map((l) => l.replace(/[\u2028\u2029]/g, ' '));
  const line = source.split(/\r\n|\r|\n/)[d.span.line - 1] ?? '';
  const sameLine = !source.slice(d.span.start, d.span.end).includes('\n');
  const width = sameLine ? Math.max(1, d.span.end - d.span.start) : 1;
  const shown = displayLine(line, d.span.col, width);
  lines[d.span.line - 1] = shown.text;
  const frame = codeFrameColumns(
    lines.join('\n'),
    {
      start: { line: d.span.line, column: shown.col },
      ...(shown.width > 1 ? { end: { line: d.span.line, column: shown.col + shown.width } } : {}),
    },
    { highlightCode: color, forceColor: color, linesAbove: 0, linesBelow: 0 },
  );
  return `${head}\n${frame}${hint}`;
}

/** The widest source line a code frame shows; a longer one is clipped around the caret. */
export const FRAME_WIDTH = 120;

/**
 * Control characters (a terminal would obey them: `\x1b]0;title\x07` retitles the window) and bidirectional
 * overrides (they reorder what the reader sees) written as escapes, so a diagnostic shows the text as it is.
 */
export function visible(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    if (c === '\t') return c;
    const code = c.codePointAt(0) as number;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * A source line as the frame shows it: escaped, and clipped to FRAME_WIDTH around the marked columns, with
 * the 1-based column and width of the mark moved to match.
 */
function displayLine(line: string, col: number, width: number): { text: string; col: number; width: number } {
  const before = visible(line.slice(0, col - 1));
  const marked = visible(line.slice(col - 1, col - 1 + width));
  const after = visible(line.slice(col - 1 + width));
  if (before.length + marked.length + after.length <= FRAME_WIDTH) {
    return { text: before + marked + after, col: before.length + 1, width: Math.max(1, marked.length) };
  }
  const mark = marked.slice(0, FRAME_WIDTH / 2);
  const room = FRAME_WIDTH - mark.length;
  const left = before.length > room / 3 ? `…${before.slice(before.length - Math.floor(room / 3) + 1)}` : before;
  const rightRoom = FRAME_WIDTH - left.length - mark.length;
  const right = after.length > rightRoom ? `${after.slice(0, rightRoom - 1)}…` : after;
  return { text: left + mark + right, col: left.length + 1, width: Math.max(1, mark.length) };
}
