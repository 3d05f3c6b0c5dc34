// The pipeline's properties over random programs: semantics kept at each level (by the fuzz checker),
// idempotent, never more ops, the IR verifier clean after every pass, and dead statements planted at random
// (EMI-style) all removed. Then the paper's programs: what the authors did by hand, where it preserves
// semantics, and nothing else.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import { arbIRProgram, arbProgramSource } from '../../compiler/generate.ts';
import { IRBuilder, opCount, type Program } from '../../compiler/ir.ts';
import { OPS, type OpName } from '../../compiler/ops.ts';
import { simplify } from '../../compiler/passes/simplify.ts';
import { structureKey, type Level } from '../../compiler/passes/pass.ts';
import { printProgram } from '../../compiler/print.ts';
import { verify } from '../../compiler/verify.ts';
import { equivalent } from '../../runtime/equiv.ts';

const verified = { afterPass: (name: string, p: Program) => expect(verify(p), `after ${name}`).toEqual([]) };

describe.each(['exact', 'finite'] as Level[])('simplify at the %s level', (level) => {
  it('keeps semantics, never adds ops, verifies after every pass, and is idempotent', () => {
    fc.assert(
      fc.property(arbIRProgram(), fc.integer(), (p, seed) => {
        const once = simplify(p, level, verified);
        expect(once.ops.after).toBeLessThanOrEqual(once.ops.before);
        expect(opCount(once.program)).toBeLessThanOrEqual(opCount(p));
        expect(opCount(once.program)).toBe(once.ops.after);
        const twice = simplify(once.program, level);
        expect(structureKey(twice.program)).toBe(structureKey(once.program));
        expect(twice.log).toEqual([]);
        const result = equivalent(p, once.program, { level, states: true, trials: 8, steps: 4, seed });
        expect(result.kind === 'different' ? result.counterexample : result.kind).toBe('equivalent');
      }),
      { numRuns: 150 },
    );
  });
});

