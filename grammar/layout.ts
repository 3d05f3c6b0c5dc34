// Python-style layout, worked out from the lexer's tokens before parsing (as CPython's tokenizer does):
//  - a NEWLINE ends each non-blank logical line; newlines inside parentheses join lines (implicit joining);
//  - INDENT / DEDENT mark the body of the def. An INDENT is only made after a line ending in ':', so a
//    stray indented line is reported here (E0003) and parsed at the current level, without cascading errors;
//  - parentheses are matched: an unmatched ')' is dropped (E0100), a '(' never closed is E0105, and one
//    nested deeper than MAX_DEPTH (E0106) is replaced by a placeholder so the recursive parser stays safe.

import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import { error, type Diagnostic } from './diagnostics.ts';
import { MAX_DEPTH, tooDeepMessage } from './depth.ts';
import { Colon, Dedent, Def, Indent, LParen, Newline, NumberLiteral, RParen, tokenSpan } from './lexer.ts';
import type { SourceText } from './source.ts';

const SAME_INDENT = 'indent every statement of the body by the same amount';

export interface Layout {
  /** The parser's input. */
  tokens: IToken[];
  diagnostics: Diagnostic[];
  /** For each token inside parentheses, the innermost '(' still open before it (for "expected ')'" messages). */
  openers: Map<IToken, IToken>;
  /** Offset of the first '(' never closed: the parser's errors after it are consequences of E0105. */
  unclosedAt?: number;
  /** The deepest parenthesis nesting passed to the parser (at most MAX_DEPTH). */
  maxNesting: number;
}

export function layout(tokens: IToken[], source: SourceText): Layout {
  const pass = new LayoutPass(source);
  for (const token of tokens) pass.add(token);
  return pass.finish();
}

class LayoutPass {
  private readonly out: IToken[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly openers = new Map<IToken, IToken>();
  private readonly parens: IToken[] = [];
  private readonly indents = [0];
  /** The first whitespace character used for indentation in this file; the other one is then E0002. */
  private indentChar: string | undefined;
  private lineStarted = false;
  private firstOnLine: IToken | undefined;
  private lastOnLine: IToken | undefined;
  private previousLineOpensBlock = false;
  /** How many parentheses deep we are inside a group nested past MAX_DEPTH, whose tokens are dropped. */
  private skipping = 0;
  private maxNesting = 0;

  constructor(private readonly source: SourceText) {}

  add(token: IToken): void {
    if (token.tokenType === Newline) return this.endLine(token);
    if (!this.lineStarted) this.startLine(token);
    if (this.skipping > 0) return this.skip(token);
    if (this.parens.length > 0) this.openers.set(token, this.parens[this.parens.length - 1]);
    if (token.tokenType === LParen) {
      if (this.parens.length === MAX_DEPTH) return this.startSkipping(token);
      this.parens.push(token);
      this.maxNesting = Math.max(this.maxNesting, this.parens.length);
    } else if (token.tokenType === RParen) {
      if (this.parens.length === 0) {
        this.diagnostics.push(
          error('E0100', "unmatched ')': there is no '(' for it to close", tokenSpan(token, this.source)),
        );
        return;
      }
      this.parens.pop();
    }
    this.emit(token);
  }

  finish(): Layout {
    const end = this.source.text.length;
    let unclosedAt: number | undefined;
    if (this.parens.length > 0) {
      const open = this.parens[0];
      unclosedAt = open.startOffset;
      const message = "unclosed parenthesis: this '(' is never closed, so ')' was expected before the end of the file";
      this.diagnostics.push(error('E0105', message, tokenSpan(open, this.source)));
    }
    if (this.lineStarted) this.out.push(synthetic(Newline, end));
    while (this.indents.length > 1) {
      this.indents.pop();
      this.out.push(synthetic(Dedent, end));
    }
    return {
      tokens: this.out,
      diagnostics: this.diagnostics,
      openers: this.openers,
      unclosedAt,
      maxNesting: this.maxNesting,
    };
  }

  private emit(token: IToken): void {
    this.out.push(token);
    this.lastOnLine = token;
  }

  private endLine(newline: IToken): void {
    if (this.parens.length > 0 || this.skipping > 0 || !this.lineStarted) return;
    this.out.push(newline);
    // A def header opens the body even without its ':', so that a missing ':' is the only error reported.
    this.previousLineOpensBlock = this.lastOnLine?.tokenType === Colon || this.firstOnLine?.tokenType === Def;
    this.lineStarted = false;
  }

  /** Compares the indentation of a new logical line with the enclosing blocks'. */
  private startLine(first: IToken): void {
    this.lineStarted = true;
    this.firstOnLine = first;
    const opensBlock = this.previousLineOpensBlock;
    this.previousLineOpensBlock = false;
    const width = this.measureIndentation(first);
    if (width === undefined) {
      // Mixed tabs and spaces (already reported): take the line as the body's first line or a sibling.
      if (opensBlock) this.openBlock(first, this.indents[this.indents.length - 1] + 1);
      return;
    }
    const current = this.indents[this.indents.length - 1];
    if (width > current) {
      if (opensBlock) this.openBlock(first, width);
      else this.unexpectedIndent(first);
    } else if (width < current) {
      if (!this.indents.includes(width)) {
        const message =
          'inconsistent indentation: this line is indented less than the body of the def, but more than the def';
        this.diagnostics.push(error('E0003', message, tokenSpan(first, this.source), SAME_INDENT));
        return;
      }
      while (width < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.out.push(synthetic(Dedent, first.startOffset));
      }
    }
  }

  private openBlock(first: IToken, width: number): void {
    this.indents.push(width);
    this.out.push(synthetic(Indent, first.startOffset));
  }

  /** The indentation width of the line `first` starts, or undefined after reporting tabs mixed with spaces. */
  private measureIndentation(first: IToken): number | undefined {
    const text = this.source.text;
    const lineStart = this.source.lineStartOf(first.startOffset);
    let i = lineStart;
    for (; text[i] === ' ' || text[i] === '\t'; i++) {
      this.indentChar ??= text[i];
      if (text[i] !== this.indentChar) {
        const [found, before] = text[i] === '\t' ? ['a tab', 'spaces'] : ['a space', 'tabs'];
        const message = `indentation mixes tabs and spaces: ${found} here, where the indentation before used ${before}`;
        this.diagnostics.push(error('E0002', message, this.source.span(i, i + 1)));
        return undefined;
      }
    }
    return i - lineStart;
  }

  private unexpectedIndent(first: IToken): void {
    const message = 'unexpected indentation: this line is indented more than the line before';
    this.diagnostics.push(error('E0003', message, tokenSpan(first, this.source), SAME_INDENT));
  }

  private startSkipping(open: IToken): void {
    this.diagnostics.push(error('E0106', tooDeepMessage(), tokenSpan(open, this.source)));
    this.skipping = 1;
    // The group is parsed as `(0)`, one level deeper, so that the statement around it still parses.
    this.emit(open);
    this.emit(createTokenInstance(NumberLiteral, '0', open.startOffset, open.startOffset, NaN, NaN, NaN, NaN));
  }

  private skip(token: IToken): void {
    if (token.tokenType === LParen) this.skipping++;
    else if (token.tokenType === RParen && --this.skipping === 0) this.emit(token);
  }
}

function synthetic(type: TokenType, offset: number): IToken {
  return createTokenInstance(type, '', offset, offset, NaN, NaN, NaN, NaN);
}
