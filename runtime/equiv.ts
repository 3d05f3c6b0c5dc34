// Observational equivalence of two programs, by fuzzing against the reference interpreter: from zero state,
// for random weights and random gradient sequences, do they produce the same update at every step? (States
// may be represented differently; `states: true` compares them too, slot by slot.) Inputs come from
// fast-check, edge cases included, and a failure shrinks to a small counterexample that the seed replays.
//
// Comparison is in float64 with TOLERANCE.float64 and the discontinuity rule: an element either program
// computed near a break (a `sign` argument within rounding of 0, …) is not compared where both results are
// finite; a NaN or ±Inf on one side only is always a difference (x / |x| vs sign(x) at 0 is found). At the
// `finite` level an element is compared only where A computed no NaN or ±Inf for it along the way.
//
// Both programs see the same weights: A's updates move them. So an update allowed to differ (near a break)
// cannot make the next steps differ through w.

import fc from 'fast-check';
import { fnv1a } from '../compiler/hash.ts';
import { hasRowsOrCols, type Program } from '../compiler/ir.ts';
import type { MathMode } from '../compiler/ops.ts';
import type { Level } from '../compiler/passes/pass.ts';
import { compareTensors, TOLERANCE, type Mismatch, type Tolerance } from './compare.ts';
import { type HyperSpec, hyperSpec, type HyperValues, hyperValues, own } from './hypers.ts';
import { type EvalOptions, evaluate, type StepOutputs } from './interp.ts';
import { arbCase, type Case } from './equiv-cases.ts';
import { zeroState } from './interpreter.ts';
import { mulberry32 } from './random.ts';

export interface EquivOptions {
  /** Steps per trial (default 8). */
  steps?: number;
  /** Random cases (default 100). */
  trials?: number;
  /** fast-check's seed; a failure reports the seed that replays it. */
  seed?: number;
  level?: Level;
  /** The arithmetic both programs run under (default IEEE). */
  math?: MathMode;
  /** Compare the state slots too (in order; both programs must have as many). */
  states?: boolean;
  /** Hyperparameter values by name; the rest come from each program's declared defaults, else random. */
  hypers?: HyperValues<number>;
  tolerance?: Tolerance;
  /** Called after each step of the search (not of the shrinking), with the steps done of trials × steps. */
  progress?: (done: number, total: number) => void;
}

export interface Counterexample {
  case: Case;
  /** 1-based. */
  step: number;
  output: 'update' | number;
  mismatch: Mismatch;
  /** Each program's hyperparameter values, and its outputs at the failing step. */
  hypers: { a: Record<string, number>; b: Record<string, number> };
  a: StepOutputs;
  b: StepOutputs;
  /** The weights the failing step read. */
  w: number[][];
}

export type EquivResult =
  | { kind: 'equivalent'; trials: number; steps: number; seed: number }
  | { kind: 'different'; seed: number; counterexample: Counterexample }
  | { kind: 'incompatible'; reason: string };

/** Why two programs cannot be compared, or undefined. */
export function incompatibility(a: Program, b: Program, states: boolean): string | undefined {
  const [ia, ib] = [[...a.signature.inputs].sort(), [...b.signature.inputs].sort()];
  if (ia.join('\0') !== ib.join('\0')) {
    return `the programs take different per-step inputs: (${a.signature.inputs.join(', ')}) vs (${b.signature.inputs.join(', ')})`;
  }
  if (states && a.signature.state.length !== b.signature.state.length) {
    return `--states needs as many state slots in both: ${a.signature.state.length} (${a.signature.state.join(', ')}) vs ${b.signature.state.length} (${b.signature.state.join(', ')})`;
  }
  return undefined;
}

/** Both programs' hyperparameters as one spec: a value given to equiv may be for either program. */
export function equivSpec(a: Program, b: Program): HyperSpec {
  const hypers = [...a.signature.hypers, ...b.signature.hypers.filter((h) => !hyperOf(a, h.name))];
  return { file: a.file === b.file ? a.file : `${a.file} or ${b.file}`, hypers };
}

const hyperOf = (p: Program, name: string) => p.signature.hypers.find((h) => h.name === name);

/** Hyperparameters with no value from `given` or either program's default: drawn at random. */
export function openHypers(a: Program, b: Program, given: HyperValues<number>): string[] {
  const union = equivSpec(a, b).hypers;
  return union
    .filter(
      (h) =>
        own(given, h.name) === undefined &&
        hyperOf(a, h.name)?.default === undefined &&
        hyperOf(b, h.name)?.default === undefined,
    )
    .map((h) => h.name);
}

