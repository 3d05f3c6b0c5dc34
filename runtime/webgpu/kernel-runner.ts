// Runs a compiled WGSL kernel (kernel.ts) on a model's parameters: buffers, pipelines and bind groups are
// created once (`KernelRunner.fromKernel`); each `step` is a few `writeBuffer`s, one compute pass and one
// submit, and never waits for the GPU. The non-finite policy (monitor.ts) reads the control block back
// asynchronously; `sync()` and `read()` are the only calls that wait. Nothing here compiles: runner.ts's
// WgslRunner compiles a Program first, and a page runs a kernel it loaded without optic's compiler.

import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import { type HyperGroup, hyperSpec, type HyperValues, hypersPerTensor, type ParamInfo } from '../hypers.ts';
import { chunkCapacity, createBuffers, type ModelBuffers, packedSlots, type Region } from './buffers.ts';
import { fieldView, type FieldView } from './fields.ts';
import { pack, planLayout, unpack, type PackedLayout } from './layout.ts';
import { encodeStep, PER_STEP_ROWS, StepCounter, type StepEncoding, StepWriter, tensorStride } from './kernel-step.ts';
import {
  counterFields,
  initialControl,
  Monitor,
  readStatus,
  type ControlStatus,
  type NonFinitePolicy,
} from './monitor.ts';
import { pipelines, pipelinesSync, type Pipelines } from './pipelines.ts';
import { readBack } from './readback.ts';
import { checkState, type RunnerState, type StateInput } from './state.ts';
import { type KernelProgram, kernelProgram, type WgslKernel } from './kernel.ts';
import { type LineLayout, lineFields, lineLayout, lineStateOf, lineStateWrites, sizeOf } from './lines.ts';

/** How to run a kernel on a model (runner.ts's RunnerOptions add how to compile a program first). */
export interface KernelRunnerOptions {
  /** The model's variables (names for hyperparameter groups, shapes for sizes). */
  params: readonly ParamInfo[];
  /** Initial weights per variable (default zeros). */
  weights?: readonly ArrayLike<number>[];
  /** Hyperparameter values by name, and per-variable groups (runtime/hypers.ts); defaults fill the rest. */
  hypers?: HyperValues<number>;
  groups?: readonly HyperGroup<number>[];
  /** The hyperparameter table itself, [variable][hyperparameter], resolved by the caller (hypers and groups unused). */
  table?: readonly (readonly number[])[];
  /** What a non-finite gradient does: 'skip' the step (default), stop with an 'error', or 'ignore' it. */
  policy?: NonFinitePolicy;
  onSkip?: (status: ControlStatus) => void;
  /** The first step's counter (default 1). */
  step?: number;
  /** Limits, normally the device's: elements per buffer binding, workgroups per dispatch. */
  maxChunkElements?: number;
  maxWorkgroups?: number;
  /** Extra bytes per slot between buffer sizes (default 4 KiB; 0 for identical sizes, to measure why). */
  stagger?: number;
  /** Where the step's compute pass writes its begin and end times (a device with 'timestamp-query': a bench). */
  timestampWrites?: GPUComputePassTimestampWrites;
}

export interface Snapshot extends ControlStatus {
  w: Float32Array[];
  state: Float32Array[][];
  /** The last step's update (a module compiled with writeUpdate: runner.ts's keepUpdate). */
  update?: Float32Array[];
}

export class KernelRunner {
  private readonly staging: Float32Array<ArrayBuffer>[];
  /** The host's copy of the `Params` uniform, rewritten whole when a per-step input changes. */
  private readonly params: FieldView;
  /** Which of `buffers.slots` holds what. */
  private readonly slot: ReturnType<typeof packedSlots>;
  /**
   * The half of the double-buffered weights and state the next step reads (buffers.ts): every step writes the
   * other (a skipped one copies its half there), so the halves alternate with every step submitted.
   */
  private half = 0;
  private destroyed = false;
  private readonly counter: StepCounter;
  private readonly writer: StepWriter;
  private readonly encoding: StepEncoding;

  private constructor(
    readonly device: GPUDevice,
    readonly program: KernelProgram,
    readonly module: WgslModule,
    readonly layout: PackedLayout,
    pipelines: Pipelines,
    readonly buffers: ModelBuffers,
    private readonly monitor: Monitor,
    readonly options: KernelRunnerOptions,
    private readonly maxWorkgroups: number,
    /** Where rows and cols values live in `sums` (a module with them; lines.ts). */
    readonly lines?: LineLayout,
  ) {
    this.staging = layout.chunks.map((c) => new Float32Array(4 * c.vec4s));
    this.params = fieldView(module.manifest, 'Params');
    this.slot = packedSlots(module);
    this.counter = new StepCounter(monitor, options.step ?? 1);
    this.writer = new StepWriter(device, module, layout, buffers, this.params, lines ? lineFields(lines) : []);
    const { policy = 'skip', timestampWrites } = options;
    this.encoding = { module, layout, buffers, pipelines, policy, maxWorkgroups, timestampWrites };
  }

