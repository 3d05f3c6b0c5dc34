// How a diagnostic is printed (the hint after the code frame), and the one voice every message and hint
// share: lowercase, no trailing period, one sentence (advice goes in the hint), checked over a corpus of bad
// programs that reaches every code the compiler reports.

import { describe, expect, test } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import { decodeSource } from '../../grammar/parse.ts';
import { CODES, error, FRAME_WIDTH, formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.ts';

const source = 'def train(w, g):\n    u = sqr(g)\n    return u\n';
const span = { file: 'a.opt', line: 2, col: 9, start: 25, end: 28 };

describe('formatDiagnostic', () => {
  test('head, code frame, then the hint', () => {
    const d = error('E0200', "unknown function 'sqr'", span, "did you mean 'sqrt'?");
    expect(formatDiagnostic(d, source)).toBe(
      [
        "a.opt:2:9: error: unknown function 'sqr' [E0200]",
        '> 2 |     u = sqr(g)',
        '    |         ^^^',
        "  hint: did you mean 'sqrt'?",
      ].join('\n'),
    );
  });

  test('no hint line without a hint; the hint follows the head when there is no source', () => {
    const plain = error('E0200', "unknown function 'sqr'", span);
    expect(plain).not.toHaveProperty('hint');
    expect(formatDiagnostic(plain, source).split('\n')).toHaveLength(3);
    const hinted = error('E0200', "unknown function 'sqr'", span, "did you mean 'sqrt'?");
    expect(formatDiagnostic(hinted)).toBe(
      "a.opt:2:9: error: unknown function 'sqr' [E0200]\n  hint: did you mean 'sqrt'?",
    );
  });
});

describe('code frames show the text as it is, and fit a terminal', () => {
  /** An E0200 at the first `sqr` of the last line of `source`. */
  const at = (source: string) => {
    const start = source.lastIndexOf('sqr');
    const line = source.slice(0, start).split('\n').length;
    const col = start - source.lastIndexOf('\n', start - 1);
    return error('E0200', "unknown function 'sqr'", { file: 'c.opt', line, col, start, end: start + 3 });
  };

  test('terminal control sequences and bidirectional overrides are escaped, the caret still under the name', () => {
    const source = 'def train(w, g):\n    return g * \x1b]0;X\x07 \u202e sqr(g)\n';
    const text = formatDiagnostic(at(source), source);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that none is left
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/u);
    expect(text).toContain('\\x1b]0;X\\x07 \\u{202e} sqr');
    const [, line, caret] = text.split('\n');
    expect(line.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('sqr');
  });

  test('a 1 MB line is clipped around the caret', () => {
    const source = `def train(w, g):\n    return ${'g + '.repeat(125_000)}sqr(g) + ${'g + '.repeat(125_000)}g\n`;
    const [, line, caret] = formatDiagnostic(at(source), source).split('\n');
    expect(line.length).toBeLessThan(FRAME_WIDTH + 20);
    expect(line).toMatch(/^> 2 \| …[ +g]* sqr\(g\) [ +g]*…$/u);
    expect(line.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('sqr');
  });

  test('a U+2028 earlier in the file does not move the frame to another line', () => {
    const source = 'def train(w, g):\n    u = g # \u2028 not a line break for optic\n    return sqr(g)\n';
    expect(formatDiagnostic(at(source), source).split('\n')[1]).toBe('> 3 |     return sqr(g)');
  });
});

const lines = (...xs: string[]) => `${xs.join('\n')}\n`;

/** Bad programs, together reaching every code the compiler reports. */
const CORPUS = [
  'def f(w, g):\n    u = g @ w \\ 2\n    return u\n',
  'def f(w, g):\n    u = g\n\treturn u\n',
  'def f(w, g):\n    u = g\n      return u\n',
  'def f(w, g):\n    u = 1e999 * 1e\n    return u\n',
  '',
  '# only a comment\n',
  'lr = 0.1\n',
  'lr = 2 * 3\nx + 1\nreturn 1\ndef f(w, g):\n    return g\n',
  'def f(w, g):\n    u = g\nreturn u\nx = 1\n',
  'def f(w, g):\n    u = g\n',
  'def f(w, g):\n    return g\n    u = g\n',
  'def f(w, g):\n    u = (g\n',
  'def f(w, g):\n    u = g)\n    return u\n',
  'def f(w, g):\n    g + 1\n    2 = g\n    return g\n',
  `def f(w, g):\n    return ${'('.repeat(200)}g${')'.repeat(200)}\n`,
  'def f(w, g):\n    return g\ndef h(w, g):\n    return g\n',
  'def f(w, g):\n    if = g\n    return g\n',
  lines(
    'lr = 1',
    'lr = 2',
    'step = 3',
    'sqrt = 1',
    'def train(w, g, m, m, step):',
    '    a = sqr(g) * lr',
    '    b = norm(3)',
    '    c = later + 1',
    '    later = interp(g, m)',
    '    sqrt = 2',
    '    d = add(g, g) + frobnicate(g) + m(g) + exp * g',
    '    return a, q',
  ),
  lines(
    'beta = 0.9',
    'def train(w, g, m, v, x):',
    '    lr = lr * 0.1',
    '    m = m + g',
    '    v = v + g',
    '    n = m',
    '    return g, n, v, m, v, m * 2, w, g',
  ),
  lines('def train(w, g, m, v):', '    m = m + g', '    v = v + g', '    return g, v, m'),
  lines('def train(w):', '    return'),
  lines('def train(w, g, m):', '    u = clip_by_global_norm(g, m)', '    return u, m'),
  lines('def train(w, g):', '    return g * m\u200d'),
  lines('def train(weights, grad, g):', '    g = g + grad', '    return grad, g'),
  lines('def train(w, g, lr):', '    unused = g', '    lr = lr * 2', '    return g'),
  lines('def train(w, g):', '    u = (g, g)', '    return u'),
  lines('def train(w, g):', '    return 0 < g < 1'),
  lines('def train(w: Params, g: Tensor, m: Float):', '    m = m + g', '    return g, m'),
];

function corpusDiagnostics(): Diagnostic[] {
  const all = CORPUS.flatMap((text) => compile(text, 'c.opt').diagnostics);
  all.push(...compileFile('/nonexistent/c.opt').diagnostics);
  all.push(...decodeSource(Uint8Array.from([0x64, 0xff]), 'c.opt').diagnostics);
  return all;
}

describe('one voice', () => {
  const all = corpusDiagnostics();

  test('the corpus reaches every code but those of the runner', () => {
    const reached = new Set(all.map((d) => d.code));
    const missing = Object.keys(CODES).filter((c) => !reached.has(c as keyof typeof CODES));
    expect(missing).toEqual(['E0400']);
  });

  test('messages and hints are lowercase, one sentence, without a trailing period', () => {
    const texts = all.flatMap((d) => [d.message, ...(d.hint === undefined ? [] : [d.hint])]);
    expect(texts.length).toBeGreaterThan(40);
    const bad = texts.filter(
      (t) => /^[A-Z][a-z]/.test(t) || /[.;]$/.test(t) || /\. [A-Z]/.test(t) || t.trim() !== t || t === '',
    );
    expect(bad).toEqual([]);
  });
});
