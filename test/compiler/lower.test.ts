// Lowering: the signature of every listing in the papers, the IR's shape (aliases, names, spans, no interning,
// SSA rebinding, constants and their shadowing), scale, and the property that lowering never throws and
// that whatever it produces verifies.

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type * as ast from '../../grammar/ast.ts';
import type { Span } from '../../grammar/diagnostics.ts';
import { compile, compileFile } from '../../compiler/compile.ts';
import { arbProgram, arbProgramSource } from '../../compiler/generate.ts';
import type { Program } from '../../compiler/ir.ts';
import { lower } from '../../compiler/lower.ts';
import { CALLABLE } from '../../compiler/ops.ts';
import { verify } from '../../compiler/verify.ts';
import { PAPER_LISTINGS } from '../fixtures/paper.ts';

function lowered(source: string): Program {
  const { program, diagnostics } = compile(source, 'l.opt');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(verify(program!)).toEqual([]);
  return program!;
}

const codes = (source: string) => compile(source, 'l.opt').diagnostics.map((d) => d.code);

// The listings exactly as the papers print them, under this file's short titles.
const PAPER = {
  'seeds/001 Step 1 (AdamW)': PAPER_LISTINGS['seeds/001 Step 1: Initialize (AdamW)'],
  'seeds/001 Step 2 (evolved)': PAPER_LISTINGS['seeds/001 Step 2: Evolve'],
  'seeds/001 Step 3 (Hero-Lion)': PAPER_LISTINGS['seeds/001 Step 3: Simplify (Hero-Lion)'],
  'seeds/000 Program 3 (AdamW)': PAPER_LISTINGS['seeds/000 Program 3: Initial program (AdamW)'],
  'seeds/000 Program 4 (discovered)': PAPER_LISTINGS['seeds/000 Program 4: Discovered program'],
};

describe('the paper listings', () => {
  const seeds001 = {
    fn: 'train',
    w: 'w',
    g: 'g',
    state: ['m', 'v'],
    inputs: [],
    hypers: [{ name: 'λ' }, { name: 'lr' }],
  };
  const seeds000 = { fn: 'train', w: 'w', g: 'g', state: ['m', 'v'], inputs: ['lr'], hypers: [] };
  const expected: Record<keyof typeof PAPER, { signature: object; warnings: string[] }> = {
    'seeds/001 Step 1 (AdamW)': { signature: seeds001, warnings: [] },
    'seeds/001 Step 2 (evolved)': { signature: seeds001, warnings: [] },
    'seeds/001 Step 3 (Hero-Lion)': { signature: seeds001, warnings: ['W0002'] },
    'seeds/000 Program 3 (AdamW)': { signature: seeds000, warnings: [] },
    'seeds/000 Program 4 (discovered)': { signature: seeds000, warnings: [] },
  };
  for (const [title, source] of Object.entries(PAPER)) {
    test(`${title}: signature, warnings, verified IR`, () => {
      const want = expected[title as keyof typeof PAPER];
      expect(lowered(source).signature).toEqual(want.signature);
      expect(codes(source)).toEqual(want.warnings);
    });
  }

  test('outputs are the last binding of each name (Program 4 reassigns m last with cosh)', () => {
    const p = lowered(PAPER['seeds/000 Program 4 (discovered)']);
    const [m, v] = p.outputs.state.map((id) => p.nodes[id]);
    expect([m.op, m.name, m.span?.line]).toEqual(['cosh', 'm', 12]);
    expect([v.op, v.name]).toEqual(['interpolate', 'v']);
    expect([
      p.nodes[p.outputs.update].op,
      p.nodes[p.outputs.update].name,
      p.nodes[p.outputs.update].span?.line,
    ]).toEqual(['mul', 'update', 13]);
  });

  test('a state slot never assigned is output as its incoming value (Step 3 returns v untouched)', () => {
    const p = lowered(PAPER['seeds/001 Step 3 (Hero-Lion)']);
    expect(p.nodes[p.outputs.state[1]]).toMatchObject({ op: 'state', index: 1, name: 'v' });
  });
});

