// Which outputs of a step are ill-conditioned: so sensitive to rounding-sized errors that no float32 target
// can be held to the reference there. `sin(cosh(w) ** 10)` turns one ulp of its argument into 1e-3; a
// cancelling subtraction does the same, and so does a sign, a pole or a domain edge that a rounding error
// crosses. The differential tests skip those elements, and only those (test/targets/lockstep.ts): what is left
// is compared with the table's tolerance, and still catches a wrong emitter.
//
// The estimate is Monte Carlo arithmetic (Parker 1997; the method behind Verificarlo and CADNA): the float64
// reference is rerun a few times with every op's result perturbed by a random relative error of the size the
// target makes in that op (a few ulps for arithmetic, more for function approximations: the error model in
// ConditioningOptions), and an element is ill-conditioned when the reruns spread further than the tolerance
// allows. Being per element and from the operands, it marks neither continuous ops at their ties (min, max,
// clip) nor everything downstream of a reduction.

import type { Program } from '../compiler/ir.ts';
import { close, type Tolerance } from './compare.ts';
import { evaluate, type EvalOptions, type StepInputs, type StepOutputs } from './interp.ts';

/**
 * Ops every float32 target computes to within a few ulps of the float32 reference: IEEE's correctly rounded
 * arithmetic (WGSL: 2.5 ulp for division, sqrt through inverseSqrt's 2) and the exact ones.
 */
const ROUNDED: ReadonlySet<string> = new Set([
  'add',
  'sub',
  'mul',
  'div',
  'negative',
  'abs',
  'square',
  'cube',
  'sqrt',
  'sign',
  'reciprocal',
  'max',
  'min',
  'clip',
]);

/**
 * The ones among them that every target computes exactly when the exact result is a float32 (IEEE's
 * correctly rounded single operations, and selections); WGSL's division (2.5 ulp) and sqrt may still be an
 * ulp off, and cube is two roundings.
 */
const EXACT_WHEN_REPRESENTABLE: ReadonlySet<string> = new Set([
  'add',
  'sub',
  'mul',
  'negative',
  'abs',
  'square',
  'sign',
  'max',
  'min',
  'clip',
]);

/**
 * WGSL's exponentials ("Floating Point Accuracy"): exp and exp2 within 3 + 2|x| ulp, pow as exp2(y · log2(x))
 * with log2's absolute error (2^-21 on [0.5, 2], 3 ulp elsewhere) multiplied by y. A relative model would
 * make 1 − β2^t (β2 = 0.999) 12% off at 2^-13; WGSL's own is 3e-4.
 */
function wgslExponential(op: string, args: readonly number[], ulp: number): number | undefined {
  const exponent = (z: number) => (3 + 2 * Math.abs(z)) * ulp;
  if (op === 'exp') return exponent(args[0] * Math.LOG2E);
  if (op === 'exp2') return exponent(args[0]);
  if (op === 'exp10') return exponent(args[0] * Math.log2(10));
  if (op !== 'pow') return undefined;
  const [x, y] = args;
  const log2 = Math.log2(Math.abs(x));
  const log2Error = Math.abs(x) >= 0.5 && Math.abs(x) <= 2 ? 2 ** -21 : 3 * ulp * Math.abs(log2);
  return exponent(y * log2) + Math.LN2 * Math.abs(y) * log2Error;
}

