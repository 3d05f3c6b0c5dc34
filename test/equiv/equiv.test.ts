// The fuzz equivalence checker finds what it must (a changed constant, a difference that only shows at
// step 3, x / |x| vs sign(x) at 0 only) and accepts what it must (the finite level, renamed and
// re-represented states), reports signatures it cannot compare, and replays from its seed.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { simplify } from '../../compiler/passes/simplify.ts';
import { equivalent, fingerprint, runCase } from '../../runtime/equiv.ts';
import { evaluate } from '../../runtime/interp.ts';

function program(text: string): Program {
  const compiled = compile(text, 'p.opt');
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
}

const adam = (β2: string) =>
  program(
    `def train(w, g, m, v):\n    m = interpolate(g, m, 0.9)\n    v = interpolate(square(g), v, ${β2})\n    update = m / (sqrt(v) + 1e-8)\n    return update, m, v\n`,
  );

describe('equivalent', () => {
  it('finds a changed constant (β2 = 0.999 vs 0.9999)', () => {
    const r = equivalent(adam('0.999'), adam('0.9999'), { seed: 1 });
    expect(r.kind).toBe('different');
    expect(equivalent(adam('0.999'), adam('0.999'), { seed: 1 }).kind).toBe('equivalent');
  });

  it('finds a difference that appears only at step 3 (state counted differently, same first two updates)', () => {
    const a = program('def train(w, g, n):\n    n = n + 1\n    update = g * max(n - 2, 0)\n    return update, n\n');
    const b = program('def train(w, g, n):\n    n = n + 2\n    update = g * max(n - 4, 0)\n    return update, n\n');
    const r = equivalent(a, b, { seed: 5 });
    if (r.kind !== 'different') throw new Error(r.kind);
    expect(r.counterexample.step).toBe(3);
    expect(r.counterexample.output).toBe('update');
    expect(equivalent(a, b, { seed: 5, steps: 2 }).kind).toBe('equivalent');
  });

  it('finds x / |x| vs sign(x), which differ only at 0, and accepts them at the finite level', () => {
    const a = program(
      'def train(w, g, m):\n    m = interpolate(g, m, 0.9)\n    update = m / abs(m)\n    return update, m\n',
    );
    const b = program(
      'def train(w, g, m):\n    m = interpolate(g, m, 0.9)\n    update = sign(m)\n    return update, m\n',
    );
    const r = equivalent(a, b, { seed: 2 });
    if (r.kind !== 'different') throw new Error(r.kind);
    const { expected, actual } = r.counterexample.mismatch;
    expect([expected, actual].some(Number.isNaN)).toBe(true);
    expect(equivalent(a, b, { seed: 2, level: 'finite', trials: 300 }).kind).toBe('equivalent');
  });

  it('does not count a sign argument within rounding of 0 as a difference', () => {
    // 0.3 − 0.1 − 0.2 = −2.8e-17 in float64: at g = 0.3 one program takes sign(0), the other sign(−2.8e-17).
    const a = program('def train(w, g):\n    update = sign(g - 0.3)\n    return update\n');
    const b = program('def train(w, g):\n    update = sign(g - 0.1 - 0.2)\n    return update\n');
    const at = { w: [[0]], g: [[[0.3]]], inputs: [{}], hypers: {} };
    expect(
      evaluate(a, { w: [new Float64Array(1)], g: [Float64Array.of(0.3)], state: [], inputs: [], hypers: [], step: 1 })
        .update[0][0],
    ).toBe(0);
    expect(
      evaluate(b, { w: [new Float64Array(1)], g: [Float64Array.of(0.3)], state: [], inputs: [], hypers: [], step: 1 })
        .update[0][0],
    ).toBe(-1);
    expect(runCase(a, b, at, {})).toBeUndefined();
    expect(equivalent(a, b, { seed: 4 }).kind).toBe('equivalent');
    // A NaN on one side is never excused: x / |x| (NaN at 0) vs sign(x) (0) is found above.
  });

  it('compares updates only, unless asked: states may be represented differently', () => {
    // h = −m exactly, step after step: the same updates, opposite states.
    const scaled = program('def train(w, g, m):\n    m = m + g\n    update = m\n    return update, m\n');
    const half = program('def train(w, g, h):\n    h = h - g\n    update = -h\n    return update, h\n');
    expect(equivalent(scaled, half, { seed: 1 }).kind).toBe('equivalent');
    const r = equivalent(scaled, half, { seed: 1, states: true });
    expect(r.kind === 'different' && r.counterexample.output).toBe(0);
  });

  it('reports signatures it cannot compare instead of crashing', () => {
    const lion = compileFile('programs/paper/step3_lion.opt').program!;
    const adamLr = compileFile('programs/paper/program3_adamw.opt').program!;
    const r = equivalent(lion, adamLr, { seed: 1 });
    expect(r.kind === 'incompatible' && r.reason).toMatch(/different per-step inputs/);
    const oneSlot = program(
      'def train(w, g, m):\n    m = interpolate(g, m, 0.99)\n    update = sign(interpolate(g, m, 0.9))\n    return update, m\n',
    );
    expect(equivalent(lion, oneSlot, { seed: 1, states: true }).kind).toBe('incompatible');
  });

  it("binds hyperparameters by name: --set, then each program's default, then the other's, then random", () => {
    const withDefault = program('lr = 0.1\ndef train(w, g):\n    return g * lr\n');
    const without = program('def train(w, g):\n    return g * lr\n');
    const other = program('lr = 0.2\ndef train(w, g):\n    return g * lr\n');
    expect(equivalent(withDefault, without, { seed: 1 }).kind).toBe('equivalent');
    expect(equivalent(withDefault, other, { seed: 1 }).kind).toBe('different');
    expect(equivalent(withDefault, other, { seed: 1, hypers: { lr: 0.3 } }).kind).toBe('equivalent');
  });

  it('replays the same counterexample from the same seed', () => {
    const [a, b] = [adam('0.999'), adam('0.99')];
    const first = equivalent(a, b, { seed: 99 });
    expect(JSON.stringify(equivalent(a, b, { seed: 99 }))).toBe(JSON.stringify(first));
  });
});

describe('fingerprint', () => {
  it('is equal for a program and its simplification, or with names changed; differs for another constant', () => {
    const step2 = compileFile('programs/paper/step2_evolved.opt').program!;
    expect(fingerprint(simplify(step2, 'finite').program)).toBe(fingerprint(step2));
    const renamed = program(
      'def train(w, grad, mom, vel):\n    mom = interpolate(grad, mom, 0.9)\n    vel = interpolate(square(grad), vel, 0.999)\n    update = mom / (sqrt(vel) + 1e-8)\n    return update, mom, vel\n',
    );
    expect(fingerprint(renamed)).toBe(fingerprint(adam('0.999')));
    expect(fingerprint(adam('0.9999'))).not.toBe(fingerprint(adam('0.999')));
    expect(fingerprint(adam('0.999'))).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('every program in programs/', () => {
  const files = ['programs', 'programs/paper'].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.opt'))
      .map((f) => `${dir}/${f}`),
  );
  it('finds the programs', () => expect(files.length).toBeGreaterThan(15));
  it.each(files)('%s simplifies to a program equiv accepts against the original, at both levels', (file) => {
    const p = compileFile(file).program!;
    for (const level of ['exact', 'finite'] as const) {
      const r = equivalent(p, simplify(p, level).program, { seed: 11, level, states: true, trials: 60 });
      expect(r.kind === 'different' ? r.counterexample : r.kind, level).toBe('equivalent');
    }
  });
});
