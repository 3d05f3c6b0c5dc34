// The engines `optic step` can run a program on, by name. A backend turns a lowered program, the initial
// weights and state, and the resolved hyperparameters into a stepper; the command does the rest (inputs,
// output). Adding a target (tfjs, wgsl) is adding one entry.

import type { Program } from '../../compiler/ir.ts';
import { Interpreter, type Precision } from '../interp.ts';

export interface StepperInit {
  w: Float64Array;
  /** One array per state slot, in signature order. */
  state: Float64Array[];
  /** Every hyperparameter's value, by name. */
  hypers: Readonly<Record<string, number>>;
  /** The counter of the first step. */
  step: number;
  precision: Precision;
  /** --backend tfjs: which tfjs backend (tensorflow, wasm, webgpu, cpu); the best available when absent. */
  tfjsBackend?: string;
  /** Where a backend says what it chose (stderr). */
  note?: (message: string) => void;
}

export interface Stepper {
  /** One step (w ← w − update, the counter advances); returns the update. */
  step(g: Float64Array, inputs: readonly number[]): Promise<Float64Array>;
  weights(): Float64Array;
  state(): Float64Array[];
  /** Releases what the backend holds (tensors, GPU buffers). */
  dispose(): void;
}

export type Backend = (program: Program, init: StepperInit) => Promise<Stepper>;

async function interp(program: Program, init: StepperInit): Promise<Stepper> {
  const run = new Interpreter(program, [init.w], { hypers: init.hypers, step: init.step, precision: init.precision });
  run.state = init.state.map((slot) => [Float64Array.from(slot)]);
  return {
    step: async (g, inputs) => run.step([g], inputs).update[0],
    weights: () => run.w[0],
    state: () => run.state.map((slot) => slot[0]),
    dispose: () => {},
  };
}

export const BACKENDS: Readonly<Record<string, Backend>> = {
  interp,
  wgsl: async (program, init) => (await import('../webgpu/stepper.ts')).wgslStepper(program, init),
  // Loaded on demand: tfjs takes a moment to import.
  tfjs: async (program, init) =>
    (await import('../tfjs/stepper.ts')).tfjsStepper(program, init, { backend: init.tfjsBackend, note: init.note }),
};
