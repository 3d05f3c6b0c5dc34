// Training with tfjs on its webgpu backend, the step done by a fused WGSL kernel (kernel.ts) on the same GPUDevice:
// gradients are copied GPU to GPU into the packed gradient buffer, one dispatch per pass updates every
// variable, and the new weights are copied back into the variables' own buffers. Nothing goes through the
// CPU. A `tf.train.Optimizer`, shaped like the tfjs target's (runtime/tfjs/optimizer.ts): same
// constructor options, `${variable}/${slot}` weights after tfjs's `iter`, so `model.fit` works.
//
// It reaches into the webgpu backend: `tensorMap` (a tensor's GPUBuffer) and `submitQueue` (tfjs batches
// its commands; they must reach the queue before ours). Both are public members of WebGPUBackend 4.x.
//
// Nothing here compiles: optimizer.ts's WgslOptimizer compiles a Program to its kernel first; a page gives
// KernelOptimizer a kernel `optic compile --target wgsl --format json` wrote, without optic's compiler.

import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor } from '@tensorflow/tfjs-core/dist/tensor_types.js';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import {
  checkHypers,
  type HyperGroup,
  type HyperSpec,
  hyperSpec,
  type HyperValue,
  type HyperValues,
  hypersPerTensor,
  inputValues,
} from '../hypers.ts';
import { type ConfigSpec, decodeConfig, encodeConfig } from '../tfjs/config.ts';
import { checkStepNumber, type Entry, gradientEntries as tfjsGradientEntries } from '../tfjs/optimizer.ts';
import { type KernelProgram, kernelProgram, type WgslKernel } from './kernel.ts';
import { packedSlots } from './buffers.ts';
import { KernelRunner } from './kernel-runner.ts';
import type { ControlStatus, NonFinitePolicy } from './monitor.ts';
import { fromNamed, toNamed, type NamedValue } from './state.ts';

export interface WgslOptimizerOptions {
  /** Values of hyperparameters and per-step inputs by name: numbers or schedules. Defaults fill the rest. */
  hypers?: HyperValues;
  groups?: readonly HyperGroup[];
  policy?: NonFinitePolicy;
  onSkip?: (status: ControlStatus) => void;
  /**
   * Keep each step's update per variable in `lastUpdates`, as the tfjs target's optimizers do (for inspection;
   * one tensor per variable per step). The kernel must write its update (compiled with `writeUpdate`: a
   * WgslOptimizer compiles its program so when asked).
   */
  keepUpdates?: boolean;
}

/** A KernelOptimizer class for one kernel, as the tfjs target's classes are: `new (options)`, fromConfig. */
export interface KernelOptimizerClass extends tf.serialization.SerializableConstructor<KernelOptimizer> {
  new (options?: WgslOptimizerOptions): KernelOptimizer;
  readonly kernel: WgslKernel;
}

/**
 * The kernel's KernelOptimizer class, registered with tf.serialization under the kernel's class name: the one
 * call a page makes before tf.loadLayersModel of a model saved with an optimizer of this program's kernel.
 */
export function kernelOptimizerClass(kernel: WgslKernel): KernelOptimizerClass {
  class KernelClass extends KernelOptimizer {
    static get kernel(): WgslKernel {
      return kernel;
    }

    constructor(options: WgslOptimizerOptions = {}) {
      super(kernel, options);
    }
  }
  tf.serialization.registerClass(KernelClass);
  return KernelClass;
}

/** What a saved config names: the kernel's class (`OpticWgslLion` for lion.opt) and program fingerprint. */
const configSpec = (kernel: WgslKernel): ConfigSpec => ({
  className: kernel.className,
  file: kernel.file,
  fingerprint: kernel.fingerprint,
});

export class KernelOptimizer extends tf.Optimizer {
  /**
   * The generic class's name; a class with a static `kernel` (kernelOptimizerClass, wgslOptimizerClass) is its
   * kernel's, and so is an instance's (getClassName): what a saved model names.
   */
  static get className(): string {
    // biome-ignore lint/complexity/noThisInStatic: the class it is read on, a subclass with its own kernel
    return (this as { kernel?: WgslKernel }).kernel?.className ?? 'OpticWgslOptimizer';
  }

