// The program generator: what it promises its users (the formatter's, simplifier's and targets' property
// tests, the search). Every program compiles without errors; the options are respected.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { arbProgram, arbProgramSource } from '../../compiler/generate.ts';
import { HOSTILE_NAMES, UNICODE_NAMES } from '../../compiler/generate-names.ts';
import { CALLABLE } from '../../compiler/ops.ts';
import type { Expr, Program } from '../../grammar/ast.ts';
import { format } from '../../grammar/format.ts';

function calls(program: Program): string[] {
  const found: string[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'call') found.push(e.callee);
    if (e.kind === 'call') e.args.forEach(visit);
    else if (e.kind === 'neg') visit(e.operand);
    else if (e.kind === 'binary') [e.left, e.right].forEach(visit);
  };
  for (const s of program.body) visit(s.value);
  program.returns.forEach(visit);
  return found;
}

function names(program: Program): string[] {
  return [
    ...program.params.map((p) => p.name),
    ...program.body.map((s) => s.target),
    ...program.defaults.map((d) => d.name),
  ];
}

describe('arbProgram', () => {
  test('every generated program compiles without errors', () => {
    fc.assert(
      fc.property(arbProgramSource(), (source) => {
        const errors = compile(source, 'g.opt').diagnostics.filter((d) => d.severity === 'error');
        expect(errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('the shape the language asks for: w and g first, the update then state slots by name', () => {
    fc.assert(
      fc.property(arbProgram({ maxStateSlots: 3 }), (p) => {
        expect(p.params.length).toBeGreaterThanOrEqual(2);
        const slots = p.returns.slice(1).map((e) => (e.kind === 'name' ? e.name : '?'));
        expect(slots.length).toBeLessThanOrEqual(3);
        const order = slots.map((s) => p.params.findIndex((q) => q.name === s));
        expect(order.every((i) => i >= 2)).toBe(true);
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      }),
      { numRuns: 200 },
    );
  });

  test('reductions: false calls only elementwise ops; an op subset is respected', () => {
    fc.assert(
      fc.property(arbProgram({ reductions: false }), (p) => {
        expect(calls(p).filter((c) => CALLABLE.get(c)!.kind !== 'elementwise')).toEqual([]);
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(arbProgram({ ops: ['sign', 'interp', 'norm'] }), (p) => {
        expect(calls(p).filter((c) => !['sign', 'interp', 'norm'].includes(c))).toEqual([]);
        expect(compile(format(p), 'g.opt').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  test('hostileNames: false gives ASCII names only; by default hostile and Unicode names appear', () => {
    fc.assert(
      fc.property(arbProgram({ hostileNames: false }), (p) => {
        for (const name of names(p)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      }),
      { numRuns: 100 },
    );
    const seen = new Set(fc.sample(arbProgram(), 200).flatMap(names));
    expect(HOSTILE_NAMES.some((n) => seen.has(n))).toBe(true);
    expect(UNICODE_NAMES.some((n) => seen.has(n))).toBe(true);
  });

  test('step, declared defaults and reassigned parameters all occur', () => {
    const programs = fc.sample(arbProgram(), 200);
    const sources = programs.map(format);
    expect(sources.some((s) => /\bstep\b/.test(s))).toBe(true);
    expect(programs.some((p) => p.defaults.length > 0)).toBe(true);
    expect(programs.some((p) => p.body.some((s) => p.params.some((q) => q.name === s.target)))).toBe(true);
  });
});
