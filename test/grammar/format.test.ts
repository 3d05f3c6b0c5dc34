// format (optic fmt): canonical spacing and minimal parentheses (input => output, one line each), comments and
// blank lines kept, and the two properties: parse(format(p)) ≡ p for generated programs, and idempotence.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { arbProgram } from '../../compiler/generate.ts';
import type { Program } from '../../grammar/ast.ts';
import { format } from '../../grammar/format.ts';
import { parse } from '../../grammar/parse.ts';

function parsed(source: string): Program {
  const { program, diagnostics } = parse(source, 'f.opt');
  expect(diagnostics).toEqual([]);
  return program!;
}

const fmt = (source: string) => format(parsed(source));

/** The program without positions: what must survive printing and parsing again. */
function shape(program: Program): unknown {
  const positions = new Set(['span', 'nameSpan', 'targetSpan', 'calleeSpan', 'returnSpan', 'file']);
  const stripped = JSON.parse(JSON.stringify(program, (key, value) => (positions.has(key) ? undefined : value)));
  stripped.comments = program.comments.map((c) => c.text).sort();
  // JSON loses -0; the sign of a zero default is part of the program.
  stripped.defaults = program.defaults.map((d) => ({
    ...d,
    nameSpan: undefined,
    span: undefined,
    value: Object.is(d.value, -0) ? '-0' : d.value,
  }));
  return stripped;
}

describe('expressions: input => canonical text', () => {
  test.each([
    ['a+b*c', 'a + b * c'],
    ['(a+b)*c', '(a + b) * c'],
    ['a+(b+c)', 'a + (b + c)'],
    ['(a+b)+c', 'a + b + c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['a*(b/c)', 'a * (b / c)'],
    ['(a*b)/c', 'a * b / c'],
    ['-(x**2)', '-x ** 2'],
    ['(-x)**2', '(-x) ** 2'],
    ['a**(b**c)', 'a ** b ** c'],
    ['(a**b)**c', '(a ** b) ** c'],
    ['2**(-1)', '2 ** -1'],
    ['a**(-b**c)', 'a ** -b ** c'],
    ['a**(b*c)', 'a ** (b * c)'],
    ['a-(-b)', 'a - -b'],
    ['-(-a)', '--a'],
    ['-(a*b)', '-(a * b)'],
    ['(-a)*b', '-a * b'],
    ['+a', 'a'],
    ['((a))', 'a'],
    ['f( a ,b, )', 'f(a, b)'],
    ['m/(sqrt(v)+1e-8)', 'm / (sqrt(v) + 1e-8)'],
    ['1E+3*.5-5.', '1E+3 * .5 - 5.'],
  ])('%s => %s', (input, output) => {
    expect(fmt(`def f(w, g):\n    return ${input}\n`)).toBe(`def f(w, g):\n    return ${output}\n`);
  });
});

describe('programs', () => {
  test('the paper listing: only the double space in "w *  λ" changes', () => {
    const step3 =
      'def train(w, g, m, v):\n    update = interpolate(g, m, 0.9)\n    update = sign(update)\n    m = interpolate(g, m, 0.99)\n    wd = w *  λ\n    update = update + wd\n    update = update * lr\n    return update, m, v\n';
    expect(fmt(step3)).toBe(step3.replace('w *  λ', 'w * λ'));
  });

  test('defaults first, a blank line, the def; layout normalized', () => {
    const source =
      'lr=0.001\nλ = -1e-2\ndef train(w,g,\n   m,):\n  m = interp(g, m,\n      0.9)\n  return m*lr+w*λ, m,';
    expect(fmt(source)).toBe(
      'lr = 0.001\nλ = -1e-2\n\ndef train(w, g, m):\n    m = interp(g, m, 0.9)\n    return m * lr + w * λ, m\n',
    );
  });

  test('comparisons do not associate: a comparison inside one keeps its parentheses', () => {
    const src = 'def f(w, g):\n    return (g < w) == (w >= 1 + g % 2)\n';
    expect(fmt(src)).toBe(src);
    expect(fmt('def f(w, g):\n    return ((g < w)) < 1\n')).toBe('def f(w, g):\n    return (g < w) < 1\n');
  });

  test("Hero's format: annotations kept, the parenthesized return and the two-space indent made optic's", () => {
    const hero =
      'def train(w: Params, m: Params, gradient: Params):\n  m = interpolate(m, gradient, 0.1)\n  return (m, m)\n';
    expect(fmt(hero)).toBe(
      'def train(w: Params, m: Params, gradient: Params):\n    m = interpolate(m, gradient, 0.1)\n    return m, m\n',
    );
  });

  test('comments: whole-line ones before the statement that followed them, trailing ones after their statement', () => {
    const source = [
      '# Lion, with defaults',
      '',
      'lr = 1e-4   # peak',
      '# before the def',
      'def train(w, g, m):  # header',
      '    # the update',
      '    update = interpolate(g, m, 0.9)  # c',
      '',
      '',
      '    m = interpolate(g,   # split',
      '        # inside',
      '        m, 0.99)',
      '    return sign(update) * lr, m',
      '    # after',
      '# end',
      '',
    ].join('\n');
    expect(fmt(source)).toBe(
      [
        '# Lion, with defaults',
        '',
        'lr = 1e-4  # peak',
        '',
        '# before the def',
        'def train(w, g, m):  # header',
        '    # the update',
        '    update = interpolate(g, m, 0.9)  # c',
        '',
        '    # inside',
        '    m = interpolate(g, m, 0.99)  # split',
        '    return sign(update) * lr, m',
        '    # after',
        '# end',
        '',
      ].join('\n'),
    );
  });

  test('CRLF, tabs and a BOM come out as LF, spaces and no BOM', () => {
    expect(fmt('\uFEFFdef f(w, g):\r\n\tu = g\r\n\treturn u\r\n')).toBe('def f(w, g):\n    u = g\n    return u\n');
  });
});

describe('properties', () => {
  test('parse(format(p)) equals p, positions aside, for generated programs', () => {
    fc.assert(
      fc.property(arbProgram(), (program) => {
        const text = format(program);
        const { program: again, diagnostics } = parse(text, 'g.opt');
        expect(diagnostics).toEqual([]);
        expect(shape(again!)).toEqual(shape(program));
      }),
      { numRuns: 300 },
    );
  });

  test('format is idempotent on text', () => {
    fc.assert(
      fc.property(arbProgram({ maxDepth: 5 }), (program) => {
        const once = format(program);
        expect(format(parsed(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  test('idempotent and faithful on hand-written layouts: comments, blank lines, splits', () => {
    const sources = [
      '# a\n\n\n# b\nx = 1 # c\n\n\ndef f(w, g):\n\n    # d\n    u = f(g,  # e\n  # f\n  w)  # g\n\n    return u  # h\n\n# i\n',
      'def f(w, g):\n    return (g +\n  # only\n    w)  # two\n',
      'λ = 1\n# x\ndef f(w, g):\n    return g * λ',
    ];
    for (const source of sources) {
      const program = parsed(source);
      const once = format(program);
      expect(format(parsed(once))).toBe(once);
      expect(shape(parsed(once))).toEqual(shape(program));
    }
  });
});