  /** A saved config (getConfig) for a class with a static `kernel`, its program's fingerprint checked. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { kernel } = cls as unknown as { kernel?: WgslKernel };
    if (!kernel)
      throw new Error(`${cls.className}.fromConfig: the class has no kernel (kernelOptimizerClass makes one)`);
    return new (cls as unknown as new (options: WgslOptimizerOptions) => T)(decodeConfig(configSpec(kernel), config));
  }

  private runner?: KernelRunner;
  private names: string[] = [];
  /** State setWeights loaded before the first step: the runner, and the variables, do not exist yet. */
  private held?: NamedValue[];
  /**
   * Each variable's data id when the kernel last had its value: the first step, and a step after tfjs's assign
   * (model.setWeights, a restored checkpoint) gave a variable a new one, copy that value in instead of stepping
   * from the kernel's own copy. The kernel's writes into the variable's buffer keep the id.
   */
  private known: object[] = [];
  private readonly spec: HyperSpec;
  private readonly configSpec: ConfigSpec;
  hypers: Record<string, HyperValue>;
  groups: HyperGroup[];
  /** Whether to keep each step's updates in lastUpdates (variable name → tensor), for inspection. */
  readonly keepUpdates: boolean;
  /** The last step's update per variable name (zero after a skipped step), with `keepUpdates`. */
  lastUpdates = new Map<string, tf.Tensor>();

  /** What the kernel's program is to the host: its signature, and its file for messages. */
  readonly program: KernelProgram;

  constructor(
    readonly kernel: WgslKernel,
    private readonly options: WgslOptimizerOptions = {},
  ) {
    super();
    this.program = kernelProgram(kernel);
    this.spec = hyperSpec(this.program, true);
    this.configSpec = configSpec(kernel);
    this.hypers = Object.assign(Object.create(null), options.hypers);
    this.groups = [...(options.groups ?? [])];
    checkHypers(this.spec, this.hypers, this.groups);
    this.keepUpdates = options.keepUpdates ?? false;
    if (this.keepUpdates && kernel.manifest.packed.update === undefined)
      throw new Error(`${kernel.file}: keepUpdates needs a kernel that writes its update (compiled with writeUpdate)`);
  }

  /** tfjs's serialization name of this instance: its kernel's (kernelOptimizerClass registers it). */
  override getClassName(): string {
    return this.configSpec.className;
  }

  /** Sets a hyperparameter (or per-step input) to a number or a schedule, from the next step on. */
  setHyper(name: string, value: HyperValue): void {
    const next = Object.assign(Object.create(null), this.hypers, { [name]: value });
    checkHypers(this.spec, next, this.groups);
    this.hypers = next;
  }