describe('the IR built', () => {
  test('operators and aliases become op-table ops; every node has a span', () => {
    const p = lowered(
      'def train(w, g):\n    a = -g ** 2\n    b = interp(a, g, 0.5)\n    c = power(b, 3)\n    return c\n',
    );
    expect(p.nodes.filter((n) => !['w', 'g', 'const'].includes(n.op)).map((n) => n.op)).toEqual([
      'pow',
      'negative',
      'interpolate',
      'pow',
    ]);
    expect(p.nodes.every((n) => n.span !== undefined)).toBe(true);
  });

  test('no interning: equal expressions stay separate nodes; unused statements stay', () => {
    const p = lowered('def train(w, g):\n    a = g * 0.9\n    b = g * 0.9\n    unused = exp(w)\n    return a + b\n');
    expect(p.nodes.filter((n) => n.op === 'mul').map((n) => n.name)).toEqual(['a', 'b']);
    expect(p.nodes.filter((n) => n.op === 'const')).toHaveLength(2);
    expect(p.nodes.some((n) => n.op === 'exp' && n.name === 'unused')).toBe(true);
  });

  test('reparameterized parameters are SSA rebinding, and a plain copy makes no node', () => {
    const p = lowered(
      'def train(w, g, m, lr):\n    lr = lr * 0.001\n    g = clip(g, lr)\n    m = g\n    return g * lr, m\n',
    );
    const input = p.nodes.find((n) => n.op === 'input')!;
    const scaled = p.nodes.find((n) => n.op === 'mul' && n.name === 'lr')!;
    expect(scaled.args).toContain(input.id);
    const clipped = p.nodes.find((n) => n.op === 'clip')!;
    expect(clipped.args[1]).toBe(scaled.id);
    expect(p.outputs.state[0]).toBe(clipped.id);
  });

  test('hyperparameters in order of first use, with declared defaults; step is a leaf', () => {
    const p = lowered(
      'b2 = 0.99\nlr = 1e-3\ndef train(w, g):\n    x = g * b1 * b2\n    y = x / (1 - b1 ** step)\n    return y * lr\n',
    );
    expect(p.signature.hypers).toEqual([{ name: 'b1' }, { name: 'b2', default: 0.99 }, { name: 'lr', default: 1e-3 }]);
    expect(p.nodes.filter((n) => n.op === 'hyper').map((n) => [n.name, n.index])).toEqual([
      ['b1', 0],
      ['b2', 1],
      ['lr', 2],
    ]);
    expect(p.nodes.filter((n) => n.op === 'step')).toHaveLength(1);
  });

  test('built-in constants resolve unless a parameter, local or default shadows them', () => {
    const constOf = (p: Program, name: string) => p.nodes.find((n) => n.name === name);
    expect(constOf(lowered('def train(w, g):\n    return g * pi + eps\n'), 'pi')).toMatchObject({
      op: 'const',
      value: Math.PI,
    });
    expect(constOf(lowered('def train(w, g):\n    return g * pi + eps\n'), 'eps')).toMatchObject({
      op: 'const',
      value: 1e-8,
    });
    expect(lowered('def train(w, g, pi):\n    return g * pi\n').signature.inputs).toEqual(['pi']);
    expect(lowered('pi = 3\ndef train(w, g):\n    return g * pi\n').signature.hypers).toEqual([
      { name: 'pi', default: 3 },
    ]);
    const local = lowered('def train(w, g):\n    e = 2\n    return g * e\n');
    expect(local.signature.hypers).toEqual([]);
    expect(local.nodes.find((n) => n.name === 'e')).toMatchObject({ op: 'const', value: 2 });
  });

  test("names that are properties of JavaScript's Object are plain hyperparameters", () => {
    const p = lowered('def train(w, g):\n    return g * constructor + __proto__ * toString + hasOwnProperty\n');
    expect(p.signature.hypers.map((h) => h.name)).toEqual(['constructor', '__proto__', 'toString', 'hasOwnProperty']);
    expect(p.nodes.filter((n) => n.op === 'hyper')).toHaveLength(4);
  });

  test('scalar inputs sit anywhere after g; outputs may be scalars', () => {
    const p = lowered('def train(w, g, lr, m):\n    m = m + g\n    return lr * 2, m\n');
    expect([p.signature.state, p.signature.inputs]).toEqual([['m'], ['lr']]);
    expect(p.nodes[p.outputs.update].type).toBe('scalar');
  });

  test('20,000 statements lower without recursion trouble', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `    x${i + 1} = x${i} * 0.5 + g`).join('\n');
    const p = lowered(`def train(w, g):\n    x0 = g\n${body}\n    return x20000\n`);
    expect(p.nodes[p.outputs.update].name).toBe('x20000');
  });
});

