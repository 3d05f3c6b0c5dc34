// The invalid-program generator (compiler/generate-invalid.ts): every mutated program is rejected with at
// least one error of the mutation's code, every diagnostic lies inside the file, and nothing throws.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { arbInvalidProgram, INVALID_MUTATIONS } from '../../compiler/generate-invalid.ts';
import type { Diagnostic } from '../../grammar/diagnostics.ts';

/** Where the span points is a real place in `source`: a line that exists, a column on it (or just past its end). */
function outside(d: Diagnostic, source: string): string | undefined {
  const lines = source.split('\n');
  const { line, col, start, end } = d.span;
  if (!(Number.isInteger(line) && line >= 1 && line <= lines.length)) return `line ${line} of ${lines.length}`;
  if (!(Number.isInteger(col) && col >= 1 && col <= lines[line - 1].length + 1))
    return `column ${col} on a line of ${lines[line - 1].length}`;
  if (!(start >= 0 && start <= end && end <= source.length)) return `offsets ${start}..${end} of ${source.length}`;
  const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  if (start !== lineStart + col - 1) return `offset ${start} is not line ${line}, column ${col}`;
  return undefined;
}

describe('invalid programs', () => {
  it('are rejected with the expected code, positions inside the file, no exception', () => {
    fc.assert(
      fc.property(arbInvalidProgram(), ({ source, code, mutation }) => {
        const { program, diagnostics } = compile(source, 'generated.opt');
        const context = `${mutation} (${code}):\n${source}\n${diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code} ${d.message}`).join('\n')}`;
        expect(program, context).toBeUndefined();
        expect(
          diagnostics.some((d) => d.code === code && d.severity === 'error'),
          context,
        ).toBe(true);
        for (const d of diagnostics) expect(outside(d, source), `${d.code} ${d.message}\n${context}`).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('draws every mutation', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbInvalidProgram(), ({ mutation }) => void seen.add(mutation)),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(Object.keys(INVALID_MUTATIONS).sort());
  });

  it.each(Object.entries(INVALID_MUTATIONS))(
    '%s: its code points at text of the file (ASCII names)',
    (mutation, { code }) => {
      fc.assert(
        fc.property(arbInvalidProgram({ hostileNames: false }, [mutation]), ({ source }) => {
          const { diagnostics } = compile(source, 'generated.opt');
          const hit = diagnostics.find((d) => d.code === code)!;
          expect(hit, source).toBeDefined();
          expect(
            source.slice(hit.span.start, Math.max(hit.span.end, hit.span.start + 1)).trim().length,
            `${code} points at text:\n${source}`,
          ).toBeGreaterThan(0);
        }),
        { numRuns: 20 },
      );
    },
  );
});
