// parse(): the paper's listings verbatim, every program in programs/, the AST's shape (precedence,
// defaults, spans), one test per diagnostic code with its line:col, several errors in one file, scale.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Expr } from '../../grammar/ast.ts';
import { MAX_DEPTH } from '../../grammar/depth.ts';
import { parse } from '../../grammar/parse.ts';
import { PAPER_LISTINGS } from '../fixtures/paper.ts';

/** `file:line:col CODE` for each diagnostic, in the order reported. */
const report = (source: string) =>
  parse(source, 'p.opt').diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code}`);

/** An expression as a fully parenthesized string, to check the tree's shape. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return e.text;
    case 'name':
      return e.name;
    case 'neg':
      return `(-${show(e.operand)})`;
    case 'call':
      return `${e.callee}(${e.args.map(show).join(', ')})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

const tree = (expr: string) => {
  const { program, diagnostics } = parse(`def f(w, g):\n    return ${expr}\n`, 'e.opt');
  expect(diagnostics).toEqual([]);
  return show(program!.returns[0]);
};

const SEEDS: Record<string, string> = PAPER_LISTINGS;

describe("Hero's format", () => {
  const returns = (ret: string) => {
    const { program, diagnostics } = parse(`def f(w, g, m):\n  m = g\n  return ${ret}\n`, 'h.opt');
    expect(diagnostics).toEqual([]);
    return program!.returns.map(show);
  };

  test('a parenthesized return is the same list; a parenthesized single value is that value', () => {
    expect(returns('(g * 2, m)')).toEqual(['(g * 2)', 'm']);
    expect(returns('(g * 2, m,)')).toEqual(['(g * 2)', 'm']);
    expect(returns('(g,)')).toEqual(['g']);
    expect(returns('(g + m) * 2, m')).toEqual(['((g + m) * 2)', 'm']);
  });

  test('a parenthesized list anywhere else is E0109', () => {
    expect(report('def f(w, g):\n    u = (g, g) * 2\n    return u\n')).toEqual(['2:9 E0109']);
    expect(report('def f(w, g):\n    return sqrt((g, g))\n')).toEqual(['2:17 E0109']);
    expect(report('def f(w, g):\n    return (g, g) + 1\n')).toEqual(['2:12 E0109']);
  });

  test('annotations are read with their spans', () => {
    const { program } = parse('def f(w: Params, g):\n    return g\n', 'a.opt');
    expect(program!.params.map((p) => [p.name, p.annotation?.name, p.annotation?.span.col])).toEqual([
      ['w', 'Params', 10],
      ['g', undefined, undefined],
    ]);
  });
});

describe('the paper listings', () => {
  test.each(Object.entries(SEEDS))('%s parses verbatim', (_, source) => {
    const { program, diagnostics } = parse(source, 'seed.opt');
    expect(diagnostics).toEqual([]);
    expect(program!.name).toBe('train');
    expect(program!.params.map((p) => p.name).slice(0, 2)).toEqual(['w', 'g']);
    expect(program!.returns.map(show)).toEqual(['update', 'm', 'v']);
    expect(program!.body.length).toBe(source.split('\n').length - 3);
  });

  test('Step 1 in detail: names, calls, spans', () => {
    const { program } = parse(SEEDS['seeds/001 Step 1: Initialize (AdamW)'], 'step1.opt');
    const wd = program!.body[5];
    expect([wd.target, show(wd.value), wd.span.line, wd.span.col, wd.targetSpan.col]).toEqual([
      'wd',
      '(w * λ)',
      7,
      5,
      5,
    ]);
    const [x] = (program!.body[1].value as Extract<Expr, { kind: 'call' }>).args;
    expect([x.span.line, x.span.col, x.span.file]).toEqual([3, 21, 'step1.opt']);
    expect([program!.returnSpan.line, program!.returnSpan.col]).toEqual([10, 5]);
  });
});

describe('programs/', () => {
  const root = fileURLToPath(new URL('../../programs/', import.meta.url));
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.opt')).sort();
  test('the library is there', () => expect(files.length).toBeGreaterThan(20));
  test.each(files)('%s parses without diagnostics', (file) => {
    const { program, diagnostics } = parse(readFileSync(root + file, 'utf8'), file);
    expect(diagnostics).toEqual([]);
    expect(program).toBeDefined();
  });
});