/**
 * A program's values by name: given, then its own default, then the other program's, then the random draw.
 * Resolved by runtime/hypers.ts, with the other program's defaults and the draw as values given.
 */
function hyperValuesOf(
  p: Program,
  other: Program,
  given: HyperValues<number>,
  drawn: Record<string, number>,
): Record<string, number> {
  const values: Record<string, number> = Object.create(null);
  for (const h of p.signature.hypers) {
    const v =
      own(given, h.name) ??
      (h.default === undefined ? (hyperOf(other, h.name)?.default ?? own(drawn, h.name)) : undefined);
    if (v !== undefined) values[h.name] = v;
  }
  const resolved = hyperValues(hyperSpec(p), values);
  return Object.fromEntries(p.signature.hypers.map((h, k) => [h.name, resolved[k]]));
}

export function equivalent(a: Program, b: Program, options: EquivOptions = {}): EquivResult {
  const steps = options.steps ?? 8;
  const trials = options.trials ?? 100;
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const reason = incompatibility(a, b, options.states ?? false);
  if (reason) return { kind: 'incompatible', reason };
  const given = options.hypers ?? {};
  const arb = arbCase(steps, a.signature.inputs, openHypers(a, b, given), hasRowsOrCols(a) || hasRowsOrCols(b));
  const check = (c: Case) => runCase(a, b, c, { ...options, hypers: given, progress: undefined });
  let trial = 0;
  let searching = true; // until the first difference: fast-check then shrinks it, which is not progress
  const search = (c: Case) => {
    const done = trial++ * steps;
    const { progress } = options;
    const onStep = searching && progress ? (s: number) => progress(done + s, trials * steps) : undefined;
    const found = runCase(a, b, c, { ...options, hypers: given }, onStep);
    searching &&= found === undefined;
    return found === undefined;
  };
  const details = fc.check(fc.property(arb, search), { seed, numRuns: trials });
  if (!details.failed) return { kind: 'equivalent', trials, steps, seed };
  if (!details.counterexample)
    throw details.errorInstance ?? new Error('equiv: the property failed without a counterexample');
  const [c] = details.counterexample;
  return { kind: 'different', seed, counterexample: shortest(c, check) };
}

/**
 * fast-check shrinks values but not the number of steps: drop the steps after the failing one, then as many
 * leading ones as still leave a difference (state starts at zero again), so the failure comes early.
 */
function shortest(c: Case, check: (c: Case) => Counterexample | undefined): Counterexample {
  const found = check(c)!;
  const upTo = { ...c, g: c.g.slice(0, found.step), inputs: c.inputs.slice(0, found.step) };
  for (let drop = found.step - 1; drop > 0; drop--) {
    const shorter = check({ ...upTo, g: upTo.g.slice(drop), inputs: upTo.inputs.slice(drop) });
    if (shorter) return shorter;
  }
  return check(upTo)!;
}

/** Runs one case up to its first difference (returned), or to its end; `onStep(steps done)` after each step. */
export function runCase(
  a: Program,
  b: Program,
  c: Case,
  options: EquivOptions,
  onStep?: (done: number) => void,
): Counterexample | undefined {
  const tol = options.tolerance ?? TOLERANCE.float64;
  const given = options.hypers ?? {};
  const hypers = { a: hyperValuesOf(a, b, given, c.hypers), b: hyperValuesOf(b, a, given, c.hypers) };
  const evalOptions = { trackNonFinite: options.level === 'finite', nearTolerance: tol.near, math: options.math };
  const runs = [new Run(a, c, hypers.a), new Run(b, c, hypers.b)] as const;
  let w = c.w.map((t) => Float64Array.from(t));
  for (let s = 0; s < c.g.length; s++) {
    const [oa, ob] = runs.map((r) => r.step(w, s, evalOptions));
    const found = firstDifference(oa, ob, tol, options);
    if (found) return { case: c, step: s + 1, ...found, hypers, a: oa, b: ob, w: w.map((t) => [...t]) };
    w = w.map((t, i) => t.map((x, j) => x - oa.update[i][j]));
    onStep?.(s + 1);
  }
  return undefined;
}

class Run {
  private state: Float64Array[][];
  private taint?: Uint8Array[][];
  private near?: Uint8Array[][];
  private readonly hypers: number[];

