// Every file in programs/ compiles clean, is in canonical form, and survives `fmt`: formatting is idempotent
// and the formatted text lowers to the same signature and the same IR.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import { format } from '../../grammar/format.ts';

const FILES = ['programs', 'programs/paper'].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.opt'))
    .map((f) => `${dir}/${f}`),
);

/** The one expected warning: Step 3 of the paper returns the slot v that it no longer updates. */
const EXPECTED_WARNINGS: Readonly<Record<string, string[]>> = { 'programs/paper/step3_lion.opt': ['W0002'] };

const strip = (nodes: readonly object[]) => nodes.map(({ span: _span, ...rest }: { span?: unknown }) => rest);

describe('the program library', () => {
  it('has the paper listings and the classic optimizers', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(22);
    for (const name of ['lion', 'adamw', 'paper/step1_adamw', 'paper/program4_discovered'])
      expect(FILES).toContain(`programs/${name}.opt`);
  });

  it.each(FILES)('%s compiles without errors', (file) => {
    const compiled = compileFile(file);
    expect(compiled.program).toBeDefined();
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(EXPECTED_WARNINGS[file] ?? []);
  });

  it.each(FILES)('%s starts with a comment naming its source', (file) => {
    expect(readFileSync(file, 'utf8')).toMatch(/^# \S/);
  });

  it.each(FILES)('%s is in canonical form; formatting is idempotent and keeps the program', (file) => {
    const source = readFileSync(file, 'utf8');
    const original = compile(source, file);
    const formatted = format(original.ast!);
    expect(formatted).toBe(source);
    expect(format(compile(formatted, file).ast!)).toBe(formatted);
    const again = compile(formatted, file);
    expect(again.program!.signature).toEqual(original.program!.signature);
    expect(strip(again.program!.nodes)).toEqual(strip(original.program!.nodes));
  });
});
