// One differential for every compiled engine (runtime/engine.ts): the engine and the reference interpreter
// (float32 mode, which rounds after every op) step in lockstep over several steps, and after each step the
// update, the weights' actual movement, the weights, the state and the counter are compared.
//
// What is not compared is decided per element from the operands, by one mechanism: Monte Carlo arithmetic
// (runtime/conditioning.ts). The float64 reference, its ops written out as the targets compute them
// (as-emitted.ts), is rerun with every op's result perturbed by the target's error model (`errors`: a few ulps
// for arithmetic, more for function approximations); an element whose reruns, or whose float32 reference,
// spread beyond the tolerance it is compared with is ill-conditioned there and skipped: a sign flipped by a
// cancellation, a pole, a domain edge, sin(cosh(w) ** 10). Continuous ops (min, max, clip) are compared at
// their ties, and a reduction skips only what its perturbed value moves. After a step with skipped elements
// the engine continues from the reference's weights and state (`load`), so a legitimate divergence there does
// not spread into later steps.
//
// The update is held to its own scale (the absolute tolerance times the tensor's largest update), so that an
// update of 1e-3 is not lost under the weights' absolute tolerance: a target applying 1.01 × the update fails.

import type { Program } from '../../compiler/ir.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { compareTensors, type Tolerance } from '../../runtime/compare.ts';
import { type ConditioningOptions, illConditioned, type IllConditioned } from '../../runtime/conditioning.ts';
import type { Engine, EngineSnapshot } from '../../runtime/engine.ts';
import { type HyperGroup, hyperSpec, type HyperValues, hypersPerTensor, type ParamInfo } from '../../runtime/hypers.ts';
import { evaluate, type StepInputs } from '../../runtime/interp.ts';
import { Interpreter } from '../../runtime/interpreter.ts';
import { asEmitted } from './as-emitted.ts';

export type ErrorModel = Pick<ConditioningOptions, 'relative' | 'rounded' | 'wgslBuiltins' | 'functions'>;

export interface Lockstep {
  program: Program;
  /**
   * The program as the target lowers it before emitting, for the float32 reference only (which models a
   * float32 target: its roundings and the per-step scalars it takes from the host). The tfjs target computes
   * interpolate's 1 − β on the host (compiler/targets/tfjs-lower.ts). Default: `program`.
   */
  lowered?: Program;
  params: readonly ParamInfo[];
  /** The initial weights (the engine was opened with them). */
  w: readonly ArrayLike<number>[];
  /** grads[step][tensor] */
  grads: readonly (readonly ArrayLike<number>[])[];
  /** inputs[step][input] */
  inputs?: readonly (readonly number[])[];
  hypers?: HyperValues<number>;
  groups?: readonly HyperGroup<number>[];
  math?: MathMode;
  tol: Tolerance;
  /** The target's error model for the conditioning estimate (runtime/conditioning.ts); relative 0 compares all. */
  errors: ErrorModel;
  seed: number;
  /**
   * A reference that meets a NaN or ±Inf: 'discard' the run (WGSL does not specify non-finite arithmetic:
   * NNSmith's filter), or 'compare' the values as IEEE says.
   */
  nonFinite: 'discard' | 'compare';
  /** 'always': the engine continues from the reference after every step (each step compared alone). */
  resync?: 'skipped' | 'always';
}

/** Elements of the update and of the state over the run: compared and skipped. */
export interface Coverage {
  update: { compared: number; skipped: number };
  state: { compared: number; skipped: number };
}

export type LockstepResult =
  | { kind: 'agree'; coverage: Coverage }
  | { kind: 'discarded' }
  | { kind: 'differ'; message: string };

/** A tensor's update tolerance: the absolute part scaled by its largest finite update. */
export function updateTolerance(expected: ArrayLike<number>, tol: Tolerance): Tolerance {
  let scale = 0;
  for (let j = 0; j < expected.length; j++)
    if (Number.isFinite(expected[j])) scale = Math.max(scale, Math.abs(expected[j]));
  return { ...tol, atol: tol.atol * scale + 1e-30 };
}

const marked = (masks: readonly Uint8Array[]) => masks.some((m) => m.includes(1));

function count(into: { compared: number; skipped: number }, masks: readonly Uint8Array[]): void {
  for (const m of masks) {
    const skipped = m.reduce((a, b) => a + b, 0);
    into.skipped += skipped;
    into.compared += m.length - skipped;
  }
}