export interface ConditioningOptions {
  /** Relative size of the perturbation of every op's result (default 2^-20: a few float32 ulps). */
  relative?: number;
  /**
   * The perturbation of the arithmetic every float32 target rounds to within a few ulps (`ROUNDED`), when
   * smaller than `relative` (default 2^-21; 0 where the target's arithmetic is the reference's): `relative` is
   * the size of the function approximations' error (sin, log), and charging it to every subtraction would make
   * cancellations ill-conditioned that no target gets wrong.
   */
  rounded?: number;
  /** The target's exp, exp2, exp10 and pow are WGSL's, whose error grows with the exponent (wgslExponential). */
  wgslBuiltins?: boolean;
  /** The relative error of these functions (ops not in `ROUNDED`) on the target, when not `relative`. */
  functions?: Readonly<Record<string, number>>;
  /** Number of perturbed reruns (default 4). */
  runs?: number;
  seed?: number;
  math?: EvalOptions['math'];
  /**
   * Perturb operands too (a target computing one op as several, e.g. interpolate as four, or WGSL's pow as
   * exp2(y · log2(x))), and the step's inputs. More conservative: more elements are skipped.
   */
  operands?: boolean;
  inputs?: boolean;
  /** The tolerance of each update tensor, when it is not `tol` (an update held to its own scale). */
  updateTolerance?: readonly Pick<Tolerance, 'rtol' | 'atol'>[];
  /** More outputs to hold against the exact float64 one besides the reruns (the float32 reference). */
  samples?: readonly StepOutputs[];
}

export interface IllConditioned {
  update: Uint8Array[];
  state: Uint8Array[][];
}

/** Marks the elements of one step's outputs whose perturbed reruns disagree beyond `tol`. */
export function illConditioned(
  program: Program,
  inputs: StepInputs,
  tol: Pick<Tolerance, 'rtol' | 'atol'>,
  options: ConditioningOptions = {},
): IllConditioned {
  const { relative = 2 ** -20, runs = 4, seed = 1, math, operands = false, inputs: perturbInputs = false } = options;
  const rounded = Math.min(relative, options.rounded ?? 2 ** -21);
  const ulp = 2 ** -23;
  const relativeOf = (op: string, args: readonly number[], x: number) => {
    // Correctly rounded arithmetic whose result is a float32 has no error to model: sign(x) · sign(y) is ±1
    // and 1 − it 0 on every target, and perturbing them invents errors (LARS's trust ratio) no target makes.
    if (EXACT_WHEN_REPRESENTABLE.has(op) && Math.fround(x) === x) return 0;
    if (ROUNDED.has(op)) return rounded;
    const f = options.functions?.[op];
    if (f !== undefined) return f;
    return (options.wgslBuiltins ? wgslExponential(op, args, ulp) : undefined) ?? relative;
  };
  const exact = evaluate(program, inputs, { math });
  const marks: IllConditioned = {
    update: exact.update.map((t) => new Uint8Array(t.length)),
    state: exact.state.map((slot) => slot.map((t) => new Uint8Array(t.length))),
  };
  const updateTol = (i: number) => options.updateTolerance?.[i] ?? tol;
  const hold = (other: StepOutputs) => {
    mark(exact.update, other.update, marks.update, updateTol);
    exact.state.forEach((slot, k) => mark(slot, other.state[k], marks.state[k], () => tol));
  };
  for (let r = 0; r < runs; r++) {
    hold(
      evaluate(program, inputs, {
        math,
        perturb: { relative, relativeOf, seed: seed * 7919 + r, operands, inputs: perturbInputs },
      }),
    );
  }
  options.samples?.forEach(hold);
  return marks;
}

function mark(
  exact: readonly Float64Array[],
  other: readonly Float64Array[],
  out: Uint8Array[],
  tol: (tensor: number) => Pick<Tolerance, 'rtol' | 'atol'>,
): void {
  exact.forEach((t, i) => {
    for (let j = 0; j < t.length; j++) if (!close(t[j], other[i][j], tol(i))) out[i][j] = 1;
  });
}

/** The reference's own skip masks (non-finite elements, say) widened by the ill-conditioned elements. */
export function withIllConditioned(reference: StepOutputs, ill: IllConditioned): StepOutputs {
  const or = (a: Uint8Array | undefined, b: Uint8Array) => (a ? a.map((x, j) => x | b[j]) : b.slice());
  return {
    ...reference,
    updateNear: ill.update.map((m, i) => or(reference.updateNear?.[i], m)),
    stateNear: ill.state.map((slot, k) => slot.map((m, i) => or(reference.stateNear?.[k]?.[i], m))),
  };
}
