// decodeSource: UTF-8 bytes → text; a BOM is dropped; invalid bytes are E0005 at the first one's line:col.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeSource } from '../../grammar/parse.ts';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('decodeSource', () => {
  test('valid UTF-8, λ included', () => {
    expect(decodeSource(bytes('wd = w * λ\n'), 'a.opt')).toEqual({ source: 'wd = w * λ\n', diagnostics: [] });
  });

  test('a leading BOM is dropped', () => {
    expect(decodeSource(bytes([0xef, 0xbb, 0xbf], 'x = 1\n'), 'a.opt').source).toBe('x = 1\n');
  });

  test.each([
    ['a stray continuation byte', [0x80], 0x80],
    ['an overlong encoding', [0xc0, 0xaf], 0xc0],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0xed],
    ['a truncated sequence', [0xe2, 0x82], 0xe2],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0xf4],
    ['0xFF', [0xff], 0xff],
  ])('E0005 for %s, at the line and column of the first bad byte', (_, bad, first) => {
    const { source, diagnostics } = decodeSource(bytes('def f(w, g):\n    λ = ', bad, ' g\n'), 'bad.opt');
    expect(source).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.span.file, d.span.line, d.span.col])).toEqual([
      ['E0005', 'bad.opt', 2, 9],
    ]);
    expect(diagnostics[0].message).toContain(`0x${first.toString(16).toUpperCase()}`);
  });

  test('agrees with TextDecoder on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.string({ unit: 'binary' }).map((t) => new TextEncoder().encode(t)),
        ),
        (input) => {
          let valid = true;
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(input);
          } catch {
            valid = false;
          }
          const result = decodeSource(input, 'f.opt');
          expect(result.source !== undefined).toBe(valid);
          expect(result.diagnostics.length).toBe(valid ? 0 : 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
