// The non-finite policy's eyes: after each step, a copy of the control block (step counter, skipped-step
// count, flags; the manifest's `Control`) goes to one of a few small mappable buffers, read asynchronously: a step never
// waits for it. When every buffer is still in flight the copy is left out; the counters are cumulative, so
// the next one reports everything.

import type { Manifest } from '../../compiler/targets/wgsl-interface.ts';
import { type FieldView, fieldView } from './fields.ts';

export type NonFinitePolicy = 'skip' | 'error' | 'ignore';

export interface ControlStatus {
  /** The GPU's step counter: the next step's number. */
  step: number;
  skipped: number;
  /**
   * Every flag bit raised so far: 1 a non-finite gradient or input (step skipped), 2 a non-finite result,
   * 4 a step that ran with the per-step scalars of another step number (the host had not read back its skips).
   */
  seen: number;
}

/** Decodes a copy of the control block, by the manifest's layout of `Control`. */
export function readStatus(manifest: Manifest, bytes: ArrayBuffer | ArrayBufferView): ControlStatus {
  const control = fieldView(manifest, 'Control', bytes);
  const step = control.get('step') + 2 ** 32 * control.get('step_hi');
  return { step, skipped: control.get('skipped'), seen: control.get('seen') };
}

/** The control block's step counter fields (a u32 pair: the counter reaches 2^53 − 1) set to `step`. */
export function counterFields(manifest: Manifest, step: number): FieldView {
  return fieldView(manifest, 'Control')
    .set('step', step % 2 ** 32)
    .set('step_hi', Math.floor(step / 2 ** 32));
}

/** The control block a runner starts with: the counter, and the other two counts of carry_over's indirect dispatch. */
export function initialControl(manifest: Manifest, step: number): FieldView {
  const fields = counterFields(manifest, step);
  return manifest.passes.some((p) => p.dispatch === 'indirect') ? fields.set('carry_y', 1).set('carry_z', 1) : fields;
}

export class NonFiniteError extends Error {
  constructor(readonly status: ControlStatus) {
    const what = [status.seen & 1 ? 'a gradient or per-step input' : '', status.seen & 2 ? "the step's result" : '']
      .filter(Boolean)
      .join(' and ');
    const stale = status.seen & 4 ? '; a step ran with per-step scalars of another step number' : '';
    super(
      `non-finite values (NaN or ±Inf) in ${what || 'no value'}${stale}; policy 'error' stops training (step counter ${status.step}, ${status.skipped} step(s) skipped)`,
    );
    this.name = 'NonFiniteError';
  }
}

const SLOTS = 3;

export class Monitor {
  status: ControlStatus;
  error?: NonFiniteError;
  private readonly free: GPUBuffer[] = [];
  private readonly pending = new Set<Promise<void>>();
  /** Bumped by `rebase`: a copy probed before it belongs to the old counter. */
  private epoch = 0;

  constructor(
    device: GPUDevice,
    private readonly manifest: Manifest,
    private readonly policy: NonFinitePolicy,
    firstStep: number,
    private readonly onSkip?: (status: ControlStatus) => void,
  ) {
    this.status = { step: firstStep, skipped: 0, seen: 0 };
    for (let k = 0; k < SLOTS; k++) {
      this.free.push(
        device.createBuffer({
          label: 'optic control readback',
          size: manifest.control.size,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        }),
      );
    }
  }

  /** Encodes a copy of the control block if a readback buffer is free; pass the result to `watch`. */
  probe(encoder: GPUCommandEncoder, control: GPUBuffer): GPUBuffer | undefined {
    const slot = this.free.pop();
    if (slot) encoder.copyBufferToBuffer(control, 0, slot, 0, this.manifest.control.size);
    return slot;
  }

  /** After the submit: maps the copy when the GPU is done, without anyone awaiting it. */
  watch(slot: GPUBuffer | undefined): void {
    if (!slot) return;
    const epoch = this.epoch;
    const done = slot.mapAsync(GPUMapMode.READ).then(
      () => {
        const status = readStatus(this.manifest, slot.getMappedRange().slice(0));
        slot.unmap();
        this.free.push(slot);
        if (epoch === this.epoch) this.update(status);
      },
      () => undefined, // the device was destroyed meanwhile
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  private update(next: ControlStatus): void {
    // Steps taken plus steps skipped only grows: a smaller total is an older copy, read late.
    if (next.step + next.skipped < this.status.step + this.status.skipped) return;
    const newlySkipped = next.skipped > this.status.skipped;
    this.status = next;
    if (newlySkipped) this.onSkip?.(next);
    if (this.policy === 'error' && next.seen !== 0) this.error ??= new NonFiniteError(next);
  }

  /**
   * The step counter was set (a checkpoint loaded): copies read before now may report a larger count, so
   * they are dropped, and the status starts from the new counter.
   */
  rebase(step: number): void {
    this.epoch++;
    this.status = { ...this.status, step };
  }

  /** Waits for every readback in flight. */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  destroy(): void {
    for (const b of this.free) b.destroy();
  }
}
