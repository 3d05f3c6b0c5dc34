// CST → AST: one visitor with a method per grammar rule (Chevrotain's `validateVisitor()` checks that
// none is missing). The result is the file's top-level items in source order; program.ts checks their
// structure and assembles the Program.
//
// After a syntax error Chevrotain's recovery leaves nodes with missing children: every method tolerates
// that and returns undefined for an expression it cannot complete (the error has been reported already).
// Operator chains are folded with loops, never recursion, so a long chain cannot overflow the stack.

import type { CstNode, IToken } from 'chevrotain';
import type { BinaryOp, Expr, Param } from './ast.ts';
import type { Span } from './diagnostics.ts';
import { tokenSpan } from './lexer.ts';
import { BaseCstVisitor } from './parser.ts';
import type { SourceText } from './source.ts';

export type Statement =
  | { kind: 'assign'; target: Expr; value: Expr; span: Span }
  | { kind: 'expression'; expr: Expr; span: Span }
  | { kind: 'return'; values: Expr[]; span: Span };

export interface Definition {
  kind: 'def';
  keywordSpan: Span;
  name: string;
  nameSpan: Span;
  params: Param[];
  body: Statement[];
  span: Span;
}

export type TopItem = Definition | Statement;

type Children = Record<string, Array<CstNode | IToken> | undefined>;

/** `-x` and `+x` prefixes and their operand, as they appear in one link of a `**` chain. */
interface Signed {
  minuses: IToken[];
  base: Expr;
}

export interface BuiltAst {
  items: TopItem[];
  complete: boolean;
  /** Parenthesized lists `(a, b)` found anywhere but as the whole of a return: program.ts reports each. */
  strayTuples: Span[];
  /** Chained comparisons `a < b < c` (Python's `a < b and b < c`): program.ts reports each. */
  chainedComparisons: Span[];
}

export function buildAst(cst: CstNode, source: SourceText): BuiltAst {
  const builder = new AstBuilder(source);
  const items = builder.visit(cst) as TopItem[] | undefined;
  return {
    items: items ?? [],
    complete: builder.complete,
    strayTuples: [...builder.tuples.values()].map((t) => t.span),
    chainedComparisons: builder.chains,
  };
}

class AstBuilder extends BaseCstVisitor {
  /** False once some part of the CST could not be turned into AST (possible only after a syntax error). */
  complete = true;
  /**
   * Each parenthesized list built so far, by the expression standing for it (its first item, re-spanned): a
   * return whose whole value is one of them takes its items and removes it; those left are errors.
   */
  readonly tuples = new Map<Expr, { items: Expr[]; span: Span }>();
  readonly chains: Span[] = [];

  constructor(private readonly source: SourceText) {
    super();
    this.validateVisitor();
  }

  program(ctx: Children): TopItem[] {
    return nodes_(ctx.topItem)
      .map((n) => this.visit(n) as TopItem | undefined)
      .filter((item) => item !== undefined);
  }

  topItem(ctx: Children): TopItem | undefined {
    const node = nodes_(ctx.definition)[0] ?? nodes_(ctx.statement)[0];
    return node ? (this.visit(node) as TopItem | undefined) : this.incomplete();
  }

  definition(ctx: Children): Definition | undefined {
    const keyword = tokens(ctx.Def)[0];
    const name = tokens(ctx.Name)[0];
    if (!keyword || !name) return this.incomplete();
    const params = (this.visit(nodes_(ctx.parameters)) as Param[] | undefined) ?? [];
    const body = nodes_(ctx.statement).map((n) => this.visit(n) as Statement | undefined);
    const statements = body.filter((s) => s !== undefined);
    const last = statements.length > 0 ? statements[statements.length - 1].span : tokenSpan(name, this.source);
    const keywordSpan = tokenSpan(keyword, this.source);
    return {
      kind: 'def',
      keywordSpan,
      name: name.image,
      nameSpan: tokenSpan(name, this.source),
      params,
      body: statements,
      span: this.source.join(keywordSpan, last),
    };
  }

  parameters(ctx: Children): Param[] {
    return nodes_(ctx.parameter)
      .map((n) => this.visit(n) as Param | undefined)
      .filter((p) => p !== undefined);
  }

  parameter(ctx: Children): Param | undefined {
    const [name, annotation] = tokens(ctx.Name);
    if (!name) return this.incomplete();
    const param: Param = { name: name.image, span: tokenSpan(name, this.source) };
    if (annotation) param.annotation = { name: annotation.image, span: tokenSpan(annotation, this.source) };
    return param;
  }

  statement(ctx: Children): Statement | undefined {
    const inner = nodes_(ctx.returnStatement)[0] ?? nodes_(ctx.assignment)[0];
    return inner ? (this.visit(inner) as Statement | undefined) : this.incomplete();
  }

  returnStatement(ctx: Children): Statement | undefined {
    const keyword = tokens(ctx.Return)[0];
    if (!keyword) return this.incomplete();
    let values = (this.visit(nodes_(ctx.expressionList)) as Expr[] | undefined) ?? [];
    const tuple = values.length === 1 ? this.tuples.get(values[0]) : undefined;
    if (tuple) {
      // Hero's `return (update, m, v)`: the same as `return update, m, v`.
      this.tuples.delete(values[0]);
      values = tuple.items;
    }
    const start = tokenSpan(keyword, this.source);
    const span = values.length > 0 ? this.source.join(start, values[values.length - 1].span) : start;
    return { kind: 'return', values, span };
  }

