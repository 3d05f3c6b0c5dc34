// The shape of a step, exactly: after warm-up, one step is one compute pass with one dispatch per pass of
// the program (a tile and a combine pass per reduction stage, the fused step, which also checks the gradient
// where there is no reduction stage 1 to do it, and the counter), plus, where the weights and state are
// double-buffered, carry_over's indirect dispatch, whose workgroup count the fused step sets only when it
// skips the step (were it nonzero after a step not skipped, carry_over would copy the weights read over those
// written, and every differential test of the target would see steps that change nothing; nonfinite.test.ts
// sees skipped steps that would otherwise change something). One submit; no pipeline, shader module, bind
// group or buffer created; nothing waited for. Counted by wrapping the WebGPU classes' methods (Dawn's objects
// are native: a Proxy could not be passed back in).

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Program } from '../../../compiler/ir.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { testGpu } from './gpu.ts';
import { programOf } from '../../fixtures/compile.ts';
import { factored } from './factored.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const COUNTED = {
  GPUDevice: [
    'createBuffer',
    'createBindGroup',
    'createShaderModule',
    'createComputePipeline',
    'createComputePipelineAsync',
    'createCommandEncoder',
  ],
  GPUQueue: ['submit', 'writeBuffer', 'onSubmittedWorkDone'],
  GPUCommandEncoder: ['beginComputePass', 'copyBufferToBuffer'],
  GPUComputePassEncoder: ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect', 'setPipeline'],
  GPUBuffer: ['mapAsync'],
} as const;

const counts: Record<string, number> = {};
const restore: (() => void)[] = [];

function instrument(): void {
  Object.keys(counts).forEach((k) => delete counts[k]);
  for (const [cls, methods] of Object.entries(COUNTED)) {
    const proto = (
      globalThis as unknown as Record<string, { prototype: Record<string, (...a: unknown[]) => unknown> }>
    )[cls].prototype;
    for (const m of methods) {
      const original = proto[m];
      proto[m] = function (this: unknown, ...args: unknown[]) {
        counts[m] = (counts[m] ?? 0) + 1;
        return original.apply(this, args);
      };
      restore.push(() => (proto[m] = original));
    }
  }
}

afterEach(() => restore.splice(0).forEach((r) => r()));

const program = (source: string): Program => programOf(source);

const ADAMW = `lr = 0.001
def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    update = lr * (m / (1 - 0.9 ** step) / (sqrt(v / (1 - 0.999 ** step)) + 1e-8) + 0.1 * w)
    return update, m, v
`;
const CLIPPED = ADAMW.replace('def train(w, g, m, v):', 'def train(w, g, m, v):\n    g = clip_by_global_norm(g, 1)');

describe.skipIf(!gpu)('the structure of one WGSL step', () => {
  it.each([
    ['AdamW (apply_step, finish_step; carry_over indirect)', 'skip', 2, 1, ADAMW],
    ['AdamW under the error policy (the same)', 'error', 2, 1, ADAMW],
    ['AdamW under the ignore policy (no carry_over)', 'ignore', 2, 0, ADAMW],
    ['AdamW with clip_by_global_norm (stage 1 of the reduction checks the gradient)', 'skip', 4, 0, CLIPPED],
  ] as const)(
    '%s, policy %s: one pass, %i dispatches and %i indirect, one submit, nothing created, nothing awaited',
    async (_name, policy, dispatches, indirect, source) => {
      const sizes = [1000, 10, 4096];
      const runner = await WgslRunner.create(gpu!.device, program(source), {
        params: sizes.map((n, i) => ({ name: `p${i}`, shape: [n] })),
        policy,
      });
      const g = sizes.map((n) => new Float32Array(n).fill(0.5));
      runner.step(g);
      await runner.sync();
      instrument();
      const result: unknown = runner.stepOnGpu();
      expect(result).not.toBeInstanceOf(Promise); // synchronous: a step cannot await anything
      // Two writes: the tensor table with this step's per-step scalars (bias corrections) and the uniform with
      // the step number they assume.
      expect(counts).toEqual({
        writeBuffer: 2,
        createCommandEncoder: 1,
        beginComputePass: 1,
        setPipeline: dispatches + indirect,
        dispatchWorkgroups: dispatches,
        ...(indirect > 0 ? { dispatchWorkgroupsIndirect: indirect } : {}),
        copyBufferToBuffer: 1,
        submit: 1,
        mapAsync: 1,
      });
      Object.keys(counts).forEach((k) => delete counts[k]);
      runner.step(g);
      expect(counts.writeBuffer).toBe(3); // and the packed gradients: one chunk
      expect(counts.submit).toBe(1);
      // A learning-rate schedule: no write of its own (the step writes the table), no pipeline, bind group, buffer.
      Object.keys(counts).forEach((k) => delete counts[k]);
      runner.setHypers({ lr: 0.002 });
      runner.stepOnGpu();
      expect([
        counts.writeBuffer,
        counts.submit,
        counts.createBuffer,
        counts.createBindGroup,
        counts.createComputePipeline,
      ]).toEqual([2, 1, undefined, undefined, undefined]);
      // Weights and state twice only where a skipped step must be undone: the second half's weights of chunk 0.
      const double = policy !== 'ignore' && runner.module.manifest.halves === 2;
      expect(runner.buffers.slots[1][0][0].offset > 0).toBe(double);
      await runner.sync();
      runner.destroy();
    },
  );

  // Rows and cols values: stage 1 sums each row and column in its tile pass (no per-tensor sums: no combine
  // pass), stage 2 (mean(r) over the rows, size(c) over the columns) and stage 3 (mean(u²)) a tile and a
  // combine pass each, then
  // apply_step (which also writes the new rows and cols state, once per row and column) and finish_step.
  it('a factored second moment: 7 dispatches, one submit, nothing created, nothing awaited', async () => {
    const runner = await WgslRunner.create(gpu!.device, factored(), {
      params: [
        { name: 'a', shape: [40, 30] },
        { name: 'b', shape: [30] },
      ],
      level: 'none',
    });
    const passes = runner.module.manifest.passes.map((p) => p.entryPoint);
    expect(passes).toEqual([
      'reduce_tiles_1',
      'reduce_tiles_2',
      'combine_2',
      'reduce_tiles_3',
      'combine_3',
      'apply_step',
      'finish_step',
    ]);
    const g = [new Float32Array(1200).fill(0.5), new Float32Array(30).fill(0.25)];
    runner.step(g);
    await runner.sync();
    instrument();
    runner.stepOnGpu();
    // No per-step input or scalar: nothing is written before the step.
    expect(counts).toEqual({
      createCommandEncoder: 1,
      beginComputePass: 1,
      setPipeline: 7,
      dispatchWorkgroups: 7,
      copyBufferToBuffer: 1,
      submit: 1,
      mapAsync: 1,
    });
    await runner.sync();
    runner.destroy();
  });
});
