// The non-finite policy's host side (runtime/webgpu/monitor.ts) without a GPU: the control block's step counter
// as a u32 pair up to 2^53 − 1, the control block a runner starts with (carry_over's other two counts only with
// an indirect pass), and NonFiniteError's sentence for each flag bit; the Monitor's readback buffers over a
// stand-in device (at most three copies in flight, a copy read late ignored, all destroyed).

import { globals } from 'webgpu';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fieldView } from '../../../runtime/webgpu/fields.ts';
import {
  type ControlStatus,
  counterFields,
  initialControl,
  Monitor,
  NonFiniteError,
  readStatus,
} from '../../../runtime/webgpu/monitor.ts';
import { runnerModule } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';

/** No reductions: carry_over, dispatched indirectly. */
const SGD = runnerModule(programOf('def train(w, g):\n    return 0.1 * g\n'), { params: [] }).manifest;
/** A reduction: no carry_over. */
const NORMED = runnerModule(programOf('def train(w, g):\n    return 0.1 * g / (global_norm(g) + 1)\n'), {
  params: [],
}).manifest;

describe('the control block', () => {
  it.each([1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 53 - 1])('step %d is a u32 pair, read back whole', (step) => {
    const fields = counterFields(SGD, step);
    expect(fields.get('step')).toBe(step % 2 ** 32);
    expect(fields.get('step_hi')).toBe(Math.floor(step / 2 ** 32));
    const copy = fields.set('skipped', 3).set('seen', 5);
    expect(readStatus(SGD, copy.bytes)).toEqual({ step, skipped: 3, seen: 5 });
    expect(readStatus(SGD, new Uint8Array(copy.bytes))).toEqual({ step, skipped: 3, seen: 5 });
  });

  it("starts with carry_over's y and z counts at 1 where it is dispatched indirectly, else at 0", () => {
    const indirect = fieldView(SGD, 'Control', initialControl(SGD, 7).bytes);
    expect([indirect.get('step'), indirect.get('carry_x'), indirect.get('carry_y'), indirect.get('carry_z')]).toEqual([
      7, 0, 1, 1,
    ]);
    const direct = fieldView(NORMED, 'Control', initialControl(NORMED, 7).bytes);
    expect([direct.get('step'), direct.get('carry_y'), direct.get('carry_z')]).toEqual([7, 0, 0]);
  });
});

describe('NonFiniteError', () => {
  const tail = "; policy 'error' stops training (step counter 5, 2 step(s) skipped)";
  it.each([
    [1, 'a gradient or per-step input'],
    [2, "the step's result"],
    [3, "a gradient or per-step input and the step's result"],
    [0, 'no value'],
  ])('seen %d: non-finite values in %s', (seen, what) => {
    const error = new NonFiniteError({ step: 5, skipped: 2, seen });
    expect(error.message).toBe(`non-finite values (NaN or ±Inf) in ${what}${tail}`);
    expect(error.name).toBe('NonFiniteError');
    expect(error.status).toEqual({ step: 5, skipped: 2, seen });
  });

  it('flag 4 adds that a step ran with the per-step scalars of another step number', () => {
    expect(new NonFiniteError({ step: 5, skipped: 2, seen: 5 }).message).toBe(
      `non-finite values (NaN or ±Inf) in a gradient or per-step input; a step ran with per-step scalars of another step number${tail}`,
    );
    expect(new NonFiniteError({ step: 5, skipped: 2, seen: 4 }).message).toBe(
      `non-finite values (NaN or ±Inf) in no value; a step ran with per-step scalars of another step number${tail}`,
    );
  });
});

/**
 * A stand-in device whose readback buffers map when the test says: `copies[k]` is the k-th buffer's next
 * copy of the control block, `map(k)` completes its pending map.
 */
function standInDevice() {
  const buffers: { destroyed: boolean; copy: ArrayBuffer; map: () => void }[] = [];
  const device = {
    createBuffer: () => {
      const buffer = {
        destroyed: false,
        copy: new ArrayBuffer(SGD.control.size),
        map: () => {},
        mapAsync: () => new Promise<void>((resolve) => (buffer.map = resolve)),
        getMappedRange: () => buffer.copy,
        unmap: () => {},
        destroy: () => {
          buffer.destroyed = true;
        },
      };
      buffers.push(buffer);
      return buffer;
    },
  } as unknown as GPUDevice;
  return { device, buffers };
}

const copyOf = (step: number, skipped: number) => counterFields(SGD, step).set('skipped', skipped).bytes;

describe('Monitor', () => {
  beforeAll(() => {
    // GPUBufferUsage and GPUMapMode, as device.ts installs them (no Dawn instance is created).
    Object.assign(globalThis, globals);
  });
  const encoder = { copyBufferToBuffer: () => {} } as unknown as GPUCommandEncoder;
  const control = {} as GPUBuffer;

  it('keeps at most three copies in flight: a fourth probe finds no free buffer and copies nothing', () => {
    const { device, buffers } = standInDevice();
    const monitor = new Monitor(device, SGD, 'skip', 1);
    const copies = vi.spyOn(encoder, 'copyBufferToBuffer');
    const slots = [0, 1, 2, 3].map(() => monitor.probe(encoder, control));
    expect(slots).toEqual([buffers[2], buffers[1], buffers[0], undefined]);
    expect(copies).toHaveBeenCalledTimes(3);
    monitor.destroy();
  });

  it('a copy read after a later one (an older counter) does not take the status back', async () => {
    const { device, buffers } = standInDevice();
    const skips: ControlStatus[] = [];
    const monitor = new Monitor(device, SGD, 'skip', 1, (s) => skips.push(s));
    const [older, later] = [0, 1].map(() => {
      const slot = monitor.probe(encoder, control);
      monitor.watch(slot);
      return buffers.indexOf(slot as unknown as (typeof buffers)[number]);
    });
    // Step 1 taken (counter 2, none skipped), then step 2 skipped (counter 2, one skipped): read in reverse.
    buffers[older].copy = copyOf(2, 0);
    buffers[later].copy = copyOf(2, 1);
    buffers[later].map();
    await new Promise((resolve) => setTimeout(resolve, 0));
    buffers[older].map();
    await monitor.settle();
    expect(monitor.status).toEqual({ step: 2, skipped: 1, seen: 0 });
    expect(skips).toEqual([{ step: 2, skipped: 1, seen: 0 }]);
  });

  it('destroy() destroys its readback buffers', () => {
    const { device, buffers } = standInDevice();
    new Monitor(device, SGD, 'skip', 1).destroy();
    expect(buffers.map((b) => b.destroyed)).toEqual([true, true, true]);
  });
});
