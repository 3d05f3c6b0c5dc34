// Golden files (TESTING.md "G"): generated code for every program in programs/ (paper/ and tfjs/ included),
// compared exactly with files under a target's golden/ folder, so that a change to an emitter or to the
// simplifier shows up in review as a diff of generated code. `UPDATE_GOLDEN=1` rewrites them; a golden file
// whose program is gone fails the suite.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIRS = ['', 'paper/', 'tfjs/'];

/** One test per program file (`paper/step1_adamw.opt`, …) comparing `generate(file)` with `golden/…ext`. */
export function goldenSuite(
  title: string,
  golden: string,
  ext: string,
  generate: (file: string) => string,
  /** Which programs/ files (`programs/adam.opt`) the target compiles; default all. */
  include: (file: string) => boolean = () => true,
): void {
  const files = DIRS.flatMap((dir) =>
    readdirSync(`programs/${dir}`)
      .filter((f) => f.endsWith('.opt') && include(`programs/${dir}${f}`))
      .map((f) => `${dir}${f}`),
  );
  const goldenOf = (file: string) => `${golden}/${file.replace(/\.opt$/, ext)}`;

  describe(`${title} golden files (UPDATE_GOLDEN=1 rewrites them)`, () => {
    it.each(files)('%s', (file) => {
      const text = generate(file);
      const path = goldenOf(file);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
      expect(text, path).toBe(readFileSync(path, 'utf8'));
    });

    it('has no golden file without its program', () => {
      const stored = DIRS.flatMap((dir) =>
        readdirSync(`${golden}/${dir}`)
          .filter((f) => f.endsWith(ext))
          .map((f) => `${golden}/${dir}${f}`),
      );
      expect(stored.sort()).toEqual(files.map(goldenOf).sort());
    });
  });
}