  constructor(
    private readonly program: Program,
    private readonly c: Case,
    values: Record<string, number>,
  ) {
    this.state = zeroState(program, c.w, c.shapes);
    this.hypers = hyperValues(hyperSpec(program), values);
  }

  step(w: Float64Array[], s: number, options: EvalOptions): StepOutputs {
    const g = this.c.g[s].map((t) => Float64Array.from(t));
    const inputs = this.program.signature.inputs.map((name) => this.c.inputs[s][name]);
    const out = evaluate(
      this.program,
      {
        w,
        g,
        shapes: this.c.shapes,
        state: this.state,
        inputs,
        hypers: this.hypers,
        step: s + 1,
        stateTaint: this.taint,
        stateNear: this.near,
      },
      options,
    );
    [this.state, this.taint, this.near] = [out.state, out.stateTaint, out.stateNear];
    return out;
  }
}

function firstDifference(
  a: StepOutputs,
  b: StepOutputs,
  tol: Tolerance,
  options: EquivOptions,
): Pick<Counterexample, 'output' | 'mismatch'> | undefined {
  const finiteOnly = options.level === 'finite';
  const u = compareTensors(
    a.update,
    b.update,
    tol,
    skipMask(a.update, b.update, [a.updateNear, b.updateNear], finiteOnly ? a.updateTaint : undefined),
  );
  if (u) return { output: 'update', mismatch: u };
  if (!options.states) return undefined;
  for (let k = 0; k < a.state.length; k++) {
    const skip = skipMask(
      a.state[k],
      b.state[k],
      [a.stateNear?.[k], b.stateNear?.[k]],
      finiteOnly ? a.stateTaint?.[k] : undefined,
    );
    const m = compareTensors(a.state[k], b.state[k], tol, skip);
    if (m) return { output: k, mismatch: m };
  }
  return undefined;
}

/** Skip where A is tainted, or where either side is near a break and both values are finite. */
function skipMask(
  a: Float64Array[],
  b: Float64Array[],
  near: (Uint8Array[] | undefined)[],
  taint?: Uint8Array[],
): Uint8Array[] {
  return a.map((t, i) =>
    Uint8Array.from(t, (x, j) => {
      if (taint?.[i][j]) return 1;
      const isNear = near.some((m) => m?.[i][j]);
      return isNear && Number.isFinite(x) && Number.isFinite(b[i][j]) ? 1 : 0;
    }),
  );
}

/**
 * A cheap functional hash for de-duplicating programs (AutoML-Zero's functional equivalence cache): the
 * updates of a few steps on fixed probe inputs, rounded to 8 significant digits, hashed. Programs equal up
 * to rounding almost always collide; different ones almost never do. Hyperparameters without a value take
 * a probe value derived from their name, so programs sharing a name see the same value. Under protected math
 * (`math`) the updates are those Hero's arithmetic computes: x / 0 is finite there.
 */
export function fingerprint(
  program: Program,
  hypers: Readonly<Record<string, number>> = {},
  math: MathMode = 'ieee',
): string {
  const random = mulberry32(0x5eed);
  const probe = (n: number) => Float64Array.from({ length: n }, () => (random() - 0.5) * 4 || 0.25);
  const sizes = [3, 2];
  let w = sizes.map(probe);
  let state: Float64Array[][] = zeroState(program, w);
  const probes = Object.fromEntries(
    program.signature.hypers.map((h) => [h.name, own(hypers, h.name) ?? h.default ?? probeValue(h.name)]),
  );
  const values = hyperValues(hyperSpec(program), probes);
  const gs = Array.from({ length: 4 }, () => sizes.map(probe));
  const inputs = Array.from({ length: 4 }, () => program.signature.inputs.map(() => 0.001 + random() * 0.01));
  const parts: string[] = [];
  gs.forEach((g, s) => {
    const out = evaluate(program, { w, g, state, inputs: inputs[s], hypers: values, step: s + 1 }, { math });
    for (const t of out.update) for (const x of t) parts.push(Number.isFinite(x) ? x.toPrecision(8) : String(x));
    state = out.state;
    w = w.map((t, i) => t.map((x, j) => x - out.update[i][j]));
  });
  return fnv1a(parts.join(','));
}

/** A value in (0, 1) from a name: the same for every program. */
function probeValue(name: string): number {
  return ((parseInt(fnv1a(name).slice(0, 8), 16) % 997) + 1) / 1000;
}
