// Bad input of every kind gives diagnostics, never an exception (TESTING.md, "Parser and bad input"):
// arbitrary strings, truncations and one-character mutations of valid programs, token soups. Every
// diagnostic lies inside the file (end of file included) and reads as a sentence, not a token dump.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CODES, type Diagnostic } from '../../grammar/diagnostics.ts';
import { parse } from '../../grammar/parse.ts';
import { PAPER_LISTINGS } from '../fixtures/paper.ts';

const VALID = [
  PAPER_LISTINGS['seeds/001 Step 2: Evolve'],
  `# Adam, with defaults
lr = 0.001
β1 = 0.9
ε = -1e-8

def train(w, g, m, v):  # header
    m = interpolate(g, m, β1)
    v = interpolate(square(g), v, 0.999)
    update = lr * (m / (1 - β1 ** step)) / (sqrt(v) + ε)
    return update, m, v
`,
  'def train(w, g, m):\r\n\tupdate = -g**2 * (w +\r\n\t\t.5)\r\n\treturn update, m,\r\n',
];

/** Checks what every parse must satisfy, whatever the input. */
function checkResult(source: string): void {
  const { program, diagnostics } = parse(source, 'fuzz.opt');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(program === undefined).toBe(errors.length > 0);
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) checkDiagnostic(d, source, lines);
}

function checkDiagnostic(d: Diagnostic, source: string, lines: string[]): void {
  expect(Object.hasOwn(CODES, d.code)).toBe(true);
  expect(d.span.file).toBe('fuzz.opt');
  expect(d.span.line).toBeGreaterThanOrEqual(1);
  expect(d.span.line).toBeLessThanOrEqual(lines.length);
  expect(d.span.col).toBeGreaterThanOrEqual(1);
  expect(d.span.col).toBeLessThanOrEqual(lines[d.span.line - 1].length + 1);
  expect(d.span.start).toBeGreaterThanOrEqual(0);
  expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
  expect(d.span.end).toBeLessThanOrEqual(source.length);
  expect(d.message.length).toBeGreaterThan(0);
  expect(d.message).not.toMatch(/-->|<--|NaN|undefined|\[object/);
}

/** Characters that matter to the lexer and layout, to make mutations and strings likely to hit edge cases. */
const ALPHABET = [
  ...'()\t \n\r:=,+-*/#.$;@\\e0123456789wgmλ_\u00a0\0\uFEFF',
  '**',
  'def',
  'return',
  'lambda',
  '\r\n',
  '    ',
];
const arbChunkString = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((parts) => parts.join(''));

describe('never an exception, always positions inside the file', () => {
  test('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkResult), { numRuns: 200 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), checkResult), { numRuns: 100 });
    fc.assert(fc.property(arbChunkString, checkResult), { numRuns: 500 });
  });

  test('every truncation of a valid program', () => {
    for (const source of VALID) for (let n = 0; n <= source.length; n++) checkResult(source.slice(0, n));
  });

  test('one-character mutations of valid programs', () => {
    const mutation = fc.record({
      source: fc.constantFrom(...VALID),
      at: fc.nat(),
      op: fc.constantFrom('delete', 'insert', 'replace'),
      char: fc.oneof(fc.constantFrom(...ALPHABET), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    });
    fc.assert(
      fc.property(mutation, ({ source, at, op, char }) => {
        const i = at % (source.length + 1);
        const skip = op === 'insert' ? 0 : 1;
        checkResult(source.slice(0, i) + (op === 'delete' ? '' : char) + source.slice(i + skip));
      }),
      { numRuns: 1500 },
    );
  });

  test('token soups', () => {
    const token = fc.oneof(
      fc.constantFrom('def', 'return', 'train', 'w', 'g', 'λ', 'if', '(', ')', ',', ':', '=', '+', '-', '*', '/', '**'),
      fc.constantFrom('\n', '\n    ', '\n\t', '\n  ', '\r\n', '# c\n', '0.9', '1e-8', '.5', '1e400', '1e', '$'),
    );
    const soup = fc
      .array(fc.tuple(token, fc.constantFrom('', ' ')), { maxLength: 80 })
      .map((ts) => ts.map(([t, s]) => t + s).join(''));
    fc.assert(fc.property(soup, checkResult), { numRuns: 1000 });
  });

  test('token soups inside a valid def, and deep or long garbage', () => {
    const line = fc
      .array(fc.constantFrom('u', '=', '(', ')', '-', '**', ',', 'f(', '1', '+'), { maxLength: 400 })
      .map((ts) => ts.join(' '));
    fc.assert(
      fc.property(line, (l) => checkResult(`def train(w, g):\n    u = ${l}\n    return u\n`)),
      { numRuns: 300 },
    );
  });
});
