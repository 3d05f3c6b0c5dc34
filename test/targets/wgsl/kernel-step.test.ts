// runtime/webgpu/kernel-step.ts, a step's host side, through the runner: the step number the host knows
// (`StepCounter`: a skip once read back, a counter set), what the host refuses before writing anything (a
// non-finite hyperparameter, the wrong number of per-step inputs), the per-step scalars of each tensor's own
// row of hyperparameters, and the row passes' workgroups for a model of one tensor. Expected values are
// worked out here by hand.

import { afterAll, describe, expect, it } from 'vitest';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const SGD = programOf('def train(w, g):\n    return 0.5 * g\n');
const one = [{ name: 'w', shape: [2] }];
/** Two tensors, for a table of hyperparameters with a row each. */
const params = [
  { name: 'u', shape: [2] },
  { name: 'v', shape: [3] },
];

describe.skipIf(!gpu)("a step's host side on the WGSL target", () => {
  it('nextStep: a skipped step read back is not counted; setStep sets the number, skips before it included', async () => {
    const r = await WgslRunner.create(gpu!.device, SGD, { params: one });
    expect(r.nextStep()).toBe(1);
    r.step([Float32Array.of(NaN, 1)]);
    await r.sync();
    expect(r.status).toEqual({ step: 1, skipped: 1, seen: 1 });
    expect(r.nextStep()).toBe(1);
    r.setStep(10);
    expect(r.nextStep()).toBe(10);
    r.step([Float32Array.of(1, 1)]);
    expect(r.nextStep()).toBe(11);
    expect(await r.sync()).toEqual({ step: 11, skipped: 1, seen: 1 });
    expect(r.nextStep()).toBe(11);
    r.destroy();
  });

  it('a non-finite hyperparameter is refused by name, from the table option and from setHyperTable', async () => {
    const p = programOf('a = 1.0\nb = 2.0\ndef train(w, g):\n    return a * b * g\n');
    await expect(
      WgslRunner.create(gpu!.device, p, {
        params,
        table: [
          [NaN, 1],
          [1, 1],
        ],
      }),
    ).rejects.toThrow("hyperparameter 'a' is NaN: the WGSL kernel needs finite values");
    const r = await WgslRunner.create(gpu!.device, p, { params });
    expect(() =>
      r.setHyperTable([
        [1, 1],
        [1, -Infinity],
      ]),
    ).toThrow("hyperparameter 'b' is -Infinity: the WGSL kernel needs finite values");
    r.destroy();
  });

  it('the wrong number of per-step inputs is refused, naming them', async () => {
    const p = programOf('def train(w, g, x, y):\n    return (x + y) * g\n');
    const r = await WgslRunner.create(gpu!.device, p, { params: one });
    expect(() => r.step([Float32Array.of(1, 1)], [1])).toThrow('the program takes 2 per-step input(s) (x, y), got 1');
    expect(() => r.step([Float32Array.of(1, 1)])).toThrow('the program takes 2 per-step input(s) (x, y), got 0');
    r.step([Float32Array.of(1, 2)], [0.25, 0.5]);
    expect(Array.from((await r.read()).w[0])).toEqual([-0.75, -1.5]);
    r.destroy();
  });

  // a · step + b is a per-step scalar, computed on the host once per distinct row of hyperparameters: the rows
  // [1, 23] and [12, 3] are distinct though their digits read the same.
  it("each tensor's per-step scalars come from its own row of hyperparameters", async () => {
    const p = programOf('a = 1.0\nb = 1.0\ndef train(w, g):\n    return (a * step + b) * g\n');
    const table = [
      [1, 23],
      [12, 3],
    ];
    const r = await WgslRunner.create(gpu!.device, p, { params, table });
    r.step([new Float32Array(2).fill(0.25), new Float32Array(3).fill(0.25)]);
    r.step([new Float32Array(2).fill(0.25), new Float32Array(3).fill(0.25)]);
    const { w } = await r.read();
    // Steps 1 and 2: u moves by (1 + 23 + 2 + 23) / 4, v by (12 + 3 + 24 + 3) / 4.
    expect(Array.from(w[0])).toEqual([-12.25, -12.25]);
    expect(Array.from(w[1])).toEqual([-10.5, -10.5, -10.5]);
    r.destroy();
  });

  // The row passes (sums per tensor and the global one: one row per tensor and one more) on a model of one
  // tensor, where the global row is the tensor's.
  it('a global reduction over a model of one tensor', async () => {
    const p = programOf('def train(w, g):\n    return 0.5 * g / global_norm(g)\n');
    const r = await WgslRunner.create(gpu!.device, p, { params: one });
    r.step([Float32Array.of(3, 4)]);
    const { w } = await r.read();
    expect(Array.from(w[0])).toEqual([-0.3, -0.4].map(Math.fround));
    r.destroy();
  });
});
