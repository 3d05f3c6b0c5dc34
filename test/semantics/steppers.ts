// One optimizer, three ways to run it, through the one engine interface (runtime/engine.ts): the reference
// interpreter (float64), the tfjs target (a tf.train.Optimizer over tf.Variables on the current tfjs backend)
// and the WGSL runner (fused kernel on a WebGPU device). The semantics tests drive each the same way:
// gradients computed on the host from the weights each step, so every target optimizes the same problem.

import type { Program } from '../../compiler/ir.ts';
import type { Engine, EngineInit, EngineName } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import type { Problem } from './problems.ts';

/** Hyperparameter values and per-step scalar inputs (constant over the run), by name. */
export interface Values {
  hypers?: Readonly<Record<string, number>>;
  inputs?: Readonly<Record<string, number>>;
}

/** An engine with this run's per-step inputs bound. */
export interface Stepper {
  step(g: readonly Float64Array[]): Promise<void>;
  weights(): Promise<Float64Array[]>;
  dispose(): void;
}

const inputList = (program: Program, values: Values) =>
  program.signature.inputs.map((name) => {
    const v = values.inputs?.[name];
    if (v === undefined) throw new Error(`no value for the per-step input '${name}'`);
    return v;
  });

async function stepper(
  name: EngineName,
  program: Program,
  w0: readonly Float64Array[],
  values: Values,
  init: Partial<EngineInit> = {},
): Promise<Stepper> {
  const inputs = inputList(program, values);
  const params = w0.map((w, t) => ({ name: `v${t}`, shape: [w.length] }));
  const engine: Engine = await openEngine(name, program, { params, w: w0, hypers: values.hypers, ...init });
  return {
    step: (g) => engine.step(g, inputs),
    weights: async () => (await engine.read()).w,
    dispose: () => engine.dispose(),
  };
}

export function interpStepper(
  program: Program,
  w0: readonly Float64Array[],
  values: Values,
  precision: 'float64' | 'float32' = 'float64',
): Promise<Stepper> {
  return stepper('interp', program, w0, values, { precision });
}

/** On tfjs's current backend; one variable per problem variable. */
export function tfjsStepper(program: Program, w0: readonly Float64Array[], values: Values): Promise<Stepper> {
  return stepper('tfjs', program, w0, values);
}

export function wgslStepper(
  device: GPUDevice,
  program: Program,
  w0: readonly Float64Array[],
  values: Values,
): Promise<Stepper> {
  return stepper('wgsl', program, w0, values, { device, ignoreNonFinite: true });
}

/** Runs `steps` steps of gradient descent on `problem`; stops early when `done` says so after a step. */
export async function descend(
  stepper: Stepper,
  problem: Problem,
  steps: number,
  done?: (w: Float64Array[], step: number) => boolean,
): Promise<{ w: Float64Array[]; steps: number }> {
  let w = await stepper.weights();
  for (let s = 1; s <= steps; s++) {
    await stepper.step(problem.grad(w));
    w = await stepper.weights();
    if (done?.(w, s)) return { w, steps: s };
  }
  return { w, steps };
}

/** The weights after each of `steps` steps of descent on `problem`. */
export async function trajectory(stepper: Stepper, problem: Problem, steps: number): Promise<Float64Array[][]> {
  const out: Float64Array[][] = [];
  await descend(stepper, problem, steps, (w) => {
    out.push(w);
    return false;
  });
  return out;
}

/** The first element where two lists of tensors differ in bits (NaN equals NaN; 0 and −0 differ), or null. */
export function firstBitDifference(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): string | null {
  for (let t = 0; t < a.length; t++) {
    for (let i = 0; i < a[t].length; i++) {
      if (!Object.is(a[t][i], b[t][i])) return `tensor ${t}, element ${i}: ${a[t][i]} vs ${b[t][i]}`;
    }
  }
  return null;
}
