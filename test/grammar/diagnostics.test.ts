// How a diagnostic is printed (the hint after the code frame), and the one voice every message and hint
// share: lowercase, no trailing period, one sentence (advice goes in the hint), checked over a corpus of bad
// programs that reaches every code the compiler reports.

import { describe, expect, test } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import { decodeSource } from '../../grammar/parse.ts';
import { CODES, DiagnosticError, error, formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.ts';

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
    expect(new DiagnosticError([hinted]).message).toBe(formatDiagnostic(hinted));
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
    expect(missing).toEqual(['E0400', 'E0401']);
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
