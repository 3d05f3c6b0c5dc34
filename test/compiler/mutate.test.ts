// Mutations keep programs well-formed: every child of a generated program or of a program in programs/ passes
// abstract execution, lowers again from its printed text to the same computation, and is the same for a seed.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import { arbIRProgram } from '../../compiler/generate.ts';
import { structuralHash } from '../../compiler/hash.ts';
import { isLeaf, type Program } from '../../compiler/ir.ts';
import { abstractProblems, arbMutant, MUTABLE_OPS, mutate, type MutationKind } from '../../compiler/mutate.ts';
import { HERO_OPS, type OpName } from '../../compiler/ops.ts';
import { fold } from '../../compiler/passes/fold.ts';
import { printProgram } from '../../compiler/print.ts';
import { verify } from '../../compiler/verify.ts';

const PROGRAMS = readdirSync('programs', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.opt'))
  .map((f) => join('programs', f))
  .sort();

const load = (path: string): Program => compileFile(path).program!;

function reparse(text: string): Program {
  const compiled = compile(text, 'mutant.opt');
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.program || errors.length > 0) throw new Error(`${text}\n${errors.map((d) => d.message).join('\n')}`);
  return compiled.program;
}

/** The child verifies, and its printed text lowers back to the same computation (literals folded: `-0.5`). */
function expectWellFormed(child: Program): void {
  expect(abstractProblems(child)).toEqual([]);
  const text = printProgram(child);
  const back = reparse(text);
  expect(verify(back)).toEqual([]);
  expect(structuralHash(fold(back).program), text).toBe(structuralHash(fold(child).program));
}