  /**
   * tfjs counts every applyGradients, the kernel only the steps it takes: a step skipped for a non-finite
   * gradient leaves its counter (and the bias corrections) where they were. The GPU's skip count is
   * cumulative; the skips already taken off `iterations` are these.
   */
  private skipsCounted = 0;

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = gradientEntries(variableGradients);
    // The skips the asynchronous readbacks have reported so far (never waits): the schedules and per-step
    // inputs then take the kernel's own step number. A skip not yet read back (steps submitted without
    // yielding in between) still makes them one step late per skip: only the GPU knows of it then.
    if (this.runner) this.countSkips(this.runner.status.skipped);
    if (entries.length > 0) this.step(entries, this.iterations + 1);
    this.incrementIterations();
  }

  /** Makes `iterations` the kernel's counter − 1 again, given the GPU's cumulative skip count. */
  private countSkips(skipped: number): void {
    this.iterations_ = this.iterations - (skipped - this.skipsCounted);
    this.skipsCounted = skipped;
  }

  private step(entries: Entry[], step: number): void {
    const table = this.tableAt(entries, step);
    const inputs = inputValues(this.spec, this.hypers, step);
    const backend = tf.backend() as WebGPUBackend;
    if (!(backend.device && backend.tensorMap))
      throw new Error("WgslOptimizer needs the tfjs webgpu backend (tf.setBackend('webgpu'))");
    const runner = this.runnerFor(backend, entries, table);
    runner.setHyperTable(table);
    entries.forEach((e) => ownStorage(backend, e.variable));
    const assigned = entries.flatMap((e, t) => (e.variable.dataId === this.known[t] ? [] : [t]));
    this.known = entries.map((e) => e.variable.dataId);
    // tfjs's batched commands (what computed the gradients, and the uploads of any still on the CPU) first,
    // then one submit of ours.
    entries.forEach((e) => bufferOf(backend, e.gradient));
    assigned.forEach((t) => bufferOf(backend, entries[t].variable));
    const updates = this.keepUpdates ? entries.map((e) => tf.keep(tf.zeros(e.variable.shape))) : [];
    updates.forEach((u) => bufferOf(backend, u));
    backend.ensureCommandEncoderReady();
    backend.endComputePassEncoder();
    backend.submitQueue();
    const encoder = backend.device.createCommandEncoder({ label: 'optic wgsl step' });
    this.copy(encoder, backend, entries, 0, 'in', undefined, assigned);
    this.copy(encoder, backend, entries, 1, 'in');
    runner.stepOnGpu(inputs, encoder, (enc) => {
      this.copy(enc, backend, entries, 0, 'out');
      if (this.keepUpdates) this.copy(enc, backend, entries, packedSlots(this.kernel).update!, 'out', updates);
    });
    if (this.keepUpdates) {
      this.lastUpdates.forEach((u) => u.dispose());
      this.lastUpdates = new Map(entries.map((e, t) => [e.name, updates[t]]));
    }
  }

  private runnerFor(backend: WebGPUBackend, entries: Entry[], table: number[][]): KernelRunner {
    const names = entries.map((e) => e.name);
    if (this.runner) {
      if (names.join('\0') !== this.names.join('\0')) {
        throw new Error(
          'WgslOptimizer: every step must update the same variables (the packed buffers are laid out for them)',
        );
      }
      return this.runner;
    }
    this.names = names;
    this.runner = KernelRunner.fromKernelSync(backend.device, this.kernelFor(backend.device), {
      params: entries.map((e) => ({ name: e.name, shape: e.variable.shape })),
      table,
      policy: this.options.policy,
      onSkip: this.options.onSkip,
      step: this.iterations + 1,
    });
    // The weights themselves come in with the first step: no variable is known yet (`known`).
    if (this.held) this.load(this.held);
    return this.runner;
  }

  /**
   * The kernel to run on `device`: this one, as given (a page's, compiled ahead); WgslOptimizer, which has the
   * program, compiles it again with the tile shape for the device's adapter.
   */
  protected kernelFor(_device: GPUDevice): WgslKernel {
    return this.kernel;
  }

  /** Writes loaded state into the runner (matched to its variables as the tfjs target matches them). */
  private load(values: readonly NamedValue[]): void {
    const runner = this.runner!;
    const { state } = fromNamed(
      this.program.signature.state,
      runner.options.params,
      values,
      this.program.signature.stateTypes,
    );
    runner.setState({ step: this.iterations + 1, state });
    this.held = undefined;
  }

  /** The per-tensor hyperparameter table at this step (schedules and groups): one small write. */
  private tableAt(entries: Entry[], step: number): number[][] {
    const params = entries.map((e) => ({ name: e.name, shape: e.variable.shape }));
    return hypersPerTensor(this.spec, params, this.hypers, this.groups, step);
  }

  /**
   * Copies between each variable's (or gradient's) buffer and its place in packed slot `slot`, or out of the
   * slot into `tensors` (one per entry) if given; only the entries at `only` if given.
   */
  private copy(
    encoder: GPUCommandEncoder,
    backend: WebGPUBackend,
    entries: Entry[],
    slot: number,
    direction: 'in' | 'out',
    tensors?: readonly tf.Tensor[],
    only: readonly number[] = entries.map((_, t) => t),
  ): void {
    const runner = this.runner!;
    const { layout } = runner;
    only.forEach((t) => {
      const e = entries[t];
      const tensor = tensors?.[t] ?? (slot === 1 ? e.gradient : e.variable);
      const own = bufferOf(backend, tensor);
      for (const s of layout.tensors[t].segments) {
        const { buffer, offset } = runner.region(slot, s.chunk);
        const at = offset + 16 * s.vec4;
        if (direction === 'in') encoder.copyBufferToBuffer(own, 4 * s.element, buffer, at, 4 * s.count);
        else encoder.copyBufferToBuffer(buffer, at, own, 4 * s.element, 4 * s.count);
      }
      // tfjs keeps the values a read() downloaded and serves later reads from them: written behind its
      // back, the variable must drop that copy, or data() would return the weights before this step. (The
      // backend itself sets null there; its declared type says never.)
      if (direction === 'out') (backend.tensorMap.get(tensor.dataId) as { values: unknown }).values = null;
    });
  }

  /**
   * The step counter, then each state slot of each variable as `${variable}/${slot}`, read from the GPU in
   * one snapshot (`iter` is the kernel's counter − 1, skipped steps not counted); before the first step,
   * tfjs's `iter` and what setWeights loaded (or nothing).
   */
  override async getWeights(): Promise<NamedTensor[]> {
    if (!this.runner) return [await this.saveIterations(), ...(this.held ?? []).map(tensorOf)];
    const snapshot = await this.runner.read();
    this.countSkips(snapshot.skipped);
    const [iter, ...named] = toNamed(
      this.program.signature.state,
      this.runner.options.params,
      snapshot,
      this.program.signature.stateTypes,
    );
    return [{ name: iter.name, tensor: tf.scalar(iter.data[0], 'int32') }, ...named.map(tensorOf)];
  }

  /**
   * Loads what getWeights() returned, here or from another optimizer of the same program (the tfjs
   * target's included). Before the first step it is held, and written when the step creates the runner.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const values = await Promise.all(
      rest.map(async (x) => ({ name: x.name, data: Float32Array.from(await x.tensor.data()), shape: x.tensor.shape })),
    );
    fromNamed(this.program.signature.state, [], values, this.program.signature.stateTypes); // rejects foreign names now rather than at the first step
    this.held = values;
    if (this.runner) this.load(values);
  }

  /**
   * Sets the number of the next step, as the tfjs target's optimizers do (tfjs's int32 `iter` in setWeights
   * stops at 2^31; this does not): `iterations`, and the kernel's counter once it runs.
   */
  setStep(step: number): void {
    checkStepNumber(step);
    this.iterations_ = step - 1;
    this.runner?.setStep(step);
  }

  /**
   * Waits for the GPU; throws under the 'error' policy if a step met a NaN or ±Inf. Afterwards `iterations`
   * no longer counts the steps the kernel skipped.
   */
  async sync(): Promise<ControlStatus | undefined> {
    if (!this.runner) return undefined;
    const status = await this.runner.sync();
    this.countSkips(status.skipped);
    return status;
  }

  /** Hyperparameter values (numbers and schedules) and groups, as the tfjs target's optimizers save them. */
  override getConfig(): tf.serialization.ConfigDict {
    return encodeConfig(this.configSpec, this.hypers, this.groups);
  }

  override dispose(): void {
    this.lastUpdates.forEach((u) => u.dispose());
    this.lastUpdates.clear();
    this.runner?.destroy();
    this.runner = undefined;
    this.skipsCounted = 0;
    this.held = undefined;
    super.dispose();
  }
}

