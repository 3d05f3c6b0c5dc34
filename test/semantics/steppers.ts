// One optimizer, three ways to run it: the reference interpreter (float64), the tfjs target (a
// tf.train.Optimizer over tf.Variables on the current tfjs backend) and the WGSL runner (fused kernel on a
// WebGPU device). The semantics tests drive each the same way: gradients computed on the host from the
// weights each step, so every target optimizes the same problem.

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import { Interpreter } from '../../runtime/interp.ts';
import { tfjsOptimizerClass } from '../../runtime/tfjs/index.ts';
import { WgslRunner } from '../../runtime/webgpu/runner.ts';
import type { Problem } from './problems.ts';

/** Hyperparameter values and per-step scalar inputs (constant over the run), by name. */
export interface Values {
  hypers?: Readonly<Record<string, number>>;
  inputs?: Readonly<Record<string, number>>;
}

export interface Stepper {
  step(g: readonly Float64Array[]): void;
  weights(): Promise<Float64Array[]>;
  dispose(): void;
}

export type Target = 'interp' | 'tfjs' | 'wgsl';

const inputList = (program: Program, values: Values) =>
  program.signature.inputs.map((name) => {
    const v = values.inputs?.[name];
    if (v === undefined) throw new Error(`no value for the per-step input '${name}'`);
    return v;
  });

export function interpStepper(
  program: Program,
  w0: readonly Float64Array[],
  values: Values,
  precision: 'float64' | 'float32' = 'float64',
): Stepper {
  const interp = new Interpreter(program, w0, { hypers: values.hypers, precision });
  const inputs = inputList(program, values);
  return {
    step: (g) => void interp.step(g, inputs),
    weights: async () => interp.w.map((t) => Float64Array.from(t)),
    dispose: () => {},
  };
}

let runs = 0;

/** On tfjs's current backend; one variable per problem variable. */
export function tfjsStepper(program: Program, w0: readonly Float64Array[], values: Values): Stepper {
  const run = runs++;
  const names = w0.map((_, t) => `semantics${run}/v${t}`);
  const vars = w0.map((w, t) => tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(w)), true, names[t])));
  const opt = new (tfjsOptimizerClass(program))({ hypers: { ...values.hypers, ...values.inputs } });
  return {
    step(g) {
      const grads = g.map((data, t) => ({ name: names[t], tensor: tf.tensor1d(Float32Array.from(data)) }));
      opt.applyGradients(grads);
      tf.dispose(grads.map((x) => x.tensor));
    },
    weights: async () => Promise.all(vars.map(async (v) => Float64Array.from(await v.data()))),
    dispose() {
      opt.dispose();
      tf.dispose(vars);
    },
  };
}

export async function wgslStepper(
  device: GPUDevice,
  program: Program,
  w0: readonly Float64Array[],
  values: Values,
): Promise<Stepper> {
  const params = w0.map((w, t) => ({ name: `v${t}`, shape: [w.length] }));
  const runner = await WgslRunner.create(device, program, {
    params,
    weights: w0,
    hypers: values.hypers,
    policy: 'ignore',
  });
  const inputs = inputList(program, values);
  return {
    step: (g) => void runner.step(g, inputs),
    weights: async () => (await runner.read()).w.map((t) => Float64Array.from(t)),
    dispose: () => runner.destroy(),
  };
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
    stepper.step(problem.grad(w));
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