describe('expressions', () => {
  test.each([
    ['a + b * c', '(a + (b * c))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['a * b / c * d', '(((a * b) / c) * d)'],
    ['-x**2', '(-(x ** 2))'],
    ['2**-1', '(2 ** (-1))'],
    ['a ** b ** c', '(a ** (b ** c))'],
    ['a ** -b ** c', '(a ** (-(b ** c)))'],
    ['-a * b', '((-a) * b)'],
    ['a * -b', '(a * (-b))'],
    ['a - -b', '(a - (-b))'],
    ['--a', '(-(-a))'],
    ['+a', 'a'],
    ['-+-a', '(-(-a))'],
    ['(a + b) * c', '((a + b) * c)'],
    ['(-a) ** 2', '((-a) ** 2)'],
    ['m / (sqrt(v) + 1e-8)', '(m / (sqrt(v) + 1e-8))'],
    ['f()', 'f()'],
    ['f(a, b,)', 'f(a, b)'],
    ['interpolate(g, m, 1 - 0.9)', 'interpolate(g, m, (1 - 0.9))'],
    ['.5 + 5. + 1E+3', '((.5 + 5.) + 1E+3)'],
  ])('%s', (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  test('numbers keep their text and value', () => {
    const { program } = parse('def f(w, g):\n    return 1E+3, .5, 5.\n', 'n.opt');
    expect(program!.returns.map((e) => (e.kind === 'num' ? [e.text, e.value] : null))).toEqual([
      ['1E+3', 1000],
      ['.5', 0.5],
      ['5.', 5],
    ]);
  });

  test('a parenthesized expression spans its parentheses', () => {
    const { program } = parse('def f(w, g):\n    return (w + g) * 2\n', 'n.opt');
    const product = program!.returns[0] as Extract<Expr, { kind: 'binary' }>;
    expect([product.left.span.col, product.left.span.end - product.left.span.start]).toEqual([12, 7]);
  });

  test('return values and parameters may end with a comma; a return may be empty (lowering rejects it)', () => {
    const { program, diagnostics } = parse('def f(w, g,):\n    return\n', 'r.opt');
    expect(diagnostics).toEqual([]);
    expect([program!.params.length, program!.returns.length]).toEqual([2, 0]);
  });
});

describe('defaults', () => {
  test("NAME = NUMBER and NAME = -NUMBER before the def, all kept (duplicates are lowering's concern)", () => {
    const { program, diagnostics } = parse(
      'lr = 0.001\nλ = -1e-2\nlr = 3\n\ndef train(w, g):\n    return g * lr * λ\n',
      'd.opt',
    );
    expect(diagnostics).toEqual([]);
    expect(program!.defaults.map((d) => [d.name, d.value, d.text, d.nameSpan.line])).toEqual([
      ['lr', 0.001, '0.001', 1],
      ['λ', -0.01, '-1e-2', 2],
      ['lr', 3, '3', 3],
    ]);
  });

  test('E0108: a default that is not a number, a bare expression, a return outside the def', () => {
    expect(report('lr = 2 * 3\nx + 1\nreturn 1\ndef f(w, g):\n    return g\n')).toEqual([
      '1:1 E0108',
      '2:1 E0108',
      '3:1 E0108',
    ]);
  });

  test('E0108: a module-level statement after the def', () => {
    const { diagnostics } = parse('def f(w, g):\n    u = g\nreturn u\n', 'a.opt');
    expect(diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code}`)).toEqual(['3:1 E0108']);
    expect(diagnostics[0].message).toBe("'return' outside the def");
    expect(diagnostics[0].hint).toBe("indent it to make it part of the def's body");
  });
});

describe('one test per diagnostic code', () => {
  test('E0001 unexpected character', () =>
    expect(report('def f(w, g):\n    u = g @ w\n    return u\n')).toEqual(['2:11 E0001']));
  test('E0002 tabs and spaces mixed', () =>
    expect(report('def f(w, g):\n    u = g\n\treturn u\n')).toEqual(['3:1 E0002']));
  test('E0003 inconsistent indentation', () =>
    expect(report('def f(w, g):\n    u = g\n      return u\n')).toEqual(['3:7 E0003']));
  test('E0004 1e400', () => expect(report('def f(w, g):\n    return g * 1e400\n')).toEqual(['2:16 E0004']));
  test('E0100 reserved word', () =>
    expect(report('def f(w, g):\n    lambda = g\n    return g\n')).toEqual(['2:5 E0100']));
  test('E0100 syntax error, saying what was expected and found', () => {
    const { diagnostics } = parse('def f(w, g):\n    u = g +\n    return u\n', 's.opt');
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.col, d.message])).toEqual([
      ['E0100', 2, 12, "expected an expression after '+', found end of line"],
    ]);
  });
  test("E0100 ')' expected, pointing back at the '('", () => {
    const { diagnostics } = parse('def f(w, g):\n    u = (g w)\n    return u\n', 's.opt');
    expect(diagnostics.map((d) => [d.span.line, d.span.col, d.message])).toEqual([
      [2, 12, "expected ')' to close the '(' at 2:9, found 'w'"],
    ]);
  });
  test('E0100 the left side of = must be a name', () =>
    expect(report('def f(w, g):\n    f(w) = g\n    return g\n')).toEqual(['2:5 E0100']));
  test('E0100 missing colon', () => expect(report('def f(w, g)\n    return g\n')).toEqual(['1:12 E0100']));
  test('E0100 body not indented', () => expect(report('def f(w, g):\nreturn g\n')).toEqual(['2:1 E0100']));
  test('E0101 empty file', () => expect(report('')).toEqual(['1:1 E0101']));
  test('E0101 whitespace and blank lines only', () => expect(report('  \n\n\t\n')).toEqual(['1:1 E0101']));
  test('E0101 comments only', () => {
    const { diagnostics } = parse('# just a note\n\n# another\n', 'c.opt');
    expect(diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code}`)).toEqual(['1:1 E0101']);
    expect(diagnostics[0].message).toContain('only comments');
  });
  test('E0102 no def', () => expect(report('lr = 0.1\n')).toEqual(['1:1 E0102']));
  test('E0103 no return, at the function name', () =>
    expect(report('def train(w, g):\n    u = g\n')).toEqual(['1:5 E0103']));
  test('E0104 statement after return', () =>
    expect(report('def f(w, g):\n    return g\n    u = g\n')).toEqual(['3:5 E0104']));
  test('E0104 a second return', () =>
    expect(report('def f(w, g):\n    return g\n    return w\n')).toEqual(['3:5 E0104']));
  test('E0105 unclosed parenthesis at end of file, at the "("', () => {
    expect(report('def f(w, g):\n    u = sqrt(g\n    return u\n')).toEqual(['2:13 E0105']);
    expect(report('def f(w, g):\n    return (g')).toEqual(['2:12 E0105']);
  });
  test('E0107 a second def', () =>
    expect(report('def f(w, g):\n    return g\ndef h(w, g):\n    return w\n')).toEqual(['3:1 E0107']));

  test('CRLF and lone CR line endings, and a BOM, are fine', () => {
    const lf = 'def f(w, g):\n    u = g\n    return u\n';
    for (const source of [
      lf.replaceAll('\n', '\r\n'),
      lf.replaceAll('\n', '\r'),
      `\uFEFF${lf}`,
      `\uFEFF${lf.replaceAll('\n', '\r\n')}`,
    ]) {
      expect(report(source)).toEqual([]);
    }
  });

  test('a BOM does not count as a column; spans still index the original string', () => {
    const source = '\uFEFFdef f(w, g):\n    return $\n';
    const [d] = parse(source, 'b.opt').diagnostics;
    expect([d.span.line, d.span.col, source.slice(d.span.start, d.span.end)]).toEqual([2, 12, '$']);
    expect(report('\uFEFF$')).toEqual(['1:1 E0001']);
  });

  test('CRLF positions', () => {
    expect(report('def f(w, g):\r\n    u = $\r\n    return u\r\n')).toEqual(['2:9 E0001']);
  });
});

describe('several errors in one file', () => {
  test('are all reported, in source order, one per line', () => {
    const source = [
      'lr = 2 * x', //           1: E0108
      'def train(w, g):',
      '    a = g +', //          3: E0100 (expression expected)
      '    b = $ g', //          4: E0001
      '    c = (a b)', //        5: E0100 (')' expected)
      '    d = 1e400', //        6: E0004
      '    lambda = 1', //       7: E0100 (reserved)
      '    e = = g', //          8: E0100 (only the first error on the line)
      '    return a',
      '    f = 2', //            10: E0104
      'def h(w, g):', //         11: E0107
      '    return w',
      '',
    ].join('\n');
    expect(report(source)).toEqual([
      '1:1 E0108',
      '3:12 E0100',
      '4:9 E0001',
      '5:12 E0100',
      '6:9 E0004',
      '7:5 E0100',
      '8:9 E0100',
      '10:5 E0104',
      '11:1 E0107',
    ]);
  });

  test('errors after an unclosed "(" are not reported: they follow from it', () => {
    expect(report('def f(w, g):\n    u = f(g\n    v = = =\n    return u\n')).toEqual(['2:10 E0105']);
  });
});

describe('nesting depth (E0106) and scale', () => {
  const body = (expr: string) => `def f(w, g):\n    u = ${expr}\n    return u\n`;

  test.each([
    ['2,000 parentheses', `${'('.repeat(2000)}g${')'.repeat(2000)}`, `2:${9 + MAX_DEPTH}`],
    ['10,000 parentheses', `${'('.repeat(10000)}g${')'.repeat(10000)}`, `2:${9 + MAX_DEPTH}`],
    ['10,000 nested calls', `${'f('.repeat(10000)}g${')'.repeat(10000)}`, `2:${10 + 2 * MAX_DEPTH}`],
    ['10,000 unary minuses', `${'-'.repeat(10000)}g`, `2:${9 + MAX_DEPTH}`],
    ['a 10,000-term ** chain', Array(10000).fill('g').join(' ** '), `2:${9 + 5 * (MAX_DEPTH - 1)}`],
    ['a 10,000-term + chain', Array(10000).fill('g').join(' + '), '2:9'],
    ['10,000 unclosed parentheses', `${'('.repeat(10000)}g`, `2:${9 + MAX_DEPTH}`],
  ])('%s: one clean E0106, no stack overflow', (_, expr, at) => {
    const { diagnostics } = parse(body(expr), 'deep.opt');
    const deep = diagnostics.filter((d) => d.code === 'E0106');
    expect(deep.map((d) => `${d.span.line}:${d.span.col}`)).toEqual([at]);
    expect(deep[0].message).toBe(
      `expression nested too deeply: the limit is ${MAX_DEPTH} levels of parentheses, calls and operators`,
    );
  });

  test('an error deep inside the limit is reported without overflowing the stack', () => {
    for (const open of ['(', 'f(', 'f(a, ', '-(']) {
      const n = MAX_DEPTH - 1;
      expect(report(body(`${open.repeat(n)}x y${')'.repeat(n)}`)).map((r) => r.split(' ')[1])).toEqual(['E0100']);
    }
  });

  test(`nesting up to the limit (${MAX_DEPTH}) is fine`, () => {
    const n = MAX_DEPTH - 1;
    expect(report(body(`${'('.repeat(n)}g${')'.repeat(n)}`))).toEqual([]);
    expect(report(body(Array(MAX_DEPTH).fill('g').join(' + ')))).toEqual([]);
  });

  test('20,000 statements parse in linear time', () => {
    const source = (n: number) =>
      `def train(w, g, m):\n${Array.from({ length: n }, (_, i) => `    x${i} = sqrt(g) * ${i} + m\n`).join('')}    return x0, m\n`;
    const time = (n: number) => {
      const text = source(n);
      const start = performance.now();
      const { program } = parse(text, 'big.opt');
      expect(program!.body.length).toBe(n);
      return performance.now() - start;
    };
    time(200); // warm up
    const small = Math.min(time(2000), time(2000));
    const large = time(20000);
    expect(large).toBeLessThan(15000);
    // Ten times the statements: a linear parser takes about ten times as long, a quadratic one a hundred.
    expect(large / small).toBeLessThan(40);
  });
});
