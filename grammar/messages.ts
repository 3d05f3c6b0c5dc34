// Syntax error messages, in place of Chevrotain's token dumps: "expected X, found Y", naming tokens the
// way a user sees them ('x', end of line, end of file) and pointing back at the '(' a ')' would close.

import { EOF, tokenLabel, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { Comma, Dedent, Indent, LParen, Name, Newline, NumberLiteral, Return, RParen, tokenSpan } from './lexer.ts';
import type { SourceText } from './source.ts';

/**
 * The message of an error that is only a consequence of an earlier one, which parseTokens drops: the parser
 * expecting the end of the body at the end of the file. The layout pass closes every body it opens, so this
 * happens only when the body's INDENT was missing (and was inserted by Chevrotain's recovery).
 */
export const CASCADE = '';

export class Messages implements IParserErrorMessageProvider {
  // Set for the duration of one parse (parsing is synchronous, so one shared provider is safe).
  private openers = new Map<IToken, IToken>();
  private source: SourceText | undefined;

  begin(openers: Map<IToken, IToken>, source: SourceText): void {
    this.openers = openers;
    this.source = source;
  }

  end(): void {
    this.openers = new Map();
    this.source = undefined;
  }

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken }): string {
    const { expected, actual } = options;
    const found = describe(actual);
    const open = this.openers.get(actual);
    if (expected === RParen && open && this.source) {
      const at = tokenSpan(open, this.source);
      // After a comma an argument may follow too (`f(a,, b)`).
      const what = options.previous?.tokenType === Comma ? "an expression or ')'" : "')'";
      return `expected ${what} to close the '(' at ${at.line}:${at.col}, found ${found}`;
    }
    if (expected === Dedent && actual.tokenType === EOF) return CASCADE;
    if (expected === Dedent) return `expected a statement or the end of the body, found ${found}`;
    if (expected === EOF) return `expected a def or a hyperparameter default like 'lr = 0.001', found ${found}`;
    if (expected === Indent) return `expected an indented body after ':', found ${found}`;
    return `expected ${tokenLabel(expected)}${after(options.previous)}, found ${found}`;
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken }): string {
    return `unexpected ${describe(options.firstRedundant)}`;
  }

  buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
  }): string {
    const firsts = new Set<TokenType>();
    for (const alt of options.expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(path[0]);
    return `expected ${expectation(firsts)}${after(options.previous)}, found ${describe(options.actual[0])}`;
  }

  buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
  }): string {
    const firsts = new Set(options.expectedIterationPaths.map((path) => path[0]).filter((t) => t !== undefined));
    return `expected ${expectation(firsts)}${after(options.previous)}, found ${describe(options.actual[0])}`;
  }
}

/** What a set of possible next tokens means to a user: "an expression" rather than four token names. */
function expectation(firsts: Set<TokenType>): string {
  const startsExpression = firsts.has(Name) && firsts.has(NumberLiteral) && firsts.has(LParen);
  if (startsExpression) return firsts.has(Return) ? 'a statement' : 'an expression';
  const labels = [...firsts].map((t) => tokenLabel(t));
  if (labels.length <= 1) return labels[0] ?? 'something else';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** " after '+'": context for the error, when the previous token is on the same line. */
function after(previous: IToken | undefined): string {
  if (!previous || !Number.isFinite(previous.startOffset) || previous.image === '') return '';
  if (previous.tokenType === Newline || previous.tokenType === Indent || previous.tokenType === Dedent) return '';
  return ` after '${shorten(previous.image)}'`;
}

/** A token as the user sees it in the source. */
export function describe(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'end of file';
  if (token.tokenType === Newline) return token.image === '' ? 'end of file' : 'end of line';
  if (token.tokenType === Indent) return 'an indented line';
  if (token.tokenType === Dedent) return 'the end of the body';
  return `'${shorten(token.image)}'`;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
