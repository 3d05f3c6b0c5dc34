// Per-step scalars (compiler/scalars.ts): what depends only on hyperparameters, inputs and the step counter
// is computed on the host in float64, once per step, on both compiled targets. So the bias correction
// `1 - 0.999 ** step` is as exact as the interpreter's (through the GPU's f32 pow, Adam's update was 3.4e-5
// off at step 1), and the step counter is a float64 on the host: no int32 or u32 that wraps.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineInit, EngineName } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { programFile, programOf } from '../fixtures/compile.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';

let gpu: Gpu | undefined;
beforeAll(async () => {
  await useTfjsBackend('cpu');
  gpu = await testGpu();
});
afterAll(() => gpu?.destroy());

const ADAM = programFile('programs/adam.opt');
const STEPPED = programOf('def train(w, g):\n    return g * step * 1e-9\n');
const w = [Float64Array.of(0.5, -0.25, 1, -1, 0.75, 0.125)];
const g = [Float64Array.of(0.1, -0.2, 0.3, -0.4, 0.5, 1e-3)];
const params = [{ name: 'w', shape: [6] }];

/** The update of one step on `engine`. */
async function update(engine: EngineName, program = ADAM, init: Partial<EngineInit> = {}) {
  const e = await openEngine(engine, program, { params, w, keepUpdate: true, device: gpu?.device, ...init });
  try {
    await e.step(g);
    const snap = await e.read();
    expect(snap.step).toBe((init.step ?? 1) + 1);
    return snap.update![0];
  } finally {
    e.dispose();
  }
}

/** Relative error of each element against the interpreter's float64 update. */
const errors = (got: Float64Array, want: Float64Array) =>
  Array.from(got, (x, j) => Math.abs(x - want[j]) / Math.abs(want[j]));

const STATE = [
  [Float64Array.of(0.01, 0.02, -0.03, 0.04, 0.05, 0.06)],
  [Float64Array.of(1e-4, 4e-4, 9e-4, 1e-4, 2.5e-3, 3.6e-3)],
];

describe.each(['tfjs', 'wgsl'] as const)('%s', (engine) => {
  it.for([
    ['Adam at step 1', ADAM, {}],
    ['Adam at step 2^32 + 1', ADAM, { step: 2 ** 32 + 1, state: STATE }],
    ['g · step · 1e-9 at step 2^31 + 5', STEPPED, { step: 2 ** 31 + 5 }],
    ['g · step · 1e-9 at step 2^53 − 1', STEPPED, { step: 2 ** 53 - 2 }],
    // What is left is float32's own: β2 = 0.999 as a float32 makes 1 − β2 1.3e-5 off, ~7e-6 in the update.
  ] as const)('%s: the update within 1e-5 of the interpreter', async ([, program, init], ctx) => {
    if (engine === 'wgsl' && !gpu) return ctx.skip();
    const want = await update('interp', program, init);
    const got = await update(engine, program, init);
    expect(Math.max(...errors(got, want))).toBeLessThan(1e-5);
  });
});
