// runtime/engines.ts: what every engine promises beyond step and read. `load()` round trips: an engine's
// snapshot loaded into a fresh engine (other weights, another counter) continues exactly as the original
// does; `repeatStep()` is a step with the last gradients; `settle()` resolves. On each engine: the float64
// interpreter, the tfjs target on tfjs's cpu backend, the WGSL kernel (where an adapter exists; CI fails
// without one).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.ts';
import type { Engine, EngineInit, EngineName } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { mulberry32 } from '../../runtime/random.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';
import { firstBitDifference } from '../semantics/steppers.ts';

// AdamW's bias correction reads the counter, and it has two state slots; Program 3 takes lr per step.
const ADAMW = compileFile('programs/adamw.opt').program!;
const PROGRAM3 = compileFile('programs/paper/program3_adamw.opt').program!;
const PARAMS = [
  { name: 'dense/kernel', shape: [2, 3] },
  { name: 'empty', shape: [0] },
  { name: 'bias', shape: [5] },
];
const random = mulberry32(5);
const tensors = () =>
  PARAMS.map((p) =>
    Float32Array.from({ length: p.shape.reduce((a, b) => a * b, 1) }, () => Math.fround(2 * random() - 1)),
  );
const W0 = tensors();
const GRADS = Array.from({ length: 5 }, tensors);
const HYPERS = { lr: 0.01, λ: 0.1 };

let gpu: Gpu | undefined;
beforeAll(async () => {
  gpu = await testGpu();
  await useTfjsBackend('cpu');
});
afterAll(() => gpu?.destroy());

const open = (name: EngineName, program = ADAMW, init: Partial<EngineInit> = {}) =>
  openEngine(name, program, {
    params: PARAMS,
    w: W0,
    hypers: program === ADAMW ? HYPERS : {},
    keepUpdate: true,
    ...(name === 'wgsl' ? { device: gpu!.device } : {}),
    ...init,
  });

async function using<T>(engines: Engine[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    engines.forEach((e) => e.dispose());
  }
}

const ENGINES: EngineName[] = ['interp', 'tfjs', 'wgsl'];

describe.each(ENGINES)('the %s engine', (name) => {
  const skip = () => name === 'wgsl' && !gpu;

  it('load(read()) into a fresh engine continues bit for bit as the original does', async (ctx) => {
    if (skip()) return ctx.skip();
    const original = await open(name);
    const fresh = await open(name, ADAMW, { w: tensors(), step: 9 });
    await using([original, fresh], async () => {
      for (const g of GRADS.slice(0, 3)) await original.step(g);
      const saved = await original.read();
      expect(saved.step).toBe(4);
      expect(saved.state[0].some((t) => t.some((x) => x !== 0))).toBe(true);
      await fresh.load(saved);
      const loaded = await fresh.read();
      expect(loaded.step).toBe(4);
      expect(firstBitDifference(loaded.w, saved.w)).toBeNull();
      expect(firstBitDifference(loaded.state.flat(), saved.state.flat())).toBeNull();
      for (const g of GRADS.slice(3)) {
        await original.step(g);
        await fresh.step(g);
      }
      const [a, b] = [await original.read(), await fresh.read()];
      expect(b.step).toBe(6);
      expect(firstBitDifference(b.w, a.w)).toBeNull();
      expect(firstBitDifference(b.state.flat(), a.state.flat())).toBeNull();
      expect(firstBitDifference(b.update!, a.update!)).toBeNull();
    });
  });

  it('load() sets the counter that bias correction reads', async (ctx) => {
    if (skip()) return ctx.skip();
    const [a, b] = [await open(name), await open(name)];
    await using([a, b], async () => {
      const zero = ADAMW.signature.state.map(() => W0.map((t) => new Float64Array(t.length)));
      await b.load({ step: 1000, w: W0, state: zero });
      await a.step(GRADS[0]);
      await b.step(GRADS[0]);
      const [ra, rb] = [await a.read(), await b.read()];
      expect(rb.step).toBe(1001);
      // With zero moments, m̂ / √v̂ is sign(g) at step 1 and 0.1 / √(0.001 / (1 − 0.999^1000)) ≈ 2.51 · sign(g)
      // at step 1000; the decay term λ·w adds at most 0.1 to either.
      expect(Math.abs(rb.update![0][0])).toBeGreaterThan(2 * Math.abs(ra.update![0][0]));
    });
  });

  it('repeatStep() steps again with the last gradients; settle() resolves; no step, nothing to repeat', async (ctx) => {
    if (skip()) return ctx.skip();
    const [a, b] = [await open(name, PROGRAM3), await open(name, PROGRAM3)];
    await using([a, b], async () => {
      await expect(a.repeatStep([0.5])).rejects.toThrow(/no step to repeat/);
      await a.step(GRADS[0], [0.5]);
      await a.repeatStep([1]);
      await a.repeatStep([2]);
      await a.settle();
      for (const lr of [0.5, 1, 2]) await b.step(GRADS[0], [lr]);
      const [ra, rb] = [await a.read(), await b.read()];
      expect(ra.step).toBe(4);
      expect(firstBitDifference(ra.w, rb.w)).toBeNull();
      expect(firstBitDifference(ra.state.flat(), rb.state.flat())).toBeNull();
    });
  });
});