describe('mutate', () => {
  it('gives well-formed children of generated programs', () => {
    // fc.pre, not .filter: a filtered fc.gen() redraws the same program.
    let [parents, children] = [0, 0];
    fc.assert(
      fc.property(arbIRProgram(), fc.integer(), (parent, seed) => {
        fc.pre(abstractProblems(parent).length === 0);
        const child = mutate(parent, seed);
        parents++;
        if (!child) return;
        children++;
        expectWellFormed(child.program);
      }),
      { numRuns: 300, maxSkipsPerRun: 10 },
    );
    expect(children).toBeGreaterThan(0.9 * parents);
  });

  it.each(PROGRAMS)('gives well-formed children of %s', (path) => {
    const parent = load(path);
    let found = 0;
    for (let seed = 0; seed < 25; seed++) {
      const child = mutate(parent, seed);
      if (!child) continue;
      found++;
      expectWellFormed(child.program);
    }
    expect(found).toBeGreaterThan(20);
  });

  it('is deterministic for a seed, and different seeds give different children', () => {
    const parent = load('programs/paper/step1_adamw.opt');
    const texts = (seed: number) => printProgram(mutate(parent, seed)!.program);
    for (let seed = 0; seed < 10; seed++) expect(texts(seed)).toBe(texts(seed));
    expect(new Set(Array.from({ length: 20 }, (_, seed) => texts(seed))).size).toBeGreaterThan(10);
  });

  it('applies each kind as described: insert adds one op, delete removes one, modify keeps the count', () => {
    const parent = load('programs/paper/step1_adamw.opt');
    const ops = (p: Program) => p.nodes.filter((n) => !isLeaf(n.op)).length;
    const only = (kind: MutationKind) => ({ weights: { insert: 0, delete: 0, modify: 0, [kind]: 1 } });
    for (let seed = 0; seed < 20; seed++) {
      expect(ops(mutate(parent, seed, only('insert'))!.program)).toBe(ops(parent) + 1);
      expect(ops(mutate(parent, seed, only('delete'))!.program)).toBe(ops(parent) - 1);
      const modified = mutate(parent, seed, only('modify'))!.program;
      expect(ops(modified)).toBe(ops(parent));
      expect(structuralHash(modified)).not.toBe(structuralHash(parent));
    }
  });

  it('inserts a statement that assigns a variable (its later readers and the outputs read it) or a new local', () => {
    const parent = reparse(
      'def train(w, g, m):\n    m = interpolate(g, m, 0.9)\n    update = sign(m)\n    return update, m\n',
    );
    const seen = new Set<string>();
    for (let seed = 0; seed < 80; seed++) {
      const child = mutate(parent, seed, { weights: { insert: 1, delete: 0, modify: 0 } })!.program;
      // The inserted constants and op sit together where the child's nodes first differ from the parent's.
      const key = (n: Program['nodes'][number]) => `${n.op}(${n.args})${n.value ?? ''}`;
      const at = child.nodes.findIndex((n, i) => i >= parent.nodes.length || key(n) !== key(parent.nodes[i]));
      const made = child.nodes.slice(at).find((n) => n.op !== 'const')!.id;
      const { update, state } = child.outputs;
      if (made === update) seen.add('update');
      else if (made === state[0]) seen.add('state');
      else if (structuralHash(child) === structuralHash(parent)) seen.add('dead');
      else seen.add('read later');
    }
    expect([...seen].sort()).toEqual(['dead', 'read later', 'state', 'update']);
  });

  it("deletes a statement: its readers read its variable's previous value, else an argument of its type", () => {
    const parent = reparse('def train(w, g):\n    x = g * 2\n    x = sqrt(w)\n    update = x + g\n    return update\n');
    const texts = new Set(
      Array.from({ length: 30 }, (_, seed) => {
        const child = mutate(parent, seed, { weights: { insert: 0, delete: 1, modify: 0 } });
        return child && printProgram(child.program);
      }),
    );
    const program = (...body: string[]) => `def train(w, g):\n${body.map((l) => `    ${l}\n`).join('')}`;
    expect(texts).toEqual(
      new Set([
        program('x = g * 2', 'update = x + g', 'return update'), // sqrt(w) deleted: x is g * 2 again
        program('x = sqrt(w)', 'update = x + g', 'return update'), // x = g * 2 deleted: it was dead
        program('return g'), // x + g deleted: the update is its argument g (x, without g, is redrawn)
      ]),
    );
  });

  it("draws inserted ops from the search space: Hero's by default, or the ops given", () => {
    const parent = load('programs/paper/step1_adamw.opt');
    const inserted = (ops?: OpName[]) =>
      Array.from({ length: 80 }, (_, seed) => {
        const child = mutate(parent, seed, { weights: { insert: 1, delete: 0, modify: 0 }, ...(ops && { ops }) })!;
        const before = new Map<string, number>();
        for (const n of parent.nodes) before.set(n.op, (before.get(n.op) ?? 0) + 1);
        for (const n of child.program.nodes) before.set(n.op, (before.get(n.op) ?? 0) - 1);
        return [...before].find(([op, count]) => count < 0 && op !== 'const')![0];
      });
    const hero = new Set(inserted());
    for (const op of hero) expect(HERO_OPS).toContain(op);
    for (const op of ['clip', 'where', 'lt', 'mod', 'sum', 'mean', 'size'] as const) expect(HERO_OPS).not.toContain(op);
    expect(hero.size).toBeGreaterThan(15);
    expect(new Set(inserted(['sign', 'mul']))).toEqual(new Set(['sign', 'mul']));
    // `optic search --ops all`: beyond Hero's space, never a row or column reduction.
    const all = new Set(inserted([...MUTABLE_OPS]));
    expect([...all].filter((op) => !HERO_OPS.includes(op as OpName)).length).toBeGreaterThan(3);
    for (const op of all) expect(MUTABLE_OPS).toContain(op);
    expect(MUTABLE_OPS.filter((op) => /_(rows|cols)$/.test(op))).toEqual([]);
  });

  it('changes a constant by resampling or by a factor 2^N(0,1), within ±1e10', () => {
    const parent = reparse('def train(w, g):\n    update = g * 0.5\n    return update\n');
    const values = Array.from({ length: 200 }, (_, seed) => {
      const child = mutate(parent, seed, { weights: { insert: 0, delete: 0, modify: 1 } })!.program;
      return child.nodes[child.outputs.update].args.map((a) => child.nodes[a].value).find((v) => v !== undefined);
    }).filter((v): v is number => v !== undefined);
    expect(values.length).toBeGreaterThan(50);
    expect(values.some((v) => v < 0)).toBe(true); // resampled from N(0, 1)
    expect(values.some((v) => v > 0 && v !== 0.5)).toBe(true);
    for (const v of values) expect(Math.abs(v)).toBeLessThanOrEqual(1e10);
  });

  it('redraws a child whose update no longer depends on g, and gives up on a parent with no valid child', () => {
    // Deleting `update = g * 2` leaves the update `2`, a scalar; modifying g to w drops g: both are redrawn.
    const parent = reparse('def train(w, g):\n    update = g * 2\n    return update\n');
    for (let seed = 0; seed < 30; seed++) {
      const child = mutate(parent, seed, { weights: { insert: 0, delete: 1, modify: 1 }, attempts: 20 });
      if (child) expect(abstractProblems(child.program)).toEqual([]);
    }
    const stuck = reparse('def train(w, g):\n    update = w * 2\n    return update\n');
    expect(abstractProblems(stuck)).toContain('the update does not depend on g');
    expect(mutate(stuck, 1, { weights: { insert: 0, delete: 1, modify: 0 }, attempts: 5 })).toBeUndefined();
  });

  it('counts g reaching the update through state as a dependence', () => {
    const viaState = reparse('def train(w, g, m):\n    update = m * 2\n    m = g\n    return update, m\n');
    expect(abstractProblems(viaState)).toEqual([]);
  });

  it('is a fast-check arbitrary that shrinks and replays', () => {
    const parent = load('programs/lion.opt');
    const sample = fc.sample(arbMutant(parent), { seed: 7, numRuns: 3 });
    expect(sample.map((m) => printProgram(m!.program))).toEqual(
      fc.sample(arbMutant(parent), { seed: 7, numRuns: 3 }).map((m) => printProgram(m!.program)),
    );
  });
});