const tensorOf = (x: NamedValue): NamedTensor => ({
  name: x.name,
  tensor: tf.tensor(x.data as Float32Array, x.shape as number[], 'float32'),
});

/** The call's variables and gradients (as the tfjs target's optimizer reads them), all float32. */
function gradientEntries(variableGradients: tf.NamedTensorMap | NamedTensor[]): Entry[] {
  const entries = tfjsGradientEntries(tf, variableGradients);
  for (const { name, gradient } of entries) {
    if (gradient.dtype !== 'float32')
      throw new Error(`applyGradients: ${JSON.stringify(name)} is ${gradient.dtype}; the WGSL kernel is float32`);
  }
  return entries;
}

/** A tensor's GPUBuffer, uploading it first if tfjs still holds it on the CPU. */
function bufferOf(backend: WebGPUBackend, t: tf.Tensor): GPUBuffer {
  let data = backend.tensorMap.get(t.dataId);
  if (!data.resource) {
    backend.uploadToGPU(t.dataId);
    data = backend.tensorMap.get(t.dataId);
  }
  return data.resource as GPUBuffer;
}

/**
 * The new weights are written into the variable's buffer in place. When tfjs shares that buffer with another
 * tensor (a clone), the variable first gets a copy of its own, so the other tensor keeps its value.
 */
function ownStorage(backend: WebGPUBackend, v: tf.Variable): void {
  if (backend.refCount(v.dataId) <= 1) return;
  const fresh = tf.tidy(() => tf.add(v, 0));
  v.assign(fresh);
  fresh.dispose();
}
