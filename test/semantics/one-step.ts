// One step from a given point (weights, state, step counter) on each target, for the numeric edge cases: the
// reference (evaluate, in float64 and float32 modes), and the tfjs and WGSL engines (runtime/engine.ts) opened
// at the point.

import type { Program } from '../../compiler/ir.ts';
import type { EngineInit, EngineName } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { hyperSpec, hyperValues } from '../../runtime/hypers.ts';
import { evaluate } from '../../runtime/interp.ts';

export interface Point {
  w: Float64Array;
  g: Float64Array;
  /** One array per state slot (zeros when absent). */
  state?: Float64Array[];
  /** The step's 1-based counter (default 1). */
  step?: number;
  hypers?: Record<string, number>;
}

export interface After {
  w: Float64Array;
  state: Float64Array[];
  /** The counter of the next step, as the target reports it. */
  next: number;
}

const stateOf = (p: Program, point: Point) =>
  p.signature.state.map((_, k) => point.state?.[k] ?? new Float64Array(point.w.length));

export function interpStep(program: Program, point: Point, precision: 'float64' | 'float32' = 'float64'): After {
  const round = precision === 'float32' ? Math.fround : (x: number) => x;
  const w = Float64Array.from(point.w, round);
  const step = point.step ?? 1;
  const out = evaluate(
    program,
    {
      w: [w],
      g: [point.g],
      state: stateOf(program, point).map((s) => [s]),
      inputs: [],
      hypers: hyperValues(hyperSpec(program), point.hypers ?? {}),
      step,
    },
    { precision },
  );
  return { w: w.map((x, i) => round(x - out.update[0][i])), state: out.state.map(([s]) => s), next: step + 1 };
}

/** One step on a compiled engine (runtime/engines.ts), from the point: state and counter loaded first. */
async function engineStep(
  name: EngineName,
  program: Program,
  point: Point,
  init: Partial<EngineInit> = {},
): Promise<After> {
  const engine = await openEngine(name, program, {
    params: [{ name: 'w', shape: [point.w.length] }],
    w: [point.w],
    state: stateOf(program, point).map((s) => [s]),
    hypers: point.hypers,
    step: point.step ?? 1,
    ...init,
  });
  try {
    await engine.step([point.g]);
    const after = await engine.read();
    return { w: after.w[0], state: after.state.map(([s]) => s), next: after.step };
  } finally {
    engine.dispose();
  }
}

/** On tfjs's current backend, the state and counter loaded with setWeights (as a checkpoint would be). */
export function tfjsStep(program: Program, point: Point): Promise<After> {
  return engineStep('tfjs', program, point);
}

export function wgslStep(device: GPUDevice, program: Program, point: Point): Promise<After> {
  return engineStep('wgsl', program, point, { device, ignoreNonFinite: true });
}
