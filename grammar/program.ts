// Assembles the Program from the file's top-level items and checks what the permissive grammar lets
// through: one def (E0102, E0107), module-level statements that are hyperparameter defaults (E0108), lists only
// as returns (E0109), unchained comparisons (E0110), a body of
// `NAME = expr` statements ending in a return (E0103, E0104), and expression depth (E0106).

import type { Assign, Comment, Default, Expr, Program } from './ast.ts';
import type { Definition, Statement, TopItem } from './build-ast.ts';
import { error, type Diagnostic, type Span } from './diagnostics.ts';
import { tooDeep, tooDeepMessage } from './depth.ts';

export interface AssemblyInput {
  items: TopItem[];
  /** Parenthesized lists outside a return (build-ast.ts): each is an E0109. */
  strayTuples: Span[];
  /** `a < b < c` (build-ast.ts): each is an E0110. */
  chainedComparisons: Span[];
  file: string;
  comments: Comment[];
  /** Where `def` and `return` keywords occur in the tokens: a def or return the parser could not build is
   * still there, and reporting it missing would only add noise to its syntax error. */
  defKeywords: Span[];
  returnKeywords: Span[];
  fileStart: Span;
}

/** The hint for a file with no def: what a program looks like. */
export const PROGRAM_SHAPE =
  "a program is one function, like 'def train(w, g, m):', with an indented body ending in 'return update, m'";

export function assemble(input: AssemblyInput): { program?: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const item of input.items) checkDepth(item, diagnostics);
  for (const span of input.strayTuples) {
    const message = "a parenthesized list like '(a, b)' can only be what a return returns";
    diagnostics.push(error('E0109', message, span, "optic's values are tensors, not tuples"));
  }
  for (const span of input.chainedComparisons) {
    const message = "comparisons cannot be chained: 'a < b < c' is not '(a < b) < c' here";
    diagnostics.push(error('E0110', message, span, "write '(a < b) * (b < c)' for both at once"));
  }
  const definitions = input.items.filter((item): item is Definition => item.kind === 'def');
  const main = definitions[0];
  for (const extra of definitions.slice(1)) {
    const message = `more than one def: '${main.name}' is already defined at ${main.keywordSpan.line}:${main.keywordSpan.col}`;
    diagnostics.push(
      error('E0107', message, extra.keywordSpan, 'a program is one function: put each optimizer in a file of its own'),
    );
  }
  const defaults = moduleLevel(input.items, main, diagnostics);
  if (!main) {
    if (input.defKeywords.length === 0) {
      diagnostics.push(error('E0102', 'missing def: the file has no function', input.fileStart, PROGRAM_SHAPE));
    }
    return { diagnostics };
  }
  const end = definitions[1]?.keywordSpan.start ?? Infinity;
  const hasReturnKeyword = input.returnKeywords.some((r) => r.start > main.keywordSpan.start && r.start < end);
  const { body, returned } = checkBody(main, hasReturnKeyword, diagnostics);
  if (!returned) return { diagnostics };
  const program: Program = {
    file: input.file,
    comments: input.comments,
    defaults,
    name: main.name,
    nameSpan: main.nameSpan,
    params: main.params,
    body,
    returns: returned.values,
    returnSpan: returned.span,
    span: main.span,
  };
  return { program, diagnostics };
}

/** Statements outside the def: before it they must be defaults `NAME = NUMBER` or `NAME = -NUMBER`. */
function moduleLevel(items: TopItem[], main: Definition | undefined, diagnostics: Diagnostic[]): Default[] {
  const defaults: Default[] = [];
  for (const item of items) {
    if (item.kind === 'def') continue;
    const afterDef = main !== undefined && item.span.start > main.span.start;
    const problem = afterDef ? afterDefProblem(item) : notADefault(item);
    if (problem) diagnostics.push(error('E0108', problem.message, item.span, problem.hint));
    else if (item.kind === 'assign' && item.target.kind === 'name')
      defaults.push(toDefault(item.target, item.value, item.span));
  }
  return defaults;
}

interface Problem {
  message: string;
  hint?: string;
}

function notADefault(item: Statement): Problem | undefined {
  if (item.kind === 'return')
    return { message: "'return' outside the def", hint: "it must be the last statement of the def's body" };
  if (item.kind === 'assign' && item.target.kind === 'name') {
    if (literal(item.value)) return undefined;
    const name = item.target.name;
    const hint = "outside the def only hyperparameter defaults may appear; computations go in the def's body";
    return { message: `the default for '${name}' must be a number, like '${name} = 0.001'`, hint };
  }
  return { message: "only hyperparameter defaults like 'lr = 0.001' may appear outside the def" };
}

function afterDefProblem(item: Statement): Problem {
  if (item.kind === 'return')
    return { message: "'return' outside the def", hint: "indent it to make it part of the def's body" };
  const hint = 'indent it to make it part of the body; hyperparameter defaults go before the def';
  return { message: 'this statement is outside the def', hint };
}

/** A number, or a negated number: the values a default may have. */
function literal(expr: Expr): { value: number; text: string } | undefined {
  if (expr.kind === 'num') return { value: expr.value, text: expr.text };
  if (expr.kind === 'neg' && expr.operand.kind === 'num')
    return { value: -expr.operand.value, text: `-${expr.operand.text}` };
  return undefined;
}

function toDefault(target: Expr & { kind: 'name' }, value: Expr, span: Span): Default {
  const { value: number, text } = literal(value)!;
  return { name: target.name, nameSpan: target.span, value: number, text, span };
}

function checkBody(def: Definition, hasReturnKeyword: boolean, diagnostics: Diagnostic[]) {
  const body: Assign[] = [];
  let returned: (Statement & { kind: 'return' }) | undefined;
  for (const statement of def.body) {
    if (returned) {
      const message = "statement after return: the return must be the last statement of the def's body";
      diagnostics.push(error('E0104', message, statement.span));
      break;
    }
    if (statement.kind === 'return') returned = statement;
    else if (statement.kind === 'expression') {
      const message = "expected an assignment 'NAME = …', found an expression whose value is not used";
      diagnostics.push(error('E0100', message, statement.span));
    } else if (statement.target.kind !== 'name') {
      const message = `the left side of '=' must be a name, found ${describeExpr(statement.target)}`;
      diagnostics.push(error('E0100', message, statement.target.span));
    } else {
      const target = statement.target;
      body.push({
        kind: 'assign',
        target: target.name,
        targetSpan: target.span,
        value: statement.value,
        span: statement.span,
      });
    }
  }
  if (!returned && !hasReturnKeyword) {
    const message = `missing return: the body of '${def.name}' must end with 'return update, …'`;
    diagnostics.push(error('E0103', message, def.nameSpan));
  }
  return { body, returned };
}

function describeExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'num':
      return 'a number';
    case 'call':
      return `a call to '${expr.callee}'`;
    default:
      return 'an expression';
  }
}

function checkDepth(item: TopItem, diagnostics: Diagnostic[]): void {
  const statements = item.kind === 'def' ? item.body : [item];
  for (const statement of statements) {
    const exprs =
      statement.kind === 'return'
        ? statement.values
        : statement.kind === 'assign'
          ? [statement.target, statement.value]
          : [statement.expr];
    for (const expr of exprs) {
      const deep = tooDeep(expr);
      if (deep) diagnostics.push(error('E0106', tooDeepMessage(), deep.span));
    }
  }
}
