// Every module of grammar/ and compiler/ loads. A module that throws while it loads (a table built wrong at
// import) makes each test file importing it fail at collection, which vitest reports as an error of the file,
// not as a failed test; Stryker's vitest runner counts tests, so it saw such a mutant kill nothing ("survived,
// 0 tests run": results/mutation/README.md). Imported here inside a test, such a break fails a test. The
// engines' modules hold process-wide state and load in a file of their own (engine-modules.test.ts).

import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

const modules = ['grammar', 'compiler'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort(),
);

describe('every module of grammar/ and compiler/', () => {
  it('is found', () => {
    expect(modules).toContain('compiler/ops.ts');
    expect(modules.length).toBeGreaterThan(40);
  });

  // A module of types only exports nothing at run time: loading without throwing is the whole check.
  it.each(modules)('%s loads', async (file) => {
    await expect(import(pathToFileURL(join(ROOT, file)).href)).resolves.toBeTypeOf('object');
  });
});
