// The rewrite driver on its own (compiler/passes/rewrite.ts): how it reads a rule table, applies rules until
// none fits, keeps a rewritten statement's name and line, and logs each rewrite. Each rule's own example and
// properties are in rules.test.ts.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { parsePattern, rewriteWith, rulesAt } from '../../compiler/passes/rewrite.ts';
import type { Rule } from '../../compiler/passes/rules.ts';
import { printProgram } from '../../compiler/print.ts';

function program(body: string): Program {
  const lines = body.split('\n').map((l) => `    ${l}`);
  const compiled = compile(`def train(w, g, m):\n${lines.join('\n')}\n`, 'p.opt');
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
}

/** The body of the rewritten program, and its log as `line: message`. */
function rewritten(body: string, rules: readonly Rule[] = rulesAt('finite')) {
  const { program: out, log } = rewriteWith(program(body), rules);
  const text = printProgram(out).split('\n');
  return {
    body: text.filter((l) => l.startsWith('    ')).map((l) => l.trim()),
    log: log.map((e) => `${e.line}: ${e.message}`),
  };
}

describe('patterns', () => {
  it('read variables, numbers (−0 apart from 0) and nested ops', () => {
    const pattern = parsePattern('(add ?x (negative -0))');
    expect(pattern).toEqual({
      kind: 'op',
      op: 'add',
      args: [
        { kind: 'var', name: 'x' },
        { kind: 'op', op: 'negative', args: [{ kind: 'const', value: -0 }] },
      ],
    });
    // toEqual takes −0 for 0: the sign is checked on its own.
    const zero = pattern.kind === 'op' && pattern.args[1].kind === 'op' ? pattern.args[1].args[0] : undefined;
    expect(zero?.kind === 'const' && Object.is(zero.value, -0)).toBe(true);
  });

  it.each([
    ['', /unexpected end/],
    ['(abs ?x', /unexpected end/],
    [')', /unexpected \)/],
    ['(abs x)', /'x' is not a number or variable/],
    ['(abs ?x) ?y', /trailing tokens/],
  ])('%s is rejected', (text, message) => {
    expect(() => parsePattern(text)).toThrow(message);
  });

  it('a rule whose pattern is a bare variable is rejected', () => {
    const bare: Rule = { name: 'bare', level: 'exact', pattern: '?x', replacement: '?x' };
    expect(() => rewriteWith(program('return g, m'), [bare])).toThrow(/rule bare: a pattern must be an op/);
  });
});

describe('the driver', () => {
  it('logs each rewrite: the rules applied in order, the statement before and after, its line', () => {
    expect(rewritten('update = -g * -g\nreturn update, m').log).toEqual([
      '2: mul-neg-neg (exact), mul-self (exact): update = -g * -g → square(g)',
    ]);
    // An expression inside a statement has no name of its own.
    expect(rewritten('m = m + 1\nupdate = sqrt(g * 1)\nreturn update, m').log).toEqual([
      '3: mul-one (exact): g * 1 → g',
    ]);
  });

  it("keeps a rewritten statement's name and span", () => {
    const p = program('x = -(g - w)\nupdate = x * 2\nreturn update, m');
    const { program: out } = rewriteWith(p, rulesAt('finite'));
    expect(printProgram(out)).toContain('    x = w - g\n');
    const span = p.nodes.find((n) => n.name === 'x')?.span;
    expect(span).toMatchObject({ line: 2 });
    expect(out.nodes.find((n) => n.name === 'x')?.span).toEqual(span);
  });

  it('leaves an op whose replacement would change its type (g · 0 is a tensor, the literal 0 a scalar)', () => {
    expect(rewritten('update = g * 0\nreturn update, m')).toEqual({
      body: ['update = g * 0', 'return update, m'],
      log: [],
    });
    expect(rewritten('update = g * (norm(w) * 0)\nreturn update, m').log).toEqual([
      '2: mul-zero (finite): norm(w) * 0 → 0',
    ]);
  });

  it('stops a rule table that cycles after 16 applications to one op', () => {
    const swap: Rule = { name: 'swap', level: 'exact', pattern: '(add ?x ?y)', replacement: '(add ?y ?x)' };
    const { log } = rewritten('update = g + w\nreturn update, m', [swap]);
    expect(log).toEqual([`2: ${Array(16).fill('swap (exact)').join(', ')}: update = g + w → g + w`]);
  });
});
