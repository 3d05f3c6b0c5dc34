// `optic step --backend tfjs`: the step command through the tfjs target (float32), on the tfjs backend that
// --tfjs-backend names or the best available one. The program runs as its optimizer class would in a model:
// one variable, state loaded with setWeights, per-step inputs set before each step.

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import type { Stepper, StepperInit } from '../cli/backends.ts';
import { CliError } from '../cli/io.ts';
import { useTfjsBackend } from './backends.ts';
import { tfjsOptimizerClass } from './index.ts';

export interface TfjsStepperOptions {
  /** tensorflow, wasm, webgpu or cpu; the best available when absent. */
  backend?: string;
  /** Where to say which backend was chosen. */
  note?: (message: string) => void;
}

let instances = 0;

export async function tfjsStepper(
  program: Program,
  init: StepperInit,
  options: TfjsStepperOptions = {},
): Promise<Stepper> {
  const chosen = await useTfjsBackend(options.backend).catch((e: Error) => {
    throw new CliError(e.message);
  });
  options.note?.(`tfjs backend: ${chosen.description}`);
  const name = `optic-step${instances++}/w`;
  const w0 = tf.tensor1d(Float32Array.from(init.w));
  const w = tf.variable(w0, true, name);
  w0.dispose(); // the variable keeps the data
  const opt = new (tfjsOptimizerClass(program))({ hypers: init.hypers, keepUpdates: true });
  const slots = program.signature.state;
  const initial = [
    { name: 'iter', tensor: tf.scalar(init.step - 1, 'int32') },
    ...slots.map((slot, k) => ({ name: `${name}/${slot}`, tensor: tf.tensor1d(Float32Array.from(init.state[k])) })),
  ];
  await opt.setWeights(initial);
  tf.dispose(initial.map((x) => x.tensor)); // the state variables share their data
  const read = async (t: tf.Tensor) => Float64Array.from(await t.data());
  let weights = await read(w);
  let state = await Promise.all(slots.map((_, k) => read(opt.slots.get(name)![k])));
  return {
    async step(g, inputs) {
      program.signature.inputs.forEach((input, i) => opt.setHyper(input, inputs[i]));
      const grad = tf.tensor1d(Float32Array.from(g));
      opt.applyGradients({ [name]: grad });
      grad.dispose();
      weights = await read(w);
      state = await Promise.all(slots.map((_, k) => read(opt.slots.get(name)![k])));
      return read(opt.lastUpdates.get(name)!);
    },
    weights: () => weights,
    state: () => state,
    dispose() {
      opt.dispose();
      w.dispose();
    },
  };
}
