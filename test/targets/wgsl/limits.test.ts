// The WGSL runner within a device's limits, on a device with WebGPU's default limits (8 storage buffers per
// shader stage, 128 MiB per binding, 256 MiB per buffer: the least a host may give): any number of state
// slots (they share one binding), and models cut into chunks by the device's own buffer limits.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkCapacity, chunkSizes } from '../../../runtime/webgpu/buffers.ts';
import { openGpu } from '../../../runtime/webgpu/device.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
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

describe.skipIf(!gpu)('every binding at once', () => {
  // State, a kept update and materialized values (a reduction of a reduction's result): 8 storage buffers.
  it('a program that uses all 8 storage buffers matches the interpreter', async () => {
    const program = programOf(
      'def train(w, g, m, v):\n    x = g / (norm(g) + 1)\n    x = x / (global_norm(x) + 1)\n    m = m + x\n    v = v + x * m\n    return 0.1 * (x + m), m, v\n',
    );
    const result = await differential(gpu!.device, { program, sizes: [37, 0, 300], steps: 3, seed: 2 });
    expect(result).toMatchObject({ ok: true });
  });
});

describe('chunkCapacity', () => {
  it('is the largest chunk whose buffers and bindings fit the limits', () => {
    const fits = (
      limits: { maxStorageBufferBindingSize: number; maxBufferSize: number },
      v: number,
      slots: number,
      stagger: number,
    ) => {
      const sizes = chunkSizes(v, slots, stagger);
      const vectors = [0, 1, 3].every((b) => sizes.vector.buffer(b) <= limits.maxBufferSize);
      const state =
        slots === 0 ||
        (sizes.state.buffer <= limits.maxBufferSize && sizes.state.binding <= limits.maxStorageBufferBindingSize);
      return vectors && sizes.vector.binding <= limits.maxStorageBufferBindingSize && state;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1 << 16, max: 2 ** 31 }),
        fc.integer({ min: 1 << 16, max: 2 ** 33 }),
        fc.nat(50),
        fc.constantFrom(0, 16, 4096, 100),
        (binding, buffer, slots, stagger) => {
          const limits = { maxStorageBufferBindingSize: binding, maxBufferSize: buffer };
          if (!fits(limits, 1, slots, stagger)) {
            expect(() => chunkCapacity(limits, slots, stagger)).toThrow(/cannot hold one vec4/);
            return;
          }
          const v = chunkCapacity(limits, slots, stagger);
          expect(fits(limits, v, slots, stagger)).toBe(true);
          expect(fits(limits, v + 1, slots, stagger)).toBe(false);
        },
      ),
    );
  });
});

describe('chunkCapacity and chunkSizes at their edges', () => {
  it('without state slots the vector buffers bound it: their 4 staggers come off maxBufferSize', () => {
    // 4096 bytes of stagger: 256 vec4s; a buffer of 2^20 bytes: 65536 vec4s, the binding the same.
    expect(chunkCapacity({ maxStorageBufferBindingSize: 2 ** 20, maxBufferSize: 2 ** 20 }, 0, 4096)).toBe(
      65536 - 4 * 256,
    );
  });

  it('a chunk of exactly one vec4 is one chunk, not an error', () => {
    // One vec4 bound, one vec4 plus 4 vec4s of stagger per buffer.
    expect(chunkCapacity({ maxStorageBufferBindingSize: 16, maxBufferSize: 16 * 5 }, 0, 16)).toBe(1);
    expect(() => chunkCapacity({ maxStorageBufferBindingSize: 16, maxBufferSize: 16 * 4 }, 0, 16)).toThrow(
      /cannot hold one vec4 of 0 state slot/,
    );
  });

  it('buffer b of the vector buffers (0 weights, 1 gradients, 3 update) is staggered by b + 1 times the stagger', () => {
    const sizes = chunkSizes(100, 2, 4096);
    expect([0, 1, 3].map((b) => sizes.vector.buffer(b))).toEqual([0, 1, 3].map((b) => 16 * (100 + (b + 1) * 256)));
    expect(sizes.vector.binding).toBe(16 * 100);
  });
});

describe.skipIf(!gpu)('a model larger than one binding', () => {
  // 1.1 × the elements one 128 MiB binding holds: the weights, the gradients and the two state slots are cut
  // into chunks (the state binding holds both slots, so its chunks are the smaller). Every element is checked
  // against the formula, so a region or chunk at the wrong offset shows.
  it('1.1 × maxStorageBufferBindingSize of parameters in one tensor runs and is right everywhere', async () => {
    const limits = gpu!.device.limits;
    const n = Math.ceil((1.1 * limits.maxStorageBufferBindingSize) / 4);
    const program = programOf(
      'def train(w, g, m, v):\n    m = m + g\n    v = v + 2 * g\n    return 0.5 * m / global_norm(v), m, v\n',
    );
    const runner = await WgslRunner.create(gpu!.device, program, { params: [{ name: 'w', shape: [n] }] });
    try {
      expect(runner.layout.chunks.length).toBeGreaterThanOrEqual(3);
      const g = new Float32Array(n);
      let squares = 0;
      for (let i = 0; i < n; i++) {
        g[i] = ((i % 7) - 3) / 4;
        squares += 4 * g[i] * g[i];
      }
      const scale = 0.5 / Math.sqrt(squares);
      runner.step([g]);
      const { w, state, step } = await runner.read();
      expect(step).toBe(2);
      const bad = { m: 0, v: 0, w: 0 };
      for (let i = 0; i < n; i++) {
        if (state[0][0][i] !== g[i]) bad.m++;
        if (state[1][0][i] !== 2 * g[i]) bad.v++;
        if (Math.abs(w[0][i] + scale * g[i]) > 1e-4 * scale * Math.abs(g[i]) + 1e-12) bad.w++;
      }
      expect(bad).toEqual({ m: 0, v: 0, w: 0 });
    } finally {
      runner.destroy();
    }
  }, 300_000);
});
