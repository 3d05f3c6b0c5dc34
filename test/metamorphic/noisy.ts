// A non-canonical printer: every subexpression in parentheses, random spaces around operators and commas,
// random indentation width. `optic fmt` must turn its output back into the canonical text of the same
// program (the parser and the formatter agree on precedence, associativity and unary minus).

import fc from 'fast-check';
import type { Expr, Program } from '../../grammar/ast.ts';

type Gen = fc.GeneratorValue;

const space = (g: Gen) => g(fc.constantFrom, '', ' ', '  ');

function expr(e: Expr, g: Gen): string {
  switch (e.kind) {
    case 'num':
      return e.text;
    case 'name':
      return e.name;
    case 'neg':
      return `(-${space(g)}${expr(e.operand, g)})`;
    case 'binary':
      return `(${space(g)}${expr(e.left, g)}${space(g)}${e.op}${space(g)}${expr(e.right, g)}${space(g)})`;
    case 'call':
      return `${e.callee}(${e.args.map((a) => space(g) + expr(a, g)).join(`,${space(g)}`)}${space(g)})`;
  }
}

export function noisyFormat(p: Program, g: Gen): string {
  const indent = ' '.repeat(g(fc.integer, { min: 1, max: 8 }));
  return [
    ...p.defaults.map((d) => `${d.name}${space(g)}=${space(g)}${d.text}`),
    `def ${p.name}(${p.params.map((x) => x.name).join(`,${space(g)}`)}):`,
    ...p.body.map((s) => `${indent}${s.target}${space(g)}=${space(g)}${expr(s.value, g)}`),
    `${indent}return ${p.returns.map((e) => expr(e, g)).join(`,${space(g)}`)}`,
    '',
  ].join('\n');
}
