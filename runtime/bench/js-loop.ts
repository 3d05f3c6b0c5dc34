// The one-core floor: AdamW, Adam and Lion written as plain loops over Float32Array, one pass over the
// elements per step, the per-step scalars (bias corrections) computed once in float64. What a compiled
// step on this machine's CPU should at least match. A program gets the loop of the formula it is equivalent
// to (runtime/equiv.ts), with its own hyperparameter values, read by the names the formula's file uses.

import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { equivalent } from '../equiv.ts';
import { hyperSpec, hyperValues, type HyperValues } from '../hypers.ts';
import { shipped } from '../root.ts';

export type LoopKind = 'adamw' | 'adam' | 'lion';

/** The program whose formula each loop writes out; its hyperparameter names are the loop's. */
export const LOOP_FORMULAS: Readonly<Record<LoopKind, string>> = {
  adamw: 'programs/adamw.opt',
  adam: 'programs/tfjs/adam.opt',
  lion: 'programs/lion.opt',
};

/** The loop `program` is equivalent to, if any. */
export function loopKind(program: Program): LoopKind | undefined {
  return (Object.keys(LOOP_FORMULAS) as LoopKind[]).find((kind) => {
    const formula = compileFile(shipped(LOOP_FORMULAS[kind])).program!;
    const same = (a: Program, b: Program) =>
      a.signature.state.length === b.signature.state.length &&
      a.signature.hypers.every((h) => b.signature.hypers.some((k) => k.name === h.name));
    return (
      same(program, formula) &&
      same(formula, program) &&
      equivalent(program, formula, { steps: 3, trials: 20, seed: 1, states: true }).kind === 'equivalent'
    );
  });
}

type Hypers = Record<string, number>;
type Step = (w: Float32Array, g: Float32Array, s: Float32Array[], h: Hypers, t: number) => void;

const STEPS: Readonly<Record<LoopKind, Step>> = {
  adamw(w, g, [m, v], h, t) {
    const [b1, b2, eps, lam, lr] = [h.β1, h.β2, h.ε, h.λ, h.lr];
    const [c1, c2] = [1 - b1 ** t, 1 - b2 ** t];
    for (let i = 0; i < w.length; i++) {
      const mi = (1 - b1) * g[i] + b1 * m[i];
      const vi = (1 - b2) * g[i] * g[i] + b2 * v[i];
      m[i] = mi;
      v[i] = vi;
      w[i] -= lr * (mi / c1 / (Math.sqrt(vi / c2) + eps) + lam * w[i]);
    }
  },
  adam(w, g, [m, v], h, t) {
    const [b1, b2, eps, lr] = [h.β1, h.β2, h.ε, h.lr];
    const [c1, c2] = [1 - b1 ** t, 1 - b2 ** t];
    for (let i = 0; i < w.length; i++) {
      const mi = b1 * m[i] + (1 - b1) * g[i];
      const vi = b2 * v[i] + (1 - b2) * g[i] * g[i];
      m[i] = mi;
      v[i] = vi;
      w[i] -= (mi / c1 / (Math.sqrt(vi / c2) + eps)) * lr;
    }
  },
  lion(w, g, [m], h, t) {
    const [b1, b2, lam, lr] = [h.β1, h.β2, h.λ, h.lr];
    const c = 1 - Math.min(t - 1, 1) * b2 ** (t - 1);
    for (let i = 0; i < w.length; i++) {
      const u = (1 - b1) * g[i] + b1 * (m[i] / c);
      w[i] -= lr * (Math.sign(u) + lam * w[i]);
      m[i] = (1 - b2) * g[i] + b2 * m[i];
    }
  },
};

/** A model's step as a loop: weights and state as Float32Array, the step counter on the host. */
export function jsLoop(kind: LoopKind, program: Program, sizes: readonly number[], hypers: HyperValues<number>) {
  const resolved = hyperValues(hyperSpec(program), hypers);
  const h: Hypers = Object.fromEntries(program.signature.hypers.map((x, k) => [x.name, resolved[k]]));
  const w = sizes.map((n) => new Float32Array(n));
  const s = sizes.map((n) => program.signature.state.map(() => new Float32Array(n)));
  let t = 0;
  return {
    w,
    step(g: readonly Float32Array[]): void {
      t++;
      w.forEach((wt, i) => STEPS[kind](wt, g[i], s[i], h, t));
    },
  };
}