  /** Creates everything and checks the shader's compilation messages and WebGPU's validation. */
  static fromKernel(device: GPUDevice, kernel: WgslKernel, options: KernelRunnerOptions): Promise<KernelRunner> {
    return KernelRunner.fromModule(device, kernelProgram(kernel), kernel, options);
  }

  /** The same without waiting (for tfjs's synchronous applyGradients); errors surface as WebGPU errors. */
  static fromKernelSync(device: GPUDevice, kernel: WgslKernel, options: KernelRunnerOptions): KernelRunner {
    return KernelRunner.fromModuleSync(device, kernelProgram(kernel), kernel, options);
  }

  /** A program's compiled module (`program`: its signature, and its file for messages), checked as fromKernel. */
  static async fromModule(
    device: GPUDevice,
    program: KernelProgram,
    module: WgslModule,
    options: KernelRunnerOptions,
  ): Promise<KernelRunner> {
    checkBindings(device, program, module);
    await pipelines(device, module);
    device.pushErrorScope('validation');
    const runner = KernelRunner.fromModuleSync(device, program, module, options);
    const error = await device.popErrorScope();
    if (error) {
      runner.destroy();
      throw new Error(`optic: WebGPU rejected the model's buffers: ${error.message}`);
    }
    return runner;
  }

  /** The same without waiting. */
  static fromModuleSync(
    device: GPUDevice,
    program: KernelProgram,
    module: WgslModule,
    options: KernelRunnerOptions,
  ): KernelRunner {
    checkBindings(device, program, module);
    const limits = device.limits;
    // The most regions one buffer of a chunk holds: the weights' halves, the state slots' in each, or `sc`'s.
    // Under 'ignore' no step is skipped, so none needs undoing: the step updates one half in place (as fast as
    // before double-buffering on lavapipe, where writing the other half cost 5–20%: results/wgsl-speed.md).
    const m = module.manifest;
    const halves = options.policy === 'ignore' ? 1 : m.halves;
    const tensorState = packedSlots(module).state.filter((k) => k !== undefined).length;
    const regions = Math.max(halves === 2 ? 2 : 0, halves * tensorState, m.scratchRegions);
    const capacity = chunkCapacity(limits, regions, options.stagger);
    // Rows and cols values: each tensor in one chunk (a row or column pass reads all of its elements).
    const layout = planLayout(
      options.params.map((p) => sizeOf(p.shape)),
      Math.min(capacity, Math.floor((options.maxChunkElements ?? Infinity) / 4)),
      m.tileVec4s,
      m.lines !== undefined,
    );
    const sums = (layout.tensors.length + 1 + layout.tileCount) * m.slotsPerRow;
    const lines = m.lines
      ? lineLayout(
          m,
          options.params.map((p) => p.shape),
          sums,
        )
      : undefined;
    const built = pipelinesSync(device, module);
    const rows = options.table ?? hypersPerTensor(hyperSpec(program), options.params, options.hypers, options.groups);
    const tableWords = layout.tiles.length + tensorStride(module) * layout.tensors.length;
    const buffers = createBuffers(
      device,
      module,
      layout,
      built.layout,
      tableWords,
      options.stagger,
      halves,
      lines?.total,
    );
    const monitor = new Monitor(device, module.manifest, options.policy ?? 'skip', options.step ?? 1, options.onSkip);
    const maxWorkgroups = Math.min(options.maxWorkgroups ?? Infinity, limits.maxComputeWorkgroupsPerDimension);
    const runner = new KernelRunner(
      device,
      program,
      module,
      layout,
      built,
      buffers,
      monitor,
      options,
      maxWorkgroups,
      lines,
    );
    try {
      runner.initialize(rows, options.weights);
    } catch (e) {
      runner.destroy();
      throw e;
    }
    return runner;
  }

