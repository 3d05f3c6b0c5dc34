// Each classic optimizer in programs/ against the same formulas written out by hand (reference.ts): seven
// steps over a small "model" of several tensors (one empty, one starting at zero weights, one that gets a
// zero gradient at step 3), comparing the update, the weights and every state slot after each step in
// float64. Hyperparameters that default to 0 are also run non-zero, so that every term is exercised.

import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { Interpreter } from '../../runtime/interpreter.ts';
import { mulberry32 } from '../../runtime/random.ts';
import { REFERENCE, type Hypers } from './reference.ts';

const RTOL = 1e-12;
const STEPS = 7;
const SIZES = [6, 3, 1, 0];

function load(name: string): Program {
  const compiled = compileFile(`programs/${name}.opt`);
  expect(compiled.diagnostics).toEqual([]);
  return compiled.program!;
}

const random = mulberry32;

function model(seed: number) {
  const next = random(seed);
  const tensor = (n: number) => Float64Array.from({ length: n }, () => 2 * next() - 1);
  const w = SIZES.map(tensor);
  w[2].fill(0);
  const grads = Array.from({ length: STEPS }, (_, step) =>
    SIZES.map((n, k) => (step === 2 && k === 1 ? new Float64Array(n) : tensor(n))),
  );
  return { w, grads };
}

function expectClose(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= RTOL * Math.abs(expected[i]) || Object.is(actual[i], expected[i]);
    if (!ok) expect.fail(`${what}[${i}]: program ${actual[i]}, by hand ${expected[i]}`);
  }
}

function defaults(program: Program): Record<string, number> {
  return Object.fromEntries(program.signature.hypers.map((h) => [h.name, h.default!]));
}

function compare(name: string, overrides: Hypers, seed: number): void {
  const program = load(name);
  const hypers = { ...defaults(program), ...overrides };
  const { w, grads } = model(seed);
  const run = new Interpreter(program, w, { hypers });
  const byHand = {
    w: w.map((t) => Float64Array.from(t)),
    // [tensor][slot], each as the interpreter holds it (a rows slot of a vector is one number).
    state: SIZES.map((_, k) => run.state.map((slot) => new Float64Array(slot[k].length))),
  };
  for (let t = 1; t <= STEPS; t++) {
    const out = run.step(grads[t - 1]);
    SIZES.forEach((_, k) => {
      const update = REFERENCE[name](byHand.w[k], grads[t - 1][k], byHand.state[k], t, hypers);
      for (let i = 0; i < update.length; i++) byHand.w[k][i] -= update[i];
      const where = `${name} step ${t} tensor ${k}`;
      expectClose(out.update[k], update, `${where} update`);
      expectClose(run.w[k], byHand.w[k], `${where} w`);
      program.signature.state.forEach((slot, s) =>
        expectClose(run.state[s][k], byHand.state[k][s], `${where} ${slot}`),
      );
    });
  }
}

const CASES: ReadonlyArray<readonly [string, Hypers]> = [
  ['sgd', {}],
  ['sgd', { λ: 0.01 }],
  ['momentum', {}],
  ['momentum', { λ: 0.01 }],
  ['nesterov', {}],
  ['nesterov', { λ: 0.01 }],
  ['adagrad', {}],
  ['adagrad', { λ: 0.01, lr_decay: 0.1 }],
  ['rmsprop', {}],
  ['rmsprop', { λ: 0.01 }],
  ['adam', {}],
  ['adam', { λ: 0.01 }],
  ['adamw', {}],
  ['lion', {}],
  ['signsgd', {}],
  ['signum', {}],
  ['amsgrad', {}],
  ['amsgrad', { λ: 0.01 }],
  ['adabelief', {}],
  ['adabelief', { ε: 1e-8 }],
  ['nadam', {}],
  ['nadam', { λ: 0.01 }],
  ['radam', {}],
  ['radam', { λ: 0.01, β2: 0.99 }],
  ['lars', {}],
  ['lars', { η: 0.02, λ: 0 }],
  ['lamb', {}],
  ['lamb', { λ: 0 }],
  ['adafactor', {}],
  ['adafactor_unfactored', {}],
  ['lookahead_adam', {}],
  ['lookahead_adam', { k: 3, α: 0.8 }],
  ['cautious_adamw', {}],
  ['cautious_adamw', { λ: 0, μ: 0.5 }],
  ['cautious_lion', {}],
  ['cautious_lion', { μ: 0.9 }],
  ['adopt', {}],
  ['adopt', { β2: 0.5, ε: 0.1 }],
  ['adan', {}],
  ['adan', { λ: 0 }],
];

describe('classic optimizers match their formulas written out by hand', () => {
  it.each(CASES)('%s %o', (name, overrides) => {
    for (const seed of [1, 2]) compare(name, overrides, seed);
  });

  it('covers every classic program in programs/', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync('programs')
      .filter((f) => f.endsWith('.opt'))
      .map((f) => f.slice(0, -4));
    expect(new Set(CASES.map(([name]) => name))).toEqual(new Set(files));
  });
});

describe('the branch-free selectors pick both branches within seven steps', () => {
  it("radam's ρ_t crosses 4 (with β2 = 0.999 at step 5)", () => {
    const ρ = (t: number, β2 = 0.999) => 2 / (1 - β2) - 1 - (2 * t * β2 ** t) / (1 - β2 ** t);
    expect(ρ(4)).toBeLessThan(4);
    expect(ρ(5)).toBeGreaterThan(4);
  });
});