describe('dead statements', () => {
  it('planted at random, they are all removed', () => {
    const dead = fc.array(
      fc.record({
        at: fc.nat(),
        op: fc.constantFrom<OpName>(...OPS.keys()),
        picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(arbIRProgram(), dead, (p, plants) => {
        const withDead = plant(p, plants);
        // A plant whose argument types have no candidate yet (a reduction at node 0) is not made.
        fc.pre(withDead.nodes.length > p.nodes.length);
        expect(opCount(withDead)).toBe(opCount(p));
        expect(structureKey(simplify(withDead).program)).toBe(structureKey(simplify(p).program));
      }),
      { numRuns: 100 },
    );
  });

  it('overwritten assignments and reassigned parameters go; what is returned stays', () => {
    const source = [
      'def train(w, g, m, v):',
      '    unused = sqrt(g)', // never read
      '    m = g * 2', // overwritten before it is read
      '    g = abs(g)', // a reassigned parameter...
      '    m = interpolate(g, v, 0.9)', // ...read here, so it stays
      '    v = cosh(m)', // returned: live
      '    return m, m, v',
    ].join('\n');
    const { program } = compile(`${source}\n`, 'dead.opt');
    const result = simplify(program!);
    expect(result.log.filter((e) => e.pass === 'dce').map((e) => e.line)).toEqual([2, 3]);
    expect(result.ops).toEqual({ before: 5, after: 3 });
  });
});

/** Inserts ops nobody reads at random places, valid by type, renumbering the rest. */
function plant(p: Program, plants: { at: number; op: OpName; picks: number[] }[]): Program {
  const b = new IRBuilder();
  const map: number[] = [];
  const at = new Map<number, typeof plants>();
  for (const x of plants) at.set(x.at % p.nodes.length, [...(at.get(x.at % p.nodes.length) ?? []), x]);
  p.nodes.forEach((node, i) => {
    map.push(b.copy(node, (a) => map[a]));
    for (const x of at.get(i) ?? []) {
      const def = OPS.get(x.op)!;
      const pool = (t: string) => b.nodes.filter((n) => t === 'any' || n.type === t).map((n) => n.id);
      const args = def.argTypes.map((t, k) => pool(t)[x.picks[k] % pool(t).length]);
      if (args.some((a) => a === undefined)) continue;
      b.apply(x.op, args, { name: 'dead' });
    }
  });
  return {
    ...p,
    nodes: b.nodes,
    outputs: { update: map[p.outputs.update], state: p.outputs.state.map((id) => map[id]) },
  };
}

function load(file: string): Program {
  const compiled = compileFile(file);
  if (!compiled.program) throw new Error(`${file} does not compile`);
  return compiled.program;
}

describe("the paper's programs", () => {
  it('Step 2 at the finite level: the m2 = square(m) … m / m_abs chain becomes sign(m), and nothing else changes', () => {
    const { program, log } = simplify(load('programs/paper/step2_evolved.opt'), 'finite');
    const text = printProgram(program);
    expect(text).toContain('update = sign(m)');
    // Not semantics-preserving, so not done: arcsin and the global clipping stay, the interpolations are not merged.
    expect(text).toContain('g = clip_by_global_norm(g, 1)');
    expect(text).toContain('g = arcsin(g)');
    expect(text).toContain('v = interpolate(g, m, 1.1)');
    expect(log.map((e) => e.message)).toEqual([
      'sqrt-square (finite): m_abs = sqrt(m2) → abs(m)',
      'div-abs (finite): update = m / m_abs → sign(m)',
      'removed m2 = square(m): nothing returned depends on it',
      'removed m_abs = abs(m): nothing returned depends on it',
    ]);
  });

  it('Step 2 at the exact level: nothing is dead, and the sign chain stays (it differs at 0 and past 1e154)', () => {
    const { program, log } = simplify(load('programs/paper/step2_evolved.opt'), 'exact');
    expect(log).toEqual([]);
    expect(printProgram(program)).toContain('update = m / m_abs');
  });

  it('Program 4: m = cosh(update) is live (m is returned); m * m is square(m) exactly, sign(m) only at the finite level', () => {
    const exact = simplify(load('programs/paper/program4_discovered.opt'), 'exact');
    expect(exact.log.map((e) => e.message)).toEqual(['mul-self (exact): m2 = m * m → square(m)']);
    const finite = printProgram(simplify(load('programs/paper/program4_discovered.opt'), 'finite').program);
    expect(finite).toContain('update = sign(m)');
    expect(finite).toContain('m = cosh(update)');
  });
});

describe("over the foundation generator's programs (compiler/generate.ts), hostile names included", () => {
  it.each(['exact', 'finite'] as Level[])(
    '%s: simplified, printed and compiled back, equivalent to the source',
    (level) => {
      fc.assert(
        fc.property(arbProgramSource(), fc.integer(), (source, seed) => {
          const compiled = compile(source, 'generated.opt');
          expect(compiled.program, source).toBeDefined();
          const p = compiled.program!;
          const s = simplify(p, level, verified);
          expect(opCount(s.program)).toBeLessThanOrEqual(opCount(p));
          const printed = printProgram(s.program);
          const back = compile(printed, 'printed.opt');
          expect(
            back.diagnostics.filter((d) => d.severity === 'error'),
            printed,
          ).toEqual([]);
          const result = equivalent(p, back.program!, { level, trials: 6, steps: 3, seed });
          expect(result.kind === 'different' ? { source, printed, ...result.counterexample } : result.kind).toBe(
            'equivalent',
          );
        }),
        { numRuns: 60 },
      );
    },
  );
});

describe('the pipeline', () => {
  const source = (body: string) => compile(`def train(w, g, m, v):\n    ${body.split('\n').join('\n    ')}\n`, 'p.opt');
  const of = (body: string) => source(body).program!;

  it('runs dce, zero-state, fold, rewrite, cse and dce, then rounds without the leading dce until one changes nothing', () => {
    const names: string[] = [];
    const p = of('a = g * w\nb = w * g\nupdate = max(a, b)\nreturn update, m, v');
    const { program, log } = simplify(p, 'exact', { afterPass: (name) => names.push(name) });
    // Round 1: cse merges b into a; round 2: max(a, a) is a; round 3 changes nothing.
    expect(printProgram(program)).toContain('    return a, m, v\n');
    expect(log.map((e) => e.pass)).toEqual(['cse', 'rewrite']);
    const round = ['zero-state', 'fold', 'rewrite', 'cse', 'dce'];
    expect(names).toEqual(['dce', ...round, ...round, ...round]);
  });
});

describe('log lines', () => {
  it('a statement another pass re-created (zero-state here) keeps its line for the passes after it', () => {
    const { log } = simplify(
      compile('def train(w, g, m, v):\n    m = m + v\n    update = g * 1\n    return update, m, v\n', 'p.opt').program!,
    );
    expect(log.map((e) => [e.pass, e.line])).toEqual([
      ['zero-state', undefined],
      ['rewrite', 3],
    ]);
  });
});

describe('structureKey', () => {
  /** The key of a program over w, g and two state slots (ids 0 to 3) whose update `build` makes. */
  const key = (build: (b: IRBuilder) => number, slots = [0, 1]) => {
    const b = new IRBuilder();
    b.leaf('w', 'tensor');
    b.leaf('g', 'tensor');
    for (const index of slots) b.leaf('state', 'tensor', { index });
    const signature = { fn: 'train', w: 'w', g: 'g', state: ['m', 'v'], inputs: [], hypers: [] };
    return structureKey({
      file: 'p.opt',
      signature,
      nodes: b.nodes,
      outputs: { update: build(b), state: [2, 3] },
    });
  };

  it('tells apart constants, signed zeros included, the slot read and the order of arguments; not names', () => {
    const times = (c: number) => key((b) => b.apply('mul', [1, b.constant(c)]));
    expect(times(0)).not.toBe(times(-0));
    expect(times(2)).not.toBe(times(3));
    expect(key((b) => b.apply('sub', [2, 3]))).not.toBe(key((b) => b.apply('sub', [2, 3]), [1, 0]));
    expect(key((b) => b.apply('sub', [0, 1]))).not.toBe(key((b) => b.apply('sub', [1, 0])));
    // Argument lists whose ids run together: [1, 11] and [11, 1] (ids 4 to 11 are a chain of abs).
    const chained = (args: number[]) => (b: IRBuilder) => {
      for (let x = 1, i = 0; i < 8; i++) x = b.apply('abs', [x]);
      return b.apply('sub', args);
    };
    expect(key(chained([1, 11]))).not.toBe(key(chained([11, 1])));
    expect(key((b) => b.apply('abs', [1], { name: 'a' }))).toBe(key((b) => b.apply('abs', [1], { name: 'b' })));
  });
});