  private initialize(hypers: readonly (readonly number[])[], weights?: readonly ArrayLike<number>[]): void {
    const { queue } = this.device;
    const { layout, buffers, params } = this;
    const m = this.module.manifest;
    queue.writeBuffer(buffers.table, 0, new Uint32Array(layout.tiles));
    this.setHyperTable(hypers);
    params
      .set('n_tiles', layout.tileCount)
      .set('n_tensors', layout.tensors.length)
      .set('tensor_base', layout.tiles.length)
      .set('tensor_stride', tensorStride(this.module))
      .set('per_step_rows', PER_STEP_ROWS)
      .set('per_step_count', m.perStep.outputs.length)
      .set('part_base', (layout.tensors.length + 1) * m.slotsPerRow)
      .set('check', this.options.policy === 'ignore' ? 0 : 1);
    if (this.lines)
      params.set('line_base', this.lines.lineBase).set('rc_base', this.lines.rcBase).set('rc_half', this.lines.rcHalf);
    for (const f of m.params.fields) if (f.bits !== undefined) params.setBits(f.name, f.bits);
    queue.writeBuffer(buffers.params, 0, params.bytes);
    queue.writeBuffer(buffers.control, 0, initialControl(m, this.options.step ?? 1).bytes);
    if (weights) this.writeSlot(this.slot.w, weights);
  }

  /** Packs one value per variable into packed slot `slot` (`packedSlots`). */
  private writeSlot(slot: number, values: readonly ArrayLike<number>[]): void {
    pack(this.layout, values, this.staging);
    const chunks = this.buffers.slots[this.half][slot];
    this.staging.forEach((data, k) => this.device.queue.writeBuffer(chunks[k].buffer, chunks[k].offset, data));
  }

  /** Where packed slot `slot` (`packedSlots`) of chunk `chunk` is now: for the weights and state, the half the next step reads. */
  region(slot: number, chunk: number): Region {
    return this.buffers.slots[this.half][slot][chunk];
  }

  /**
   * Overwrites weights and/or state slots (e.g. loading a checkpoint); state is [slot][variable]. A rows or
   * cols slot is written to both halves of its place in `sums`: the next step reads one, whichever.
   */
  write(values: { w?: readonly ArrayLike<number>[]; state?: readonly (readonly ArrayLike<number>[])[] }): void {
    if (values.w) this.writeSlot(this.slot.w, values.w);
    values.state?.forEach((s, k) => {
      const packed = this.slot.state[k];
      if (packed !== undefined) return this.writeSlot(packed, s);
      const lines = this.lines!;
      for (const { at, data } of lineStateWrites(this.module.manifest, lines, k, s))
        for (const half of [0, 1])
          this.device.queue.writeBuffer(this.buffers.sums, 4 * (lines.rcBase + half * lines.rcHalf + at), data);
    });
  }

  /** Sets the step counter (the next step's number). */
  setStep(step: number): void {
    const fields = counterFields(this.module.manifest, step);
    for (const name of ['step', 'step_hi']) {
      const { offset, bytes } = fields.range(name);
      this.device.queue.writeBuffer(this.buffers.control, offset, bytes);
    }
    this.counter.rebase(step);
  }

  /** The number of the step about to be submitted, as the host knows it (`StepCounter`). */
  nextStep(): number {
    return this.counter.next();
  }

  /** The step counter, weights and state, read back (waits for the GPU): what `setState` takes. */
  async getState(): Promise<RunnerState> {
    const { step, w, state } = await this.read();
    return { step, w, state };
  }

  /**
   * Loads a checkpoint for the following steps: the step counter, the state and, if given, the weights.
   * Checks every shape first (an error names the slot and variable) and writes nothing if one is wrong.
   */
  setState(input: StateInput): void {
    checkState(this.program.signature.state, this.options.params, input, this.program.signature.stateTypes);
    this.write(input);
    this.setStep(input.step);
  }

  /** Sets hyperparameter values (and groups) for the following steps: a table write, no new pipeline. */
  setHypers(
    values: HyperValues<number>,
    groups: readonly HyperGroup<number>[] | undefined = this.options.groups,
  ): void {
    this.setHyperTable(hypersPerTensor(hyperSpec(this.program), this.options.params, values, groups));
  }

  /** Sets the hyperparameter table directly: [variable][hyperparameter in signature order]. */
  setHyperTable(table: readonly (readonly number[])[]): void {
    this.writer.setHyperTable(table, this.nextStep());
  }

  /**
   * One step with these gradients (one array per variable) and per-step inputs. A NaN or ±Inf in either is
   * found on the GPU and handled by the non-finite policy (skip, error or ignore), the same for both.
   */
  step(gradients: readonly ArrayLike<number>[], inputs: readonly number[] = []): void {
    this.checkUsable();
    this.writeSlot(this.slot.g, gradients);
    this.stepOnGpu(inputs);
  }

