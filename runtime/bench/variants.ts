// What `optic bench` and test/bench/wgsl.bench.ts time: one optimizer step of a program over one parameter
// tensor of n elements, followed by a wait until the work is done, on each engine (runtime/engine.ts), and
// tfjs's own Adam beside them. Every variant is built once (buffers, pipelines, optimizer state) and warmed up
// by its first step, so a timed step creates nothing and uploads nothing.

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import type { Engine, EngineInit, EngineName } from '../engine.ts';
import { openEngine } from '../engines.ts';
import { settleBackend } from '../tfjs/backends.ts';

export interface StepVariant {
  /** One step, resolved when the engine has finished it. */
  run(): Promise<void>;
  dispose(): void;
}

/** Values of hyperparameters without a default (the bench needs some value; 1e-3 keeps steps small). */
export function benchHypers(program: Program): Record<string, number> {
  return Object.fromEntries(program.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 1e-3]));
}

/**
 * Engine `name` (runtime/engine.ts) over one tensor of n zeros, warmed up by a first step with gradients of
 * 0.01; each timed step then repeats it with the gradients already on the device (as when tfjs computed them)
 * and waits until the engine has finished, copying nothing back.
 */
export async function engineVariant(
  name: EngineName,
  program: Program,
  n: number,
  init: Partial<EngineInit> = {},
): Promise<StepVariant> {
  const engine: Engine = await openEngine(name, program, {
    params: [{ name: 'w', shape: [n] }],
    w: [new Float32Array(n)],
    hypers: benchHypers(program),
    ...init,
  });
  const inputs = program.signature.inputs.map(() => 1e-3);
  await engine.step([new Float32Array(n).fill(0.01)], inputs);
  await engine.settle();
  return {
    async run() {
      await engine.repeatStep(inputs);
      await engine.settle();
    },
    dispose: () => engine.dispose(),
  };
}

/** The fused WGSL step on `device`; `kernel`: the runner's stagger (0 gives identical buffer sizes) and tile. */
export function wgslVariant(
  device: GPUDevice,
  program: Program,
  n: number,
  kernel: EngineInit['kernel'] = {},
): Promise<StepVariant> {
  return engineVariant('wgsl', program, n, { device, kernel });
}

/** The tfjs target's optimizer for `program` on tfjs's current backend. */
export function tfjsVariant(program: Program, n: number): Promise<StepVariant> {
  return engineVariant('tfjs', program, n);
}

function tfjsStep(optimizer: tf.Optimizer, n: number): StepVariant {
  const v = tf.variable(tf.zeros([n]));
  const g = tf.fill([n], 0.01);
  return {
    async run() {
      optimizer.applyGradients([{ name: v.name, tensor: g }]);
      await settleBackend();
    },
    dispose() {
      optimizer.dispose();
      v.dispose();
      g.dispose();
    },
  };
}

/** tfjs's own Adam on its current backend (ε 1e-7, tfjs's default in float32). */
export async function tfAdamVariant(n: number): Promise<StepVariant> {
  const variant = tfjsStep(tf.train.adam(0.001, 0.9, 0.999, 1e-7), n);
  await variant.run();
  return variant;
}
