// What `optic bench` and test/bench/wgsl.bench.ts time: one optimizer step of a program over one parameter
// tensor of n elements, followed by a wait until the work is done, on each engine. Every variant is built once
// (buffers, pipelines, optimizer state) and warmed up by its first step, so a timed step creates nothing.

import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Program } from '../../compiler/ir.ts';
import type { TileShape } from '../../compiler/targets/wgsl-kernels.ts';
import { tfjsOptimizer } from '../tfjs/index.ts';
import { WgslRunner } from '../webgpu/runner.ts';

export interface StepVariant {
  /** One step, resolved when the engine has finished it. */
  run(): Promise<void>;
  dispose(): void;
}

/** Values of hyperparameters without a default (the bench needs some value; 1e-3 keeps steps small). */
export function benchHypers(program: Program): Record<string, number> {
  return Object.fromEntries(program.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 1e-3]));
}

const inputs = (program: Program) => program.signature.inputs.map(() => 1e-3);

export interface WgslVariantOptions {
  /** Extra bytes per buffer slot (the runner's stagger; 0 gives identical sizes). */
  stagger?: number;
  tile?: TileShape;
}

/** The fused WGSL step, gradients already on the GPU (as when tfjs computed them). */
export async function wgslVariant(
  device: GPUDevice,
  program: Program,
  n: number,
  options: WgslVariantOptions = {},
): Promise<StepVariant> {
  const runner = await WgslRunner.create(device, program, {
    params: [{ name: 'w', shape: [n] }],
    hypers: benchHypers(program),
    ...options,
  });
  const x = inputs(program);
  runner.step([new Float32Array(n).fill(0.01)], x);
  await device.queue.onSubmittedWorkDone();
  return {
    async run() {
      runner.stepOnGpu(x);
      await device.queue.onSubmittedWorkDone();
    },
    dispose: () => runner.destroy(),
  };
}

/** Waits for tfjs's current backend: webgpu batches commands, which must be submitted and finished. */
async function settle(): Promise<void> {
  const backend = tf.backend() as Partial<WebGPUBackend>;
  if (backend.device && backend.submitQueue) {
    backend.ensureCommandEncoderReady!();
    backend.endComputePassEncoder!();
    backend.submitQueue();
    await backend.device.queue.onSubmittedWorkDone();
  }
}

function tfjsStep(optimizer: tf.Optimizer, n: number): StepVariant {
  const v = tf.variable(tf.zeros([n]));
  const g = tf.fill([n], 0.01);
  return {
    async run() {
      optimizer.applyGradients([{ name: v.name, tensor: g }]);
      await settle();
    },
    dispose() {
      optimizer.dispose();
      v.dispose();
      g.dispose();
    },
  };
}

/** The tfjs target's optimizer for `program` on tfjs's current backend. */
export async function tfjsVariant(program: Program, n: number): Promise<StepVariant> {
  const variant = tfjsStep(tfjsOptimizer(program, { hypers: benchHypers(program) }), n);
  await variant.run();
  return variant;
}

/** tfjs's own Adam on its current backend (ε 1e-7, tfjs's default in float32). */
export async function tfAdamVariant(n: number): Promise<StepVariant> {
  const variant = tfjsStep(tf.train.adam(0.001, 0.9, 0.999, 1e-7), n);
  await variant.run();
  return variant;
}
