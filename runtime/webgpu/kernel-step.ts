// One step's host side, apart from the runner's life cycle (kernel-runner.ts): the step number as the host
// knows it (`StepCounter`), what the host writes before a step (`StepWriter`: the per-step inputs in the
// `Params` uniform; the tensor table, each tensor's hyperparameters and its per-step scalars), and the step's
// passes encoded into one compute pass reading one half of the weights and state (`encodeStep`).

import { evaluatePerStep } from '../../compiler/scalars.ts';
import { structOf } from '../../compiler/targets/wgsl-interface.ts';
import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import type { ModelBuffers } from './buffers.ts';
import type { FieldView } from './fields.ts';
import { type PackedLayout, tensorTable } from './layout.ts';
import type { Monitor, NonFinitePolicy } from './monitor.ts';
import type { Pipelines } from './pipelines.ts';

/**
 * Rows of per-step scalars per tensor: the host's step number and the ones below it, for steps the GPU skipped
 * that the host has not read back yet (readbacks are asynchronous; they land between steps that yield).
 */
export const PER_STEP_ROWS = 8;

/**
 * u32s per tensor in the tensor table: first tile, tile count, with rows or cols values R, C and where its lines
 * live (lines.ts), hyperparameters, rows of per-step scalars.
 */
export const tensorStride = (module: WgslModule) =>
  2 +
  (module.manifest.lines ? 4 : 0) +
  module.manifest.signature.hypers.length +
  PER_STEP_ROWS * module.manifest.perStep.outputs.length;

/**
 * The number of the step about to be submitted, as the host knows it: the counter last read back (the
 * monitor's status), plus the steps submitted after that copy. A step the GPU skips (a non-finite gradient)
 * is known here once its status is read back (asynchronously after each step, and at every `sync()` and
 * `read()`); until then the number is one higher per unseen skip, and the kernel picks the per-step scalars
 * of its own number from the rows written for the numbers below (`StepWriter`).
 */
export class StepCounter {
  /** Steps submitted since the counter was last set, and the counter + skips at that moment. */
  private submitted = 0;
  private origin: number;

  constructor(
    private readonly monitor: Monitor,
    first: number,
  ) {
    this.origin = first;
  }

  next(): number {
    const s = this.monitor.status;
    const covered = s.step + s.skipped - this.origin;
    return s.step + this.submitted - covered;
  }

  submit(): void {
    this.submitted++;
  }

  /** The counter was set to `step` (the next step's number) on the GPU. */
  rebase(step: number): void {
    this.monitor.rebase(step);
    this.origin = step + this.monitor.status.skipped;
    this.submitted = 0;
  }
}

/** Writes what a step reads besides the packed tensors: the per-step inputs and the tensor table. */
export class StepWriter {
  /** The hyperparameter table, [variable][hyperparameter]: the host computes the per-step scalars from it. */
  private hyperRows: readonly (readonly number[])[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly module: WgslModule,
    private readonly layout: PackedLayout,
    private readonly buffers: ModelBuffers,
    /** The host's copy of the `Params` uniform, rewritten whole when a per-step input changes. */
    private readonly params: FieldView,
    /** Each tensor's u32 fields after its tiles (lines.ts's `lineFields`; none without rows or cols values). */
    private readonly fields: readonly (readonly number[])[] = [],
  ) {}

  /** Sets the hyperparameter table, [variable][hyperparameter in signature order], for step `step` on. */
  setHyperTable(table: readonly (readonly number[])[], step: number): void {
    const names = this.module.manifest.signature.hypers.map((h) => h.name);
    table.forEach((row) =>
      row.forEach((v, k) => {
        if (!Number.isFinite(v))
          throw new Error(`hyperparameter '${names[k]}' is ${v}: the WGSL kernel needs finite values`);
      }),
    );
    this.hyperRows = table.map((row) => [...row]);
    // With per-step scalars every step writes the table (they need its inputs and number); without, here.
    if (this.module.manifest.perStep.outputs.length === 0) this.writeTensorTable(step, []);
  }

