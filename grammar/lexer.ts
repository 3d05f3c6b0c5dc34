// The lexer: Chevrotain token types and `tokenize`, which turns text into tokens, comments and lexical
// diagnostics (unexpected characters, bad number literals, reserved words). Layout (NEWLINE, INDENT,
// DEDENT) is worked out afterwards from these tokens, in layout.ts.

import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { Comment } from './ast.ts';
import { error, type Diagnostic, type Span, warning } from './diagnostics.ts';
import type { SourceText } from './source.ts';

/**
 * Chevrotain rebuilds RegExp token patterns with only the `i` and `y` flags, dropping `u`, so `\p{...}`
 * classes would not work. Patterns that need Unicode go through this custom matcher instead.
 */
function unicode(pattern: RegExp): { exec: (text: string, offset: number) => RegExpExecArray | null } {
  const sticky = new RegExp(pattern.source, 'uy');
  return {
    exec(text, offset) {
      sticky.lastIndex = offset;
      return sticky.exec(text);
    },
  };
}

export const Name = createToken({
  name: 'Name',
  pattern: unicode(/[\p{ID_Start}_][\p{ID_Continue}]*/u),
  line_breaks: false,
  label: 'a name',
});
export const Def = createToken({ name: 'Def', pattern: /def/, longer_alt: Name, label: "'def'" });
export const Return = createToken({ name: 'Return', pattern: /return/, longer_alt: Name, label: "'return'" });
// A digit run followed by letters (`3x`, `1e`, `0x10`) is lexed as one malformed number, so the error
// names the whole literal instead of a confusing "found 'x'" later.
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: unicode(/(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\p{ID_Continue}*/u),
  line_breaks: false,
  label: 'a number',
});
export const StarStar = createToken({ name: 'StarStar', pattern: /\*\*/, label: "'**'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'" });
/** `<`, `<=`, `>`, `>=`, `==`, `!=`: one token type, the operator in its image. */
export const Compare = createToken({ name: 'Compare', pattern: /[<>]=?|[=!]=/, label: 'a comparison' });
export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, label: 'end of line' });
const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
const CommentToken = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
/** Any other single character: reported as E0001 and dropped, so that lexing never stops. */
const Unknown = createToken({ name: 'Unknown', pattern: unicode(/[\s\S]/u), line_breaks: false });

// Made by the layout pass, never matched in text.
export const Indent = createToken({ name: 'Indent', pattern: Lexer.NA, label: 'an indented body' });
export const Dedent = createToken({ name: 'Dedent', pattern: Lexer.NA, label: 'the end of the body' });

/** Every token type the parser sees, in lexing priority order. */
export const allTokens: TokenType[] = [
  Whitespace,
  CommentToken,
  Newline,
  Def,
  Return,
  Name,
  NumberLiteral,
  StarStar,
  Star,
  Slash,
  Plus,
  Minus,
  LParen,
  RParen,
  Comma,
  Colon,
  Compare,
  Equals,
  Percent,
  Indent,
  Dedent,
  Unknown,
];

const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false });

/** Python's keywords other than `def` and `return`: not names here either, to keep programs portable. */
export const RESERVED = new Set(
  (
    'if else elif for while in not and or is lambda pass import from class None True False global del ' +
    'with yield as try except raise assert break continue async await nonlocal'
  ).split(' '),
);

const VALID_NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface Lexed {
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

const ASCII_WORD = /^\w*$/;
/** Characters that render as nothing (zero-width joiners, soft hyphens, variation selectors...). */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * Names are compared as a reader sees them: in NFKC (as Python does, so precomposed and decomposed `é`, or
 * `ﬁ` and `fi`, are one name) and without invisible characters, which are dropped with a warning (else `m`
 * followed by a zero-width joiner would silently be a new, open hyperparameter).
 */
function normalizeName(token: IToken, source: SourceText, diagnostics: Diagnostic[]): void {
  if (ASCII_WORD.test(token.image)) return; // no ASCII character is invisible, and NFKC leaves ASCII as it is
  const invisible = token.image.match(INVISIBLE);
  const name = token.image.replace(INVISIBLE, '').normalize('NFKC');
  if (invisible) {
    const codes = [...new Set(invisible)].map(
      (c) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`,
    );
    const message = `invisible character ${codes.join(', ')} in the name '${name}', ignored`;
    diagnostics.push(warning('W0004', message, tokenSpan(token, source), 'delete it: it cannot be seen'));
  }
  token.image = name;
}

export function tokenize(source: SourceText): Lexed {
  const result = lexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  const tokens: IToken[] = [];
  let lastUnknownEnd = -1;
  for (const token of result.tokens) {
    if (token.tokenType === Unknown) {
      // A run of stray characters is one mistake, reported once at its first character.
      if (token.startOffset !== lastUnknownEnd) diagnostics.push(unexpectedCharacter(token, source));
      else diagnostics[diagnostics.length - 1].span.end += token.image.length;
      lastUnknownEnd = token.startOffset + token.image.length;
      continue;
    }
    if (token.tokenType === NumberLiteral) checkNumber(token, source, diagnostics);
    else if (token.tokenType === Name) {
      normalizeName(token, source, diagnostics);
      if (RESERVED.has(token.image)) {
        const message = `'${token.image}' is a reserved word and cannot be used as a name`;
        diagnostics.push(error('E0100', message, tokenSpan(token, source)));
      }
    }
    tokens.push(token);
  }
  // The Unknown token matches any character, so Chevrotain's own errors should never occur; kept as a net.
  for (const e of result.errors)
    diagnostics.push(error('E0001', 'unexpected character', source.span(e.offset, e.offset + e.length)));
  const comments = (result.groups.comments ?? []).map((t) => ({
    text: t.image.trimEnd(),
    span: tokenSpan(t, source),
    trailing: source.text.slice(source.lineStartOf(t.startOffset), t.startOffset).trim() !== '',
  }));
  return { tokens, comments, diagnostics };
}

function checkNumber(token: IToken, source: SourceText, diagnostics: Diagnostic[]): void {
  const text = token.image;
  if (!VALID_NUMBER.test(text)) {
    diagnostics.push(error('E0004', `'${text}' is not a valid number literal`, tokenSpan(token, source)));
  } else if (!Number.isFinite(Number(text))) {
    const message = `the number literal '${text}' is too large: it overflows a 64-bit float`;
    diagnostics.push(error('E0004', message, tokenSpan(token, source)));
  }
}

function unexpectedCharacter(token: IToken, source: SourceText): Diagnostic {
  const c = token.image;
  const shown = /^[\p{C}\p{Z}]/u.test(c)
    ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    : `'${c}'`;
  if (c !== '\\') return error('E0001', `unexpected character ${shown}`, tokenSpan(token, source));
  const hint = 'wrap the expression in parentheses to continue it on the next line';
  return error(
    'E0001',
    `unexpected character ${shown}: line continuations are not supported`,
    tokenSpan(token, source),
    hint,
  );
}

/** The span of a token; Chevrotain's end-of-input token has NaN offsets and maps to the end of the file. */
export function tokenSpan(token: IToken, source: SourceText): Span {
  if (!Number.isFinite(token.startOffset)) return source.endOfFile();
  return source.span(token.startOffset, token.startOffset + token.image.length);
}
