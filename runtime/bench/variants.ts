// What `optic bench` and test/bench/wgsl.bench.ts time: one optimizer step of a program over a model (one
// tensor per size), followed by a wait until the work is done, on each engine (runtime/engine.ts), tfjs's
// own Adam, and a plain loop beside them. Every variant is built once (buffers, pipelines, optimizer state)
// and warmed up by its first step, so a timed step creates nothing and uploads nothing; every step uses the
// same gradients (model.ts), so that all variants of a program end with the same weights.

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import type { Engine, EngineInit, EngineName } from '../engine.ts';
import { openEngine } from '../engines.ts';
import { hyperSpec, hyperValues } from '../hypers.ts';
import { settleBackend } from '../tfjs/backends.ts';
import { WgslRunner } from '../webgpu/runner.ts';
import { jsLoop, type LoopKind } from './js-loop.ts';
import { benchGradient } from './model.ts';

export interface StepVariant {
  /** One step, resolved when the engine has finished it (with its time on the device, if measured: ms). */
  run(): Promise<unknown>;
  /** The weights now, one array per tensor (read back, not timed). */
  weights(): Promise<Float64Array[]>;
  dispose(): void;
  /** Milliseconds to open it (compile, pipelines, buffers, tensors) and for its first step, finished. */
  readonly cold: { readonly open: number; readonly first: number };
}

/** One tensor of n elements, or one per size. */
type Sizes = number | readonly number[];
const sizesOf = (n: Sizes): readonly number[] => (typeof n === 'number' ? [n] : n);

/** Values of hyperparameters without a default (the bench needs some value; 1e-3 keeps steps small). */
export function benchHypers(program: Program): Record<string, number> {
  return Object.fromEntries(program.signature.hypers.filter((h) => h.default === undefined).map((h) => [h.name, 1e-3]));
}

/**
 * Engine `name` (runtime/engine.ts) over zero weights, warmed up by a first step with the bench's gradients;
 * each timed step then repeats it with the gradients already on the device (as when tfjs computed them) and
 * waits until the engine has finished, copying nothing back.
 */
export async function engineVariant(
  name: EngineName,
  program: Program,
  n: Sizes,
  init: Partial<EngineInit> = {},
): Promise<StepVariant> {
  const sizes = sizesOf(n);
  const t0 = performance.now();
  const engine: Engine = await openEngine(name, program, {
    params: sizes.map((size, t) => ({ name: `t${t}`, shape: [size] })),
    w: sizes.map((size) => new Float32Array(size)),
    hypers: benchHypers(program),
    ...init,
  });
  const inputs = program.signature.inputs.map(() => 1e-3);
  const t1 = performance.now();
  await engine.step(sizes.map(benchGradient), inputs);
  await engine.settle();
  return {
    cold: { open: t1 - t0, first: performance.now() - t1 },
    async run() {
      await engine.repeatStep(inputs);
      await engine.settle();
    },
    weights: async () => (await engine.read()).w,
    dispose: () => engine.dispose(),
  };
}

/**
 * The fused WGSL step on `device`; `kernel`: the runner's stagger (0 gives identical buffer sizes), tile, or
 * its traffic twin. The runner itself rather than the engine (the same runner, engine.ts): on a device with
 * 'timestamp-query', each step's compute pass writes its begin and end times, read back with the wait for
 * the step, and `run` returns the difference.
 */
