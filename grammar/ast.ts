// The AST: what the parser produces and `optic fmt` prints. A tagged union, one node per syntax form,
// each carrying the span of source it came from. Names are kept exactly as written (Unicode included);
// nothing here is resolved: that is lowering's job (compiler/lower.ts).

import type { Span } from './diagnostics.ts';

export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '**' | ComparisonOp;

export type Expr =
  | { kind: 'num'; value: number; text: string; span: Span }
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'call'; callee: string; calleeSpan: Span; args: Expr[]; span: Span }
  | { kind: 'neg'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span };

export interface Param {
  name: string;
  span: Span;
  /** `w: Params`, as Hero's programs annotate parameters: the annotation's name and span. */
  annotation?: { name: string; span: Span };
}

/** `NAME = EXPR` inside the function body. */
export interface Assign {
  kind: 'assign';
  target: string;
  targetSpan: Span;
  value: Expr;
  span: Span;
}

/**
 * A module-level `NAME = NUMBER` before the `def`: the declared default of a hyperparameter (Python's
 * module globals: a name read in the function and assigned nowhere in it resolves here). The value is a
 * number literal, optionally negated.
 */
export interface Default {
  name: string;
  nameSpan: Span;
  value: number;
  text: string;
  span: Span;
}

/** A `# ...` comment, kept so that `optic fmt` does not lose what the user wrote. */
export interface Comment {
  text: string;
  span: Span;
  /** True when code precedes the comment on its line (`x = 1  # note`): fmt keeps it after that code. */
  trailing?: boolean;
}

export interface Program {
  /** The file name diagnostics use. */
  file: string;
  /** Every comment in the file, in source order (fmt places each by its line). */
  comments: Comment[];
  defaults: Default[];
  /** The function's name as written (the paper always writes `train`). */
  name: string;
  nameSpan: Span;
  params: Param[];
  body: Assign[];
  /** `return update, s1, s2, ...`: the update first, then the state slots. */
  returns: Expr[];
  returnSpan: Span;
  span: Span;
}