  /**
   * One step with gradients already in the gradient buffers (written by copies, e.g. from tfjs), encoded
   * into `encoder` if given (after what it holds); `after` encodes more work (copies out) before the submit,
   * when `region` already gives the step's results.
   */
  stepOnGpu(
    inputs: readonly number[] = [],
    encoder?: GPUCommandEncoder,
    after?: (encoder: GPUCommandEncoder) => void,
  ): void {
    this.checkUsable();
    this.writer.write(inputs, this.nextStep());
    this.counter.submit();
    const enc = encoder ?? this.device.createCommandEncoder({ label: 'optic step' });
    encodeStep(enc, this.encoding, this.half);
    this.half ^= 1;
    after?.(enc);
    const probe = this.monitor.probe(enc, this.buffers.control);
    this.device.queue.submit([enc.finish()]);
    this.monitor.watch(probe);
  }

  /** Refuses a step after destroy() (before anything is written to its buffers) or after the policy's error. */
  private checkUsable(): void {
    if (this.destroyed) throw new Error('WgslRunner: used after destroy()');
    if (this.monitor.error) throw this.monitor.error;
  }

  /** Waits for the GPU and every status readback; throws the policy's error, if any. */
  async sync(): Promise<ControlStatus> {
    await this.device.queue.onSubmittedWorkDone();
    await this.monitor.settle();
    const status = await this.readControl();
    this.monitor.status = status;
    if (this.monitor.error) throw this.monitor.error;
    return status;
  }

  /** The status as last read back (never waits). */
  get status(): ControlStatus {
    return this.monitor.status;
  }

  /** Reads weights, state and the control block back (waits for the GPU). */
  async read(): Promise<Snapshot> {
    // Both copies are submitted before this function first yields, so no step can fall between them: the
    // counter read back is the one of the weights and state read back.
    const { w: weights, state: slots, update: kept } = this.slot;
    const packed = slots.filter((k) => k !== undefined);
    const wanted = [weights, ...packed, ...(kept === undefined ? [] : [kept])];
    const reading = this.readBuffers(wanted.map((k) => this.buffers.slots[this.half][k]));
    const lines = this.lines;
    // Both halves of the rows and cols state, and the control block whose parity says which is current.
    const both = lines
      ? this.readBuffers([[{ buffer: this.buffers.sums, offset: 4 * lines.rcBase }]], 8 * lines.rcHalf)
      : undefined;
    const controlBytes = this.readBuffers(
      [[{ buffer: this.buffers.control, offset: 0 }]],
      this.module.manifest.control.size,
    );
    const [w, ...rest] = (await reading).map((c) => unpack(this.layout, c));
    const bytes = (await controlBytes)[0][0];
    const control = readStatus(this.module.manifest, bytes);
    const lineState = both ? (await both)[0][0] : undefined;
    const parity = lineState ? fieldView(this.module.manifest, 'Control', bytes).get('parity') : 0;
    let next = 0;
    const state = slots.map((k, slot) =>
      k !== undefined ? rest[next++] : lineStateOf(this.module.manifest, lines!, slot, lineState!, parity),
    );
    const update = kept === undefined ? undefined : rest[packed.length];
    return { w, state, ...(update ? { update } : {}), ...control };
  }

  private async readControl(): Promise<ControlStatus> {
    const region = { buffer: this.buffers.control, offset: 0 };
    const [[bytes]] = await this.readBuffers([[region]], this.module.manifest.control.size);
    return readStatus(this.module.manifest, bytes);
  }

  /** Reads regions back; a region's size is `size` bytes, or its chunk's by default (readback.ts). */
  private readBuffers(groups: readonly Region[][], size?: number): Promise<Float32Array[][]> {
    return readBack(this.device, groups, (k) => size ?? 16 * this.layout.chunks[k].vec4s);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.buffers.destroy();
    this.monitor.destroy();
  }
}

/**
 * Refuses a module whose storage bindings exceed the device's limit, before anything is created. Every module
 * has at most 8 (its state slots share one binding, so do the values it materializes) and WebGPU guarantees 8:
 * this holds unless a host gives a device below the standard.
 */
function checkBindings(device: GPUDevice, program: KernelProgram, module: WgslModule): void {
  const storage = module.manifest.bindings.filter((b) => b.kind === 'storage').length;
  const limit = device.limits.maxStorageBuffersPerShaderStage;
  if (storage > limit)
    throw new Error(
      `${program.file}: the WGSL kernel needs ${storage} storage buffers per shader stage; this device allows ${limit}`,
    );
}