export async function wgslVariant(
  device: GPUDevice,
  program: Program,
  n: Sizes,
  kernel: EngineInit['kernel'] = {},
): Promise<StepVariant> {
  const sizes = sizesOf(n);
  const t0 = performance.now();
  const clock = device.features.has('timestamp-query') ? gpuClock(device) : undefined;
  const runner = await WgslRunner.create(device, program, {
    params: sizes.map((size, t) => ({ name: `t${t}`, shape: [size] })),
    weights: sizes.map((size) => new Float32Array(size)),
    hypers: benchHypers(program),
    ...kernel,
    ...(clock ? { timestampWrites: clock.writes } : {}),
  });
  const inputs = program.signature.inputs.map(() => 1e-3);
  const t1 = performance.now();
  runner.step(sizes.map(benchGradient), inputs);
  await device.queue.onSubmittedWorkDone();
  return {
    cold: { open: t1 - t0, first: performance.now() - t1 },
    async run() {
      runner.stepOnGpu(inputs, undefined, clock?.resolve);
      if (clock) return clock.read();
      await device.queue.onSubmittedWorkDone();
    },
    weights: async () => (await runner.read()).w.map((t) => Float64Array.from(t)),
    dispose() {
      runner.destroy();
      clock?.destroy();
    },
  };
}

/** A compute pass's begin and end times, resolved into a buffer the host maps: milliseconds between them. */
function gpuClock(device: GPUDevice) {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const readable = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  return {
    writes: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    resolve(encoder: GPUCommandEncoder) {
      encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readable, 0, 16);
    },
    async read(): Promise<number> {
      await readable.mapAsync(GPUMapMode.READ);
      const [begin, end] = new BigUint64Array(readable.getMappedRange());
      readable.unmap();
      return Number(end - begin) / 1e6;
    },
    destroy() {
      querySet.destroy();
      resolved.destroy();
      readable.destroy();
    },
  };
}

/** The tfjs target's optimizer for `program` on tfjs's current backend. */
export function tfjsVariant(program: Program, n: Sizes): Promise<StepVariant> {
  return engineVariant('tfjs', program, n);
}

/** The reference interpreter, float64 (slow: for small sizes). */
export function interpVariant(program: Program, n: Sizes): Promise<StepVariant> {
  return engineVariant('interp', program, n);
}

/**
 * tfjs's own Adam on its current backend, with the hyperparameters of `adam`, a program equivalent to
 * programs/tfjs/adam.opt (and so naming them as it does: lr, β1, β2, ε).
 */
export async function tfAdamVariant(n: Sizes, adam: Program): Promise<StepVariant> {
  const sizes = sizesOf(n);
  const t0 = performance.now();
  const values = hyperValues(hyperSpec(adam), benchHypers(adam));
  const h = Object.fromEntries(adam.signature.hypers.map((x, k) => [x.name, values[k]]));
  const optimizer = tf.train.adam(h.lr, h.β1, h.β2, h.ε);
  const vs = sizes.map((size, t) => tf.variable(tf.zeros([size]), true, `optic-bench/${benchVariables++}/t${t}`));
  const gs = sizes.map((size) => tf.tensor(benchGradient(size)));
  const t1 = performance.now();
  const variant = {
    async run() {
      optimizer.applyGradients(vs.map((v, t) => ({ name: v.name, tensor: gs[t] })));
      await settleBackend();
    },
    weights: () => Promise.all(vs.map(async (v) => Float64Array.from(await v.data()))),
    dispose() {
      optimizer.dispose();
      tf.dispose([...vs, ...gs]);
    },
  };
  await variant.run();
  return { ...variant, cold: { open: t1 - t0, first: performance.now() - t1 } };
}
let benchVariables = 0;

/** The plain loop for `kind` (js-loop.ts), with `program`'s hyperparameter values. */
export async function jsLoopVariant(kind: LoopKind, program: Program, n: Sizes): Promise<StepVariant> {
  const sizes = sizesOf(n);
  const t0 = performance.now();
  const loop = jsLoop(kind, program, sizes, benchHypers(program));
  const g = sizes.map(benchGradient);
  const t1 = performance.now();
  loop.step(g);
  return {
    cold: { open: t1 - t0, first: performance.now() - t1 },
    async run() {
      loop.step(g);
    },
    weights: async () => loop.w.map((t) => Float64Array.from(t)),
    dispose: () => undefined,
  };
}
