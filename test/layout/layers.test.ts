// The layering rule (STYLE.md practice 13): grammar ← compiler ← runtime engines ← commands, and no import
// cycles. Imports are read with TypeScript's own pre-processor (static, dynamic `import()` and `export … from`),
// so the rule holds for every file of the tree, tests' imports excluded.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['grammar', 'compiler', 'runtime'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Each file's imports of the tree's own files, as paths from the root. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCES.flatMap(sourceFiles)) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const local = info.importedFiles.map((f) => f.fileName).filter((name) => name.startsWith('.'));
    graph.set(
      file,
      local.map((name) => relative(ROOT, resolve(ROOT, dirname(file), name))),
    );
  }
  return graph;
}

/** What each layer may import, by path prefix; the first matching rule applies. */
const RULES: { from: string; may: string[] }[] = [
  { from: 'grammar/', may: ['grammar/'] },
  { from: 'compiler/', may: ['grammar/', 'compiler/'] },
  { from: 'runtime/cli/', may: ['grammar/', 'compiler/', 'runtime/'] },
  { from: 'runtime/', may: ['grammar/', 'compiler/', 'runtime/'] },
];
const FORBIDDEN: { from: string; to: string }[] = [{ from: 'runtime/', to: 'runtime/cli/' }];

function violations(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [file, imports] of graph) {
    const rule = RULES.find((r) => file.startsWith(r.from));
    for (const target of imports) {
      const outside = rule && !rule.may.some((prefix) => target.startsWith(prefix));
      const forbidden = FORBIDDEN.some(
        (f) => file.startsWith(f.from) && !file.startsWith(f.to) && target.startsWith(f.to),
      );
      if (outside || forbidden) out.push(`${file} -> ${target}`);
    }
  }
  return out.sort();
}

/** Every cycle's files, found by Tarjan's strongly connected components (a self-import counts too). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

// What the tree breaks today, to be emptied by issue 8 (a fix removes its line; a new break fails the test).
const KNOWN_VIOLATIONS: string[] = [];
const KNOWN_CYCLES: string[][] = [];

describe('layers', () => {
  const graph = importGraph();

  it('reads the tree', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('compiler/frontend.ts')).toContain('compiler/lower.ts');
  });

  it('grammar imports nothing of ours, compiler only grammar, engines never the command line', () => {
    expect(violations(graph)).toEqual(KNOWN_VIOLATIONS);
  });

  it('has no import cycles', () => {
    expect(cycles(graph).sort()).toEqual(KNOWN_CYCLES);
  });

  it('the checker sees a violation and a cycle when there is one', () => {
    const bad = new Map([
      ['compiler/a.ts', ['runtime/interp.ts', 'compiler/b.ts']],
      ['compiler/b.ts', ['compiler/a.ts']],
      ['runtime/tfjs/x.ts', ['runtime/cli/io.ts']],
    ]);
    expect(violations(bad)).toEqual(['compiler/a.ts -> runtime/interp.ts', 'runtime/tfjs/x.ts -> runtime/cli/io.ts']);
    expect(cycles(bad)).toEqual([['compiler/a.ts', 'compiler/b.ts']]);
  });
});