// Arbitrary ASTs, often ill-formed: names mostly from a well-behaved pool, sometimes from one that mixes
// built-in functions, constants, `step` and unknowns; calls mostly with the right arity, sometimes any.
// The parser's depth limit bounds nesting.
const span: Span = { file: 'p.opt', line: 1, col: 1, start: 0, end: 0 };
const TRICKY = ['v', 'step', 'pi', 'sqrt', 'norm', 'clip_by_global_norm', 'interp', 'add', 'nope'];
const arbName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('w', 'g', 'm', 'lr', 'x') },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY) },
);
const OPS_CALLED = [...CALLABLE.entries()];
const arbExpr: fc.Arbitrary<ast.Expr> = fc.letrec<{ e: ast.Expr }>((tie) => {
  const call = (callee: string, args: ast.Expr[]): ast.Expr => ({ kind: 'call', callee, calleeSpan: span, args, span });
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .map((value) => ({ kind: 'num' as const, value, text: String(value), span })),
      arbName.map((name) => ({ kind: 'name' as const, name, span })),
      tie('e').map((operand) => ({ kind: 'neg' as const, operand, span })),
      fc
        .tuple(fc.constantFrom('+', '-', '*', '/', '**') as fc.Arbitrary<ast.BinaryOp>, tie('e'), tie('e'))
        .map(([op, left, right]) => ({ kind: 'binary' as const, op, left, right, span })),
      fc
        .constantFrom(...OPS_CALLED)
        .chain(([callee, def]) =>
          fc.array(tie('e'), { minLength: def.arity, maxLength: def.arity }).map((args) => call(callee, args)),
        ),
      fc
        .tuple(fc.constantFrom(...TRICKY, ...CALLABLE.keys()), fc.array(tie('e'), { maxLength: 3 }))
        .map(([callee, args]) => call(callee, args)),
    ),
  };
}).e;
const nameExpr = (name: string): ast.Expr => ({ kind: 'name', name, span });
const arbAst: fc.Arbitrary<ast.Program> = fc
  .record({
    defaults: fc.array(
      arbName.map((name) => ({ name, nameSpan: span, value: 1, text: '1', span })),
      { maxLength: 2 },
    ),
    params: fc
      .oneof(
        { weight: 3, arbitrary: fc.constant(['w', 'g', 'm', 'lr']) },
        { weight: 1, arbitrary: fc.array(arbName, { maxLength: 5 }) },
      )
      .map((names) => names.map((name) => ({ name, span }))),
    body: fc.array(
      fc
        .record({ target: arbName, value: arbExpr })
        .map(({ target, value }) => ({ kind: 'assign' as const, target, targetSpan: span, value, span })),
      { maxLength: 6 },
    ),
    returns: fc.oneof(
      { weight: 3, arbitrary: arbExpr.map((update) => [update, nameExpr('m')]) },
      { weight: 1, arbitrary: fc.array(arbExpr, { maxLength: 4 }) },
    ),
  })
  .map((p) => ({ ...p, file: 'p.opt', comments: [], name: 'train', nameSpan: span, returnSpan: span, span }));

describe('lowering any AST', () => {
  test('never throws; gives a verified program exactly when there is no error', () => {
    fc.assert(
      fc.property(arbAst, (program) => {
        const { program: ir, diagnostics } = lower(program);
        const failed = diagnostics.some((d) => d.severity === 'error');
        expect(ir === undefined).toBe(failed);
        if (ir) expect(verify(ir)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  test('every generated well-formed program (compiler/generate.ts) lowers without errors and verifies', () => {
    fc.assert(
      fc.property(arbProgram(), (program) => {
        const { program: ir, diagnostics } = lower(program);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(verify(ir!)).toEqual([]);
        expect(ir!.signature.state).toEqual(program.returns.slice(1).map((r) => (r as { name: string }).name));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(arbProgramSource(), (source) => {
        const { program: ir, diagnostics } = compile(source, 'gen.opt');
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(verify(ir!)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  test('the generator reaches both outcomes (the property is not vacuous)', () => {
    const outcomes = fc.sample(arbAst, 2000).map((p) => lower(p).program !== undefined);
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(20);
    expect(outcomes.filter((x) => !x).length).toBeGreaterThan(20);
  });
});

describe('programs/', () => {
  const root = new URL('../../programs/', import.meta.url);
  const files = ['', 'paper/'].flatMap((sub) =>
    readdirSync(new URL(sub, root))
      .filter((f) => f.endsWith('.opt'))
      .map((f) => sub + f),
  );

  test('the library is there', () => expect(files.length).toBeGreaterThan(5));
  for (const file of files) {
    test(`${file} lowers without errors and verifies`, () => {
      const { program, diagnostics } = compileFile(fileURLToPath(new URL(file, root)));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(verify(program!)).toEqual([]);
    });
  }
});
