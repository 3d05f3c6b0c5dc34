// One step from a given point (weights, state, step counter) on each target, for the numeric edge cases:
// the interpreter in float64 and float32 modes, the tfjs target (state and counter loaded with setWeights,
// as a checkpoint would be) and the WGSL runner (state written, counter set at creation).

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import { hyperSpec, hyperValues } from '../../runtime/hypers.ts';
import { evaluate } from '../../runtime/interp.ts';
import { tfjsOptimizerClass } from '../../runtime/tfjs/index.ts';
import { WgslRunner } from '../../runtime/webgpu/runner.ts';

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

let runs = 0;

export async function tfjsStep(program: Program, point: Point): Promise<After> {
  const name = `edge${runs++}`;
  const v = tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(point.w)), true, name));
  const opt = new (tfjsOptimizerClass(program))({ hypers: point.hypers });
  try {
    const loaded = [
      { name: 'iter', tensor: tf.scalar((point.step ?? 1) - 1, 'int32') },
      ...program.signature.state.map((slot, k) => ({
        name: `${name}/${slot}`,
        tensor: tf.tensor1d(Float32Array.from(stateOf(program, point)[k])),
      })),
    ];
    await opt.setWeights(loaded);
    tf.dispose(loaded.map((x) => x.tensor));
    const g = tf.tensor1d(Float32Array.from(point.g));
    opt.applyGradients({ [name]: g });
    g.dispose();
    const state = await Promise.all(opt.slots.get(name)?.map(async (s) => Float64Array.from(await s.data())) ?? []);
    const [iter] = await opt.getWeights();
    return { w: Float64Array.from(await v.data()), state, next: (await iter.tensor.data())[0] + 1 };
  } finally {
    opt.dispose();
    v.dispose();
  }
}

export async function wgslStep(device: GPUDevice, program: Program, point: Point): Promise<After> {
  const runner = await WgslRunner.create(device, program, {
    params: [{ name: 'w', shape: [point.w.length] }],
    weights: [point.w],
    hypers: point.hypers,
    step: point.step ?? 1,
    policy: 'ignore',
  });
  try {
    runner.write({ state: stateOf(program, point).map((s) => [s]) });
    runner.step([point.g]);
    const snap = await runner.read();
    return { w: Float64Array.from(snap.w[0]), state: snap.state.map(([s]) => Float64Array.from(s)), next: snap.step };
  } finally {
    runner.destroy();
  }
}
