// A NaN or ±Inf per-step input is treated as a NaN or ±Inf gradient is, on every engine (the non-finite
// policy of README.md): the interpreter and the tfjs target compute with it (IEEE: NaN propagates), the WGSL
// kernel skips the step (weights, state and counter untouched). Driven through the Engine interface, as
// `optic step` drives them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineName, EngineSnapshot } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { programOf } from '../fixtures/compile.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';

let gpu: Gpu | undefined;
beforeAll(async () => {
  await useTfjsBackend('cpu');
  gpu = await testGpu();
});
afterAll(() => gpu?.destroy());

const PROGRAM = programOf('def train(w, g, m, lr):\n    m = 0.9 * m + lr * g\n    return m, m\n');
const params = [{ name: 'w', shape: [3] }];

/** Three steps, the second with `value` as its input or times its gradient; a snapshot after each. */
async function run(engine: EngineName, bad: 'input' | 'gradient', value: number): Promise<EngineSnapshot[]> {
  const e = await openEngine(engine, PROGRAM, { params, w: [[1, 2, 3]], device: gpu?.device });
  const out: EngineSnapshot[] = [];
  try {
    for (let k = 0; k < 3; k++) {
      const g = [0.5, -0.25, 1];
      if (k === 1 && bad === 'gradient') g.forEach((x, j) => (g[j] = x * value));
      await e.step([g], [k === 1 && bad === 'input' ? value : 0.1]);
      out.push(await e.read());
    }
    return out;
  } finally {
    e.dispose();
  }
}

describe.each(['interp', 'tfjs', 'wgsl'] as const)('%s', (engine) => {
  it.for([NaN, Infinity])('a %s input does what the same value in the gradient does', async (value, ctx) => {
    if (engine === 'wgsl' && !gpu) return ctx.skip();
    const [byInput, byGradient] = [await run(engine, 'input', value), await run(engine, 'gradient', value)];
    expect(byInput).toEqual(byGradient);
    if (engine === 'wgsl') expect(byInput.map((s) => s.step)).toEqual([2, 2, 3]);
    else expect(byInput[1].w[0].every((x) => !Number.isFinite(x))).toBe(true);
  });
});