  /** Before step `step` (`StepCounter.next`): its per-step inputs, and the per-step scalars they and it give. */
  write(inputs: readonly number[], step: number): void {
    const { manifest } = this.module;
    const names = manifest.signature.inputs;
    if (inputs.length !== names.length)
      throw new Error(
        `the program takes ${names.length} per-step input(s) (${names.join(', ')}), got ${inputs.length}`,
      );
    const perStep = manifest.perStep.outputs.length > 0;
    if (inputs.length === 0 && !perStep) return;
    for (const f of manifest.params.fields) if (f.input !== undefined) this.params.set(f.name, inputs[f.input]);
    if (perStep) {
      this.params.set('assumed_step', step % 2 ** 32);
      this.writeTensorTable(step, inputs);
    }
    this.device.queue.writeBuffer(this.buffers.params, 0, this.params.bytes);
  }

  /**
   * Writes the tensor table: each tensor's hyperparameters, then its per-step scalars (float64 on the host,
   * compiler/scalars.ts, once per distinct row of hyperparameters) with these inputs for step `step` and the
   * PER_STEP_ROWS − 1 numbers below it: the kernel takes the row of the step its counter says.
   */
  private writeTensorTable(step: number, inputs: readonly number[]): void {
    const { perStep } = this.module.manifest;
    const cache = new Map<string, number[]>();
    const rows = this.hyperRows.map((row) => {
      const key = row.join(',');
      if (!cache.has(key)) {
        const below = Array.from({ length: PER_STEP_ROWS }, (_, j) => Math.max(1, step - j));
        cache.set(key, [...row, ...below.flatMap((s) => evaluatePerStep(perStep, row, inputs, s))]);
      }
      return cache.get(key)!;
    });
    const extra = this.fields[0]?.length ?? 0;
    const data = tensorTable(this.layout, rows, tensorStride(this.module) - 2 - extra, this.fields);
    this.device.queue.writeBuffer(this.buffers.table, 4 * this.layout.tiles.length, data);
  }
}

/** What encoding a step needs besides the half it reads. */
export interface StepEncoding {
  readonly module: WgslModule;
  readonly layout: PackedLayout;
  readonly buffers: ModelBuffers;
  readonly pipelines: Pipelines;
  readonly policy: NonFinitePolicy;
  readonly maxWorkgroups: number;
  readonly timestampWrites?: GPUComputePassTimestampWrites;
}

/** Encodes one step's passes (one compute pass) into `encoder`, reading half `half` of weights and state. */
export function encodeStep(encoder: GPUCommandEncoder, step: StepEncoding, half: number): void {
  const { module, layout, buffers, pipelines, maxWorkgroups, timestampWrites } = step;
  const pass = encoder.beginComputePass({ label: 'optic step', ...(timestampWrites ? { timestampWrites } : {}) });
  const tensorsPlusOne = layout.tensors.length + 1;
  const bindGroups = buffers.bindGroups[half];
  for (const p of module.manifest.passes) {
    // Under 'ignore' nothing raises flag bit 0: no step is skipped, nothing is carried over.
    if (p.entryPoint === 'carry_over' && step.policy === 'ignore') continue;
    pass.setPipeline(pipelines.byEntry.get(p.entryPoint)!);
    if (p.dispatch === 'tiles') {
      layout.chunks.forEach((c, k) => {
        if (c.tileCount === 0) return;
        pass.setBindGroup(0, bindGroups[k]);
        pass.dispatchWorkgroups(Math.min(c.tileCount, maxWorkgroups));
      });
    } else if (p.dispatch === 'indirect') {
      // The counts are the kernel's (zero workgroups unless it skips the step), at most maxWorkgroups.
      const offset = structOf(module.manifest, 'Control').fields.find((f) => f.name === p.indirect)!.offset;
      layout.chunks.forEach((c, k) => {
        if (c.tileCount === 0) return;
        pass.setBindGroup(0, buffers.indirectBindGroups[half][k]);
        pass.dispatchWorkgroupsIndirect(buffers.control, offset);
      });
    } else {
      pass.setBindGroup(0, bindGroups[0]);
      pass.dispatchWorkgroups(p.dispatch === 'rows' ? Math.min(tensorsPlusOne, maxWorkgroups) : 1);
    }
  }
  pass.end();
}
