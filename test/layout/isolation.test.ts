// Which test files share a process (test/isolation.ts, read by vitest.config.ts): the ones that reach tfjs, Dawn,
// child processes or a mock get a fresh process each, whether they reach it themselves or through a helper.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolationReason, sharedTestFiles } from '../isolation.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** A tree of the given files (path → text) in a fresh directory; returns its root. */
function tree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'optic-isolation-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('isolation', () => {
  it('isolates the files that reach process-wide state, with the reason', () => {
    expect(isolationReason(ROOT, 'test/semantics/convergence-targets.test.ts')).toMatch(/imports @tensorflow\//);
    expect(isolationReason(ROOT, 'test/targets/wgsl/ops.test.ts')).toMatch(/imports webgpu$/);
    expect(isolationReason(ROOT, 'test/package/package.test.ts')).toBe(
      'test/package/package.test.ts imports node:child_process',
    );
    expect(isolationReason(ROOT, 'test/equiv/early-stop.test.ts')).toBe(
      'test/equiv/early-stop.test.ts changes process-wide state: vi.mock',
    );
    expect(isolationReason(ROOT, 'test/cli/fuzz.test.ts')).toBe(
      'test/cli/fuzz.test.ts changes process-wide state: process.chdir',
    );
  });

  it('shares the grammar, compiler, passes and interpreter tests', () => {
    const shared = sharedTestFiles(ROOT);
    expect(shared).toEqual(expect.arrayContaining(['test/grammar/parse.test.ts', 'test/passes/rules.test.ts']));
    expect(shared).toContain('test/runtime/interp.test.ts');
    expect(shared).not.toContain('test/equiv/early-stop.test.ts');
    expect(shared.every((f) => f.startsWith('test/') && f.endsWith('.test.ts'))).toBe(true);
  });

  it('follows imports through helpers, dynamic imports and cycles', () => {
    const root = tree({
      'test/a.test.ts': "import { x } from './helper.ts';\n",
      'test/helper.ts': "export const x = 1;\nexport const load = () => import('../lib/engine.ts');\n",
      'lib/engine.ts': "import './cycle.ts';\nimport * as tf from '@tensorflow/tfjs-core';\n",
      'lib/cycle.ts': "import './engine.ts';\n",
      'test/b.test.ts': "import { readFileSync } from 'node:fs';\nimport data from './data.json';\nimport './c.ts';\n",
      'test/data.json': '{}',
      'test/c.ts': "import './b.test.ts';\n",
      'test/d.test.ts': "process.env.TZ = 'UTC';\n",
      'test/e.test.ts': "// vi.mock('x') in a comment\nif (process.env.CI === '1') console.log('vi.mock(');\n",
      'test/g.test.ts': 'delete (globalThis as { navigator?: unknown }).navigator;\n',
      'test/f.test.ts': "import './missing.ts';\n",
    });
    expect(isolationReason(root, 'test/a.test.ts')).toBe('lib/engine.ts imports @tensorflow/tfjs-core');
    expect(isolationReason(root, 'test/b.test.ts')).toBeUndefined();
    expect(isolationReason(root, 'test/d.test.ts')).toBe('test/d.test.ts changes process-wide state: process.env.TZ');
    expect(isolationReason(root, 'test/g.test.ts')).toMatch(/^test\/g\.test\.ts changes process-wide state: delete /);
    expect(isolationReason(root, 'test/f.test.ts')).toBe('test/missing.ts is not a file it can read');
    expect(sharedTestFiles(root)).toEqual(['test/b.test.ts', 'test/e.test.ts']);
  });
});
