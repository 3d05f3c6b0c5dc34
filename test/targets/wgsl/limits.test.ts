// The WGSL runner within a device's limits, on a device with WebGPU's default limits (8 storage buffers per
// shader stage, 128 MiB per binding, 256 MiB per buffer: the least a host may give): any number of state
// slots (they share one binding), and models cut into chunks by the device's own buffer limits.

import { afterAll, describe, expect, it } from 'vitest';
import { openGpu } from '../../../runtime/webgpu/device.ts';
import { programOf } from '../../fixtures/compile.ts';
import { differential } from './harness.ts';

const gpu = await openGpu({ defaultLimits: true }).catch(() => undefined);
afterAll(() => gpu?.destroy());

/** A program with `n` state slots, each read and written, and a reduction over one of them. */
function manySlots(n: number): string {
  const slots = Array.from({ length: n }, (_, k) => `s${k}`);
  const body = slots.map((s, k) => `    ${s} = 0.9 * ${s} + ${k === 0 ? 'g' : `0.1 * s${k - 1} + ${k / 100} * g`}`);
  return [
    `def train(w, g, ${slots.join(', ')}):`,
    ...body,
    `    update = lr * (s0 + s${n - 1}) + 0.01 * norm(s${n >> 1}) * w`,
    `    return update, ${slots.join(', ')}`,
    '',
  ].join('\n');
}

describe.skipIf(!gpu)('a device with WebGPU default limits', () => {
  it('reports 8 storage buffers per stage', () => {
    expect(gpu!.device.limits.maxStorageBuffersPerShaderStage).toBe(8);
  });

  it.each([1, 12, 24])('a program with %i state slots matches the interpreter', async (n) => {
    const result = await differential(gpu!.device, {
      program: programOf(manySlots(n)),
      sizes: [37, 0, 300, 1030],
      steps: 3,
      seed: n,
      hypers: { lr: 0.01 },
      conditioning: 0,
    });
    expect(result).toMatchObject({ ok: true });
  });
});