/** Runs `c` on `engine` (opened with c's weights, hyperparameters and groups, keepUpdate) against the reference. */
export async function lockstep(engine: Engine, c: Lockstep): Promise<LockstepResult> {
  const table = hypersPerTensor(hyperSpec(c.program), c.params, c.hypers, c.groups);
  const ref = new Interpreter(
    c.lowered ?? c.program,
    c.w.map((t) => Float64Array.from(t)),
    {
      precision: 'float32',
      trackNonFinite: true,
      hypers: c.hypers,
      hypersPerTensor: table,
      math: c.math,
      shapes: c.params.map((p) => p.shape),
    },
  );
  const emitted = asEmitted(c.program);
  const coverage: Coverage = { update: { compared: 0, skipped: 0 }, state: { compared: 0, skipped: 0 } };
  let before: EngineSnapshot = await engine.read();
  for (let s = 1; s <= c.grads.length; s++) {
    const g = c.grads[s - 1].map((t) => Float64Array.from(t));
    const inputs = c.inputs?.[s - 1] ?? [];
    const at: StepInputs = {
      w: ref.w.map((t) => t.slice()),
      g,
      shapes: c.params.map((p) => p.shape),
      state: ref.state,
      inputs,
      hypers: ref.hypers,
      hypersPerTensor: table,
      step: ref.stepCount,
    };
    const out = ref.step(g, inputs);
    if (c.nonFinite === 'discard' && (marked(out.updateTaint!) || out.stateTaint!.some(marked)))
      return { kind: 'discarded' };
    const exact = evaluate(c.program, at, { math: c.math });
    const updateTol = exact.update.map((t) => updateTolerance(t, c.tol));
    const skip: IllConditioned =
      c.errors.relative! > 0
        ? illConditioned(emitted, at, c.tol, {
            ...c.errors,
            seed: c.seed + s,
            math: c.math,
            updateTolerance: updateTol,
            samples: [out],
          })
        : {
            update: out.update.map((t) => new Uint8Array(t.length)),
            state: out.state.map((k) => k.map((t) => new Uint8Array(t.length))),
          };
    await engine.step(g, inputs);
    const got = await engine.read();
    const differs = (what: string, detail: string) => ({
      kind: 'differ' as const,
      message: `step ${s}, ${what}: ${detail}`,
    });
    for (let t = 0; t < out.update.length; t++) {
      const um = compareTensors([out.update[t]], [got.update![t]], updateTol[t], [skip.update[t]]);
      if (um) return differs(`update of tensor ${t}`, `element ${um.index}: expected ${um.expected}, got ${um.actual}`);
      const moved = appliedMismatch(before.w[t], got.w[t], out.update[t], skip.update[t], updateTol[t]);
      if (moved) return differs(`tensor ${t}`, moved);
    }
    const wm = compareTensors(ref.w, got.w, c.tol, skip.update);
    if (wm)
      return differs(`w of tensor ${wm.tensor}`, `element ${wm.index}: expected ${wm.expected}, got ${wm.actual}`);
    for (let k = 0; k < ref.state.length; k++) {
      const sm = compareTensors(ref.state[k], got.state[k], c.tol, skip.state[k]);
      const slot = c.program.signature.state[k];
      if (sm)
        return differs(
          `state '${slot}' of tensor ${sm.tensor}`,
          `element ${sm.index}: expected ${sm.expected}, got ${sm.actual}`,
        );
    }
    if (got.step !== ref.stepCount) return differs('step counter', `expected ${ref.stepCount}, got ${got.step}`);
    count(coverage.update, skip.update);
    count(coverage.state, skip.state.flat());
    before = got;
    if (c.resync === 'always' || marked(skip.update) || skip.state.some(marked)) {
      await engine.load({ step: ref.stepCount, w: ref.w, state: ref.state });
      before = { ...got, w: ref.w.map((t) => t.slice()) };
    }
  }
  return { kind: 'agree', coverage };
}

/**
 * Whether the weights moved by the reference's update: w_before − w_after against it at the update's own
 * tolerance, plus the rounding of w − update in float32 (an ulp or two of the weights). Catches an engine
 * that computes the right update and applies another.
 */
function appliedMismatch(
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  want: ArrayLike<number>,
  skip: ArrayLike<number>,
  { atol, rtol }: Tolerance,
): string | null {
  for (let j = 0; j < want.length; j++) {
    if (skip[j] || !Number.isFinite(want[j]) || !Number.isFinite(before[j]) || !Number.isFinite(after[j])) continue;
    const moved = before[j] - after[j];
    const rounding = 2 ** -22 * Math.max(Math.abs(before[j]), Math.abs(after[j]));
    if (Math.abs(moved - want[j]) > atol + rtol * Math.abs(want[j]) + rounding)
      return `element ${j} moved by ${moved}, the update is ${want[j]}`;
  }
  return null;
}