  assignment(ctx: Children): Statement | undefined {
    const [left, right] = nodes_(ctx.comparison).map((n) => this.visit(n) as Expr | undefined);
    if (!left) return this.incomplete();
    if (tokens(ctx.Equals).length === 0) return { kind: 'expression', expr: left, span: left.span };
    if (!right) return this.incomplete();
    return { kind: 'assign', target: left, value: right, span: this.source.join(left.span, right.span) };
  }

  expressionList(ctx: Children): Expr[] {
    const exprs = nodes_(ctx.comparison).map((n) => this.visit(n) as Expr | undefined);
    return exprs.filter((e) => e !== undefined);
  }

  comparison(ctx: Children): Expr | undefined {
    const operators = inOrder(tokens(ctx.Compare));
    const result = this.leftFold(nodes_(ctx.expression), operators);
    if (result && operators.length > 1) this.chains.push(result.span);
    return result;
  }

  expression(ctx: Children): Expr | undefined {
    return this.leftFold(nodes_(ctx.term), inOrder([...tokens(ctx.Plus), ...tokens(ctx.Minus)]));
  }

  term(ctx: Children): Expr | undefined {
    return this.leftFold(
      nodes_(ctx.factor),
      inOrder([...tokens(ctx.Star), ...tokens(ctx.Slash), ...tokens(ctx.Percent)]),
    );
  }

  /** `-a ** -b ** c` is `-(a ** -(b ** c))`: fold the links from the right, applying each link's signs. */
  factor(ctx: Children): Expr | undefined {
    const first = this.visit(nodes_(ctx.atom)) as Expr | undefined;
    if (!first) return this.incomplete();
    const links: Signed[] = [{ minuses: tokens(ctx.Minus), base: first }];
    for (const n of nodes_(ctx.powerOperand)) {
      const link = this.visit(n) as Signed | undefined;
      if (!link) return this.incomplete();
      links.push(link);
    }
    const last = links[links.length - 1];
    let result = this.negate(last.minuses, last.base);
    for (let i = links.length - 2; i >= 0; i--) {
      const power: Expr = {
        kind: 'binary',
        op: '**',
        left: links[i].base,
        right: result,
        span: this.source.join(links[i].base.span, result.span),
      };
      result = this.negate(links[i].minuses, power);
    }
    return result;
  }

  powerOperand(ctx: Children): Signed | undefined {
    const base = this.visit(nodes_(ctx.atom)) as Expr | undefined;
    return base ? { minuses: tokens(ctx.Minus), base } : this.incomplete();
  }

  atom(ctx: Children): Expr | undefined {
    const number = tokens(ctx.NumberLiteral)[0];
    if (number)
      return { kind: 'num', value: Number(number.image), text: number.image, span: tokenSpan(number, this.source) };
    const name = tokens(ctx.Name)[0];
    const close = tokens(ctx.RParen)[0];
    if (name) {
      const nameSpan = tokenSpan(name, this.source);
      if (tokens(ctx.LParen).length === 0) return { kind: 'name', name: name.image, span: nameSpan };
      const args = (this.visit(nodes_(ctx.expressionList)) as Expr[] | undefined) ?? [];
      const end = close ? tokenSpan(close, this.source) : (args[args.length - 1]?.span ?? nameSpan);
      return { kind: 'call', callee: name.image, calleeSpan: nameSpan, args, span: this.source.join(nameSpan, end) };
    }
    // A parenthesized expression: the node takes the span of the parentheses around it.
    const open = tokens(ctx.LParen)[0];
    const list = nodes_(ctx.expressionList)[0];
    const items = (this.visit(list) as Expr[] | undefined) ?? [];
    if (items.length === 0 || !open || !close) return this.incomplete();
    const span = this.source.join(tokenSpan(open, this.source), tokenSpan(close, this.source));
    const node = { ...items[0], span };
    // `(a, b)` or `(a,)`: a list, which only a return may hold whole (see returnStatement).
    if (items.length > 1 || tokens(list.children.Comma).length > 0) this.tuples.set(node, { items, span });
    return node;
  }

  private leftFold(operandNodes: CstNode[], operators: IToken[]): Expr | undefined {
    const operands = operandNodes.map((n) => this.visit(n) as Expr | undefined);
    let result = operands[0];
    if (!result) return this.incomplete();
    for (let i = 1; i < operands.length; i++) {
      const right = operands[i];
      const op = operators[i - 1];
      if (!right || !op) return this.incomplete();
      result = {
        kind: 'binary',
        op: op.image as BinaryOp,
        left: result,
        right,
        span: this.source.join(result.span, right.span),
      };
    }
    return result;
  }

  /** Wraps `operand` in one `neg` per minus sign, innermost sign last (unary plus is dropped). */
  private negate(minuses: IToken[], operand: Expr): Expr {
    let result = operand;
    for (const minus of inOrder(minuses).reverse()) {
      result = { kind: 'neg', operand: result, span: this.source.join(tokenSpan(minus, this.source), result.span) };
    }
    return result;
  }

  private incomplete(): undefined {
    this.complete = false;
    return undefined;
  }
}

function tokens(elements: Array<CstNode | IToken> | undefined): IToken[] {
  return (elements ?? []) as IToken[];
}

function nodes_(elements: Array<CstNode | IToken> | undefined): CstNode[] {
  return (elements ?? []) as CstNode[];
}

/** Sorts tokens by source position (Chevrotain groups a node's children by type, not by order). */
function inOrder(tokens: IToken[]): IToken[] {
  // Tokens inserted by error recovery have no position; their order no longer matters then.
  return [...tokens].sort((a, b) => (a.startOffset || 0) - (b.startOffset || 0));
}
