// The grammar, as a Chevrotain CstParser (rules as class fields, as in Chevrotain's calculator example).
// It is deliberately more permissive than the language: any statement may appear at module level and the
// left side of '=' is any expression, so that build-ast.ts and program.ts can report precise errors
// (E0108, "the left side of '=' must be a name") instead of a generic "unexpected token".
//
// Unary signs and `**` chains are repetitions, not recursion: only parentheses (bounded by the layout
// pass at MAX_DEPTH) make the parser recurse.

import { CstParser, EOF, type CstNode, type IOrAlt, type IToken } from 'chevrotain';
import { error, type Diagnostic } from './diagnostics.ts';
import {
  allTokens,
  Colon,
  Comma,
  Compare,
  Dedent,
  Def,
  Equals,
  Indent,
  LParen,
  Minus,
  Name,
  Newline,
  NumberLiteral,
  Percent,
  Plus,
  Return,
  RParen,
  Slash,
  Star,
  StarStar,
  tokenSpan,
} from './lexer.ts';
import type { Layout } from './layout.ts';
import { CASCADE, Messages } from './messages.ts';
import type { SourceText } from './source.ts';

class OpticParser extends CstParser {
  constructor(messages: Messages, recoveryEnabled: boolean) {
    super(allTokens, { recoveryEnabled, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  /**
   * The alternatives of each OR, built once per parser rather than on every call (Chevrotain's performance
   * guide, "caching arrays of alternatives"): parsing allocates no closures for them. One array per OR.
   */
  private readonly alternatives = {
    topItem: [{ ALT: () => this.SUBRULE(this.definition) }, { ALT: () => this.SUBRULE(this.statement) }],
    statement: [{ ALT: () => this.SUBRULE(this.returnStatement) }, { ALT: () => this.SUBRULE(this.assignment) }],
    additive: [{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }],
    multiplicative: [
      { ALT: () => this.CONSUME(Star) },
      { ALT: () => this.CONSUME(Slash) },
      { ALT: () => this.CONSUME(Percent) },
    ],
    factorSign: [{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }],
    operandSign: [{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }],
    atom: [
      { ALT: () => this.CONSUME(NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(Name);
          this.OPTION(() => {
            this.CONSUME(LParen);
            this.OPTION2(() => this.SUBRULE(this.expressionList));
            this.CONSUME(RParen);
          });
        },
      },
      // `(x)`, or a parenthesized list `(update, m, v)`: build-ast.ts accepts a list only as the whole of a
      // return (Hero's `return (update, m, v)`) and reports it anywhere else.
      {
        ALT: () => {
          this.CONSUME2(LParen);
          this.SUBRULE2(this.expressionList);
          this.CONSUME2(RParen);
        },
      },
    ],
  } satisfies Record<string, IOrAlt<unknown>[]>;

  program = this.RULE('program', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
    this.CONSUME(EOF);
  });

  // A rule of its own so that the CST keeps definitions and statements in source order.
  topItem = this.RULE('topItem', () => {
    this.OR(this.alternatives.topItem);
  });

  // def NAME(p1, p2, ...):  NEWLINE INDENT statement* DEDENT
  definition = this.RULE('definition', () => {
    this.CONSUME(Def);
    this.CONSUME(Name);
    this.CONSUME(LParen);
    this.OPTION(() => this.SUBRULE(this.parameters));
    this.CONSUME(RParen);
    this.CONSUME(Colon);
    this.CONSUME(Newline);
    this.CONSUME(Indent);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(Dedent);
  });

  parameters = this.RULE('parameters', () => {
    this.SUBRULE(this.parameter);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.parameter);
    });
    this.OPTION(() => this.CONSUME2(Comma));
  });

  // `NAME` or, as Hero's programs write them, `NAME: Annotation` (program.ts checks the annotation).
  parameter = this.RULE('parameter', () => {
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(Colon);
      this.CONSUME2(Name);
    });
  });

  statement = this.RULE('statement', () => {
    this.OR(this.alternatives.statement);
    this.CONSUME(Newline);
  });

  returnStatement = this.RULE('returnStatement', () => {
    this.CONSUME(Return);
    this.OPTION(() => this.SUBRULE(this.expressionList));
  });

  // `target = value`, or a bare expression (an error, reported when the AST is built).
  assignment = this.RULE('assignment', () => {
    this.SUBRULE(this.comparison);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE2(this.comparison);
    });
  });

  // Return values and call arguments: a trailing comma is allowed, as in Python.
  expressionList = this.RULE('expressionList', () => {
    this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.comparison);
    });
    this.OPTION(() => this.CONSUME2(Comma));
  });

  // Lowest precedence: `a < b`, giving 1 or 0. Python chains `a < b < c`; build-ast.ts reports a chain.
  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(Compare);
      this.SUBRULE2(this.expression);
    });
  });

  // + and -, left-associative.
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.OR(this.alternatives.additive);
      this.SUBRULE2(this.term);
    });
  });

  // *, / and %, left-associative.
  term = this.RULE('term', () => {
    this.SUBRULE(this.factor);
    this.MANY(() => {
      this.OR(this.alternatives.multiplicative);
      this.SUBRULE2(this.factor);
    });
  });

  // Python's `u_expr`/`power`: signs, then an atom, then `** operand` links. `-x**2` is `-(x**2)` and the
  // right side of `**` may carry its own signs (`2**-1`). The tree is built right-associatively in build-ast.
  factor = this.RULE('factor', () => {
    this.MANY(() => this.OR(this.alternatives.factorSign));
    this.SUBRULE(this.atom);
    this.MANY2(() => {
      this.CONSUME(StarStar);
      this.SUBRULE(this.powerOperand);
    });
  });

  powerOperand = this.RULE('powerOperand', () => {
    this.MANY(() => this.OR(this.alternatives.operandSign));
    this.SUBRULE(this.atom);
  });

  atom = this.RULE('atom', () => {
    this.OR(this.alternatives.atom);
  });
}

