// `optic fmt`: the canonical text of a program. Defaults first, a blank line, the def with a 4-space body;
// one space around binary operators; the fewest parentheses that keep the tree (Python's precedence and
// associativity, `-x**2` being `-(x**2)`); numbers as written; comments kept where they were, relative to
// the statements (a whole-line comment before the statement that followed it, a trailing comment after its
// statement). Blank lines between statements are kept, at most one. Properties (tested):
// `parse(format(p))` equals `p` but for positions, and format is idempotent on text.

import type { BinaryOp, Comment, Expr, Program } from './ast.ts';
import type { Span } from './diagnostics.ts';
import { childrenOf } from './depth.ts';

const INDENT = '    ';

const BINDING: Record<BinaryOp, number> = {
  '<': 0,
  '<=': 0,
  '>': 0,
  '>=': 0,
  '==': 0,
  '!=': 0,
  '+': 1,
  '-': 1,
  '*': 2,
  '/': 2,
  '%': 2,
  '**': 4,
};

/** Binding strength: a subexpression is parenthesized when it binds more loosely than its context needs. */
function precedence(expr: Expr): number {
  if (expr.kind === 'neg') return 3;
  if (expr.kind !== 'binary') return 5;
  return BINDING[expr.op];
}

export function formatExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'num':
      return expr.text;
    case 'name':
      return expr.name;
    case 'call':
      return `${expr.callee}(${expr.args.map(formatExpression).join(', ')})`;
    case 'neg':
      return `-${operand(expr.operand, precedence(expr.operand) < 3)}`;
    case 'binary': {
      const p = precedence(expr);
      // `**` is right-associative and takes a signed operand on its right (`a ** -b`); comparisons do not
      // associate (`a < b < c` is a chain, E0110); the others are left-associative.
      const [leftParens, rightParens] =
        expr.op === '**'
          ? [precedence(expr.left) <= p, precedence(expr.right) < 3]
          : [precedence(expr.left) < p || (p === 0 && precedence(expr.left) === 0), precedence(expr.right) <= p];
      return `${operand(expr.left, leftParens)} ${expr.op} ${operand(expr.right, rightParens)}`;
    }
  }
}

function operand(expr: Expr, parens: boolean): string {
  return parens ? `(${formatExpression(expr)})` : formatExpression(expr);
}

/** One printed line, with the source lines it came from (0 when it has none), for keeping blank lines. */
interface Line {
  text: string;
  first: number;
  last: number;
  /** The first line of the def's group (its leading comments, then the header): a blank line comes before it. */
  opensDef?: boolean;
  /** The header: no blank line directly after it. */
  isHeader?: boolean;
}

/** A statement-like unit comments attach to. */
interface Anchor {
  /** Source offsets: where the statement starts and ends. */
  start: number;
  end: number;
  text: string;
  indent: string;
  first: number;
  last: number;
  leading: Comment[];
  trailing: Comment[];
  isHeader?: boolean;
}

export function format(program: Program): string {
  const anchors = anchorsOf(program);
  const dangling = attachComments(anchors, program.comments);
  const lines: Line[] = [];
  for (const anchor of anchors) lines.push(...linesOf(anchor));
  for (const c of dangling)
    lines.push({ text: `${c.span.col > 1 ? INDENT : ''}${c.text}`, first: c.span.line, last: c.span.line });
  const out: string[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (prev && ((line.opensDef ?? false) || (!prev.isHeader && line.first > prev.last + 1))) out.push('');
    out.push(line.text);
  });
  return `${out.join('\n')}\n`;
}

function anchorsOf(program: Program): Anchor[] {
  const make = (span: Span, end: number, text: string, indent: string, last: number): Anchor => ({
    start: span.start,
    end,
    text,
    indent,
    first: span.line,
    last,
    leading: [],
    trailing: [],
  });
  const anchors = program.defaults.map((d) => make(d.span, d.span.end, `${d.name} = ${d.text}`, '', d.span.line));
  const params = program.params.map((p) => (p.annotation ? `${p.name}: ${p.annotation.name}` : p.name)).join(', ');
  const ends = program.params.map((p) => p.annotation?.span ?? p.span);
  const headerEnd = Math.max(program.nameSpan.end, ...ends.map((s) => s.end));
  const headerLast = Math.max(program.nameSpan.line, ...ends.map((s) => s.line));
  anchors.push({ ...make(program.span, headerEnd, `def ${program.name}(${params}):`, '', headerLast), isHeader: true });
  for (const s of program.body) {
    anchors.push(
      make(s.span, s.span.end, `${s.target} = ${formatExpression(s.value)}`, INDENT, lastLine(s.value, s.span.line)),
    );
  }
  const values = program.returns.map(formatExpression).join(', ');
  const returnLast = Math.max(program.returnSpan.line, ...program.returns.map((e) => lastLine(e, 0)));
  anchors.push(
    make(program.returnSpan, program.returnSpan.end, values ? `return ${values}` : 'return', INDENT, returnLast),
  );
  return anchors;
}

/**
 * Attaches each comment to an anchor: a trailing one to the statement its line belongs to, a whole-line one
 * to the statement it is in (between the lines of a call split over several) or else the next one.
 * Returns the whole-line comments after the last statement.
 */
function attachComments(anchors: Anchor[], comments: Comment[]): Comment[] {
  const dangling: Comment[] = [];
  for (const c of [...comments].sort((a, b) => a.span.start - b.span.start)) {
    if (c.trailing) {
      const owner = anchors.filter((a) => a.start <= c.span.start).pop() ?? anchors[0];
      owner.trailing.push(c);
    } else {
      const next = anchors.find((a) => a.end > c.span.start);
      if (next) next.leading.push(c);
      else dangling.push(c);
    }
  }
  return dangling;
}

function linesOf(anchor: Anchor): Line[] {
  const lines: Line[] = anchor.leading.map((c) => ({
    text: anchor.indent + c.text,
    first: c.span.line,
    last: c.span.line,
  }));
  const [first, ...more] = anchor.trailing;
  const last = Math.max(anchor.last, ...anchor.trailing.map((c) => c.span.line));
  const text = anchor.indent + anchor.text + (first ? `  ${first.text}` : '');
  lines.push({ text, first: anchor.first, last, isHeader: anchor.isHeader });
  // A statement split over several lines may carry several trailing comments: the others follow it.
  for (const c of more) lines.push({ text: anchor.indent + c.text, first: last, last });
  if (anchor.isHeader) lines[0].opensDef = true;
  return lines;
}

/** The last source line an expression reaches (for blank-line decisions). Expressions are depth-bounded. */
function lastLine(expr: Expr, atLeast: number): number {
  return Math.max(atLeast, expr.span.line, ...childrenOf(expr).map((child) => lastLine(child, atLeast)));
}
