// The driver: parse → lower → simplify(level, math) → target. The math mode reaches constant folding and the
// rewrite rules, not only the targets: under protected math a program simplifies to what protected math
// computes, checked on the example and, as a property, on generated programs against the protected
// interpreter.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbProgram } from '../../compiler/generate.ts';
import { IRBuilder, opCount, type Program } from '../../compiler/ir.ts';
import { lower } from '../../compiler/lower.ts';
import { OPS } from '../../compiler/ops.ts';
import type { Level } from '../../compiler/passes/pass.ts';
import { holdsUnder, rulesAt } from '../../compiler/passes/rewrite.ts';
import { RULES } from '../../compiler/passes/rules.ts';
import { compileProgram, compileSource, optimize } from '../../compiler/pipeline.ts';
import { printProgram } from '../../compiler/print.ts';
import { equivalent } from '../../runtime/equiv.ts';
import { evaluate } from '../../runtime/interp.ts';
import { programOf } from '../fixtures/compile.ts';

const body = (p: Program) =>
  printProgram(p)
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim());

const TINY = programOf('def train(w, g):\n    update = g * (1 / -1e-8)\n    return update\n');

describe('protected math in the simplifier', () => {
  it('folds 1 / -1e-8 with IEEE division only under IEEE math (protected: 1 / (-1e-8 + 1e-8) = Inf, kept)', () => {
    expect(body(optimize(TINY))).toEqual(['update = g * -100000000', 'return update']);
    expect(body(optimize(TINY, { math: 'protected' }))).toEqual(['update = g * (1 / -1e-8)', 'return update']);
    const step = (p: Program) =>
      evaluate(
        p,
        { w: [new Float64Array([0])], g: [new Float64Array([2])], state: [], inputs: [], hypers: [], step: 1 },
        {
          math: 'protected',
        },
      ).update[0][0];
    expect(step(TINY)).toBe(Infinity);
    expect(step(optimize(TINY, { math: 'protected' }))).toBe(Infinity);
  });

  it('reaches the targets: the tfjs step keeps the protected division, WGSL a special (non-literal) constant', () => {
    const tfjs = compileProgram(TINY, 'tfjs', { math: 'protected' });
    expect(tfjs.step).not.toContain('-100000000');
    expect(tfjs.spec.constants).not.toContain(-1e8);
    expect(tfjs.step).toMatch(/tf\.div\(k\d, tf\.add\(k\d, k\d\)\)/);
    expect(compileProgram(TINY, 'tfjs').spec.constants).toContain(-1e8); // the step's k, folded
    const wgsl = compileProgram(TINY, 'wgsl', { math: 'protected' }).code;
    expect(wgsl).not.toContain('-100000000');
  });

  it('a rule over an op protected math redefines does not fire there: x / 1 is x / (1 + 1e-8)', () => {
    const p = programOf('def train(w, g):\n    update = g / 1\n    return update\n');
    expect(body(optimize(p))).toEqual(['return g']);
    expect(body(optimize(p, { math: 'protected' }))).toEqual(['update = g / 1', 'return update']);
  });

  it('rules hold under protected math unless they mention a redefined op (or say they hold there too)', () => {
    const off = RULES.filter((r) => !holdsUnder(r, 'protected')).map((r) => r.name);
    expect(off).toEqual([
      'div-one',
      'div-neg-neg',
      'mean-def',
      'div-self',
      'square-sqrt',
      'div-abs',
      'exp-log',
      'mul-reciprocal',
      'div-reciprocal',
    ]);
    expect(RULES.every((r) => holdsUnder(r, 'ieee'))).toBe(true);
    expect(rulesAt('finite', 'protected').map((r) => r.name)).toContain('sqrt-square');
    const redefined = [...OPS.values()].filter((d) => d.protectedF64).map((d) => d.name);
    expect(redefined).toEqual(['div', 'log', 'log10', 'log2', 'log1p', 'sqrt']);
  });
});

describe.each(['exact', 'finite'] as Level[])('simplify(%s, protected)', (level) => {
  it('agrees with the protected interpreter on generated programs', () => {
    // Hero's ops are the ones protected math changes: weight them in.
    const hero = ['sqrt', 'log', 'log2', 'log10', 'log1p', 'abs', 'exp', 'square', 'sign', 'reciprocal', 'interp'];
    const program = fc.oneof(arbProgram({ hostileNames: false }), arbProgram({ hostileNames: false, ops: hero }));
    fc.assert(
      fc.property(program, fc.integer(), (ast, seed) => {
        const p = lower(ast).program!;
        const q = optimize(p, { level, math: 'protected' });
        const result = equivalent(p, q, { level, math: 'protected', states: true, trials: 6, steps: 3, seed });
        expect(result.kind === 'different' ? result.counterexample : result.kind).toBe('equivalent');
      }),
      { numRuns: 120 },
    );
  });
});

describe('the whole pipeline from source', () => {
  it('gives the target output for a good program and only diagnostics for a bad one', () => {
    const good = compileSource('def train(w, g):\n    return g * (1 / -1e-8)\n', 'f.opt', 'tfjs', {
      math: 'protected',
    });
    expect(good.diagnostics).toEqual([]);
    expect(good.output?.step).toContain('tf.div');
    const bad = compileSource('def train(w, g):\n    return sqr(g)\n', 'f.opt', 'wgsl');
    expect(bad.output).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['E0200']);
  });

  it("level 'none' emits the program as written", () => {
    expect(optimize(TINY, { level: 'none' })).toBe(TINY);
    expect(compileProgram(TINY, 'tfjs', { level: 'none' }).step).toContain('tf.div');
  });
});

describe('long programs', () => {
  // A chain of statements is a path as deep as the program is long: a pass or emitter that recurses along it
  // overflows the stack (the WGSL emitter did at 10,000 statements). 25,000 statements of two ops each make
  // a path of 50,000 nodes, several times what a recursive walk survives.
  it('a 25,000-statement chain goes through simplify, the interpreter and both emitters', () => {
    const b = new IRBuilder();
    const [w, g] = [b.leaf('w', 'tensor'), b.leaf('g', 'tensor')];
    const m = b.leaf('state', 'tensor', { index: 0 });
    const [lr, step] = [b.leaf('hyper', 'scalar', { index: 0 }), b.leaf('step', 'scalar')];
    let x = b.apply('add', [g, m]);
    let s = lr;
    for (let i = 0; i < 25_000; i++) {
      s = b.apply('mul', [s, step], { name: 's' });
      x = b.apply('add', [b.apply('mul', [x, s]), w], { name: 'x' });
    }
    const update = b.apply('div', [x, b.apply('norm', [x])]);
    const signature = { fn: 'train', w: 'w', g: 'g', state: ['m'], inputs: [], hypers: [{ name: 'lr' }] };
    const p: Program = { file: 'chain.opt', signature, nodes: b.nodes, outputs: { update, state: [x] } };
    expect(opCount(optimize(p))).toBe(opCount(p));
    const one = () => [Float64Array.of(1, -2)];
    const run = evaluate(p, { w: one(), g: one(), state: [one()], inputs: [], hypers: [1], step: 1 });
    expect(Math.hypot(...run.update[0])).toBeCloseTo(1, 12);
    expect(compileProgram(p, 'tfjs', { level: 'none' }).step).toContain(`v${update}`);
    expect(compileProgram(p, 'wgsl', { level: 'none' }).code).toContain(`let v${update} = `);
  }, 120_000);
});