const messages = new Messages();
/** Built once: Chevrotain's grammar analysis is the expensive part; parsing itself reuses the instance. */
const recovering = new OpticParser(messages, true);
let strict: OpticParser | undefined;

/**
 * Chevrotain's error recovery needs a good deal of stack of its own: an error 150 calls deep overflows
 * Node's default stack (measured). Input nested deeper than this is parsed without recovery, so that it
 * reports its first syntax error only, but never crashes. Real programs nest a few levels.
 */
const RECOVERY_DEPTH = 32;

/** The base class build-ast.ts's visitor extends. */
export const BaseCstVisitor = recovering.getBaseCstVisitorConstructor();

export interface SyntaxResult {
  cst: CstNode;
  diagnostics: Diagnostic[];
}

/** Parses the layout pass's tokens. Chevrotain's recovery keeps going after an error, so all are reported. */
export function parseTokens(laid: Layout, source: SourceText): SyntaxResult {
  const parser = laid.maxNesting <= RECOVERY_DEPTH ? recovering : (strict ??= new OpticParser(messages, false));
  messages.begin(laid.openers, source);
  parser.input = laid.tokens;
  const cst = parser.program();
  const diagnostics: Diagnostic[] = [];
  const cascades: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const e of parser.errors) {
    const token: IToken = e.token;
    // After a '(' that is never closed, every error is a consequence of E0105.
    if (laid.unclosedAt !== undefined && !(token.startOffset <= laid.unclosedAt)) continue;
    const span = tokenSpan(token, source);
    if (seen.has(span.start)) continue; // one error per place: recovery can fail twice on one token
    seen.add(span.start);
    const diagnostic = error('E0100', e.message === CASCADE ? 'unexpected end of file' : e.message, span);
    (isCascade(e.message, token) ? cascades : diagnostics).push(diagnostic);
  }
  messages.end();
  parser.input = [];
  // A cascade is reported only if it is the sole error, so that no syntax error goes unreported.
  return { cst, diagnostics: diagnostics.length > 0 ? diagnostics : cascades.slice(0, 1) };
}

/**
 * Errors that follow from an earlier one. The layout pass makes an INDENT only after a line ending in ':'
 * (or a def line), which is right only for a def header, so an INDENT or DEDENT where the parser does not
 * expect one means an earlier line was already wrong (`x = 1:` followed by an indented line).
 */
function isCascade(message: string, token: IToken): boolean {
  return message === CASCADE || token.tokenType === Indent || token.tokenType === Dedent;
}
