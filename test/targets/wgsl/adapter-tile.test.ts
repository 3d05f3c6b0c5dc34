// The kernels' tile shape follows the device's adapter where nobody asks for one (compiler/targets/
// wgsl-tiles.ts `tileFor`): 64 × 16 on a CPU adapter (WebGPU's fallback adapters; lavapipe here), the target's
// 64 × 4 elsewhere. The runner and the WgslOptimizer compile for their device's adapter; an explicit tile wins;
// a kernel compiled ahead (a page's KernelOptimizer) runs as it was compiled.

import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { CPU_TILE, DEFAULT_TILE, tileFor, tileName, tileVec4s } from '../../../compiler/targets/wgsl-tiles.ts';
import { compileKernel } from '../../../runtime/webgpu/compile.ts';
import { KernelOptimizer } from '../../../runtime/webgpu/kernel-optimizer.ts';
import type { KernelRunner } from '../../../runtime/webgpu/kernel-runner.ts';
import { WgslOptimizer } from '../../../runtime/webgpu/optimizer.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { releaseTfjsWebgpu, useTfjsWebgpu } from './tfjs-webgpu.ts';

const SGD = programOf('def train(w, g):\n    return 0.1 * g\n', 'sgd.opt');

describe('tileFor', () => {
  it('gives a fallback (CPU) adapter 64 × 16 and any other, or none, the target default 64 × 4', () => {
    expect(tileFor({ isFallbackAdapter: true })).toEqual({ workgroup: 64, perThread: 16 });
    expect(tileFor({ isFallbackAdapter: true })).toBe(CPU_TILE);
    expect(tileFor({ isFallbackAdapter: false })).toBe(DEFAULT_TILE);
    expect(tileFor({})).toBe(DEFAULT_TILE);
    expect(tileFor(undefined)).toBe(DEFAULT_TILE);
    expect(DEFAULT_TILE).toEqual({ workgroup: 64, perThread: 4 });
    // As the command line writes them (optic bench --tiles, optic compile --tile, the bench's rows).
    expect([DEFAULT_TILE, CPU_TILE].map(tileName)).toEqual(['64x4', '64x16']);
  });
});

const available = await useTfjsWebgpu('the adapter tile tests');
afterAll(() => {
  tf.disposeVariables();
  if (available) releaseTfjsWebgpu();
});

describe.skipIf(!available)("on this machine's adapter", () => {
  const device = () => (tf.backend() as WebGPUBackend).device;
  const expected = () => tileVec4s(tileFor(device().adapterInfo));
  const params = [{ name: 'w', shape: [3000] }];

  it('the adapter says whether it is a fallback adapter (lavapipe: it is)', () => {
    expect(typeof device().adapterInfo.isFallbackAdapter).toBe('boolean');
    if (/llvmpipe/.test(device().adapterInfo.architecture + device().adapterInfo.description))
      expect(device().adapterInfo.isFallbackAdapter).toBe(true);
  });

  it("a runner compiles for the device's adapter; an explicit tile wins", async () => {
    const auto = await WgslRunner.create(device(), SGD, { params });
    expect(auto.module.manifest.tileVec4s).toBe(expected());
    expect(auto.layout.tileCount).toBe(Math.ceil(3000 / 4 / expected()));
    auto.destroy();
    const fixed = await WgslRunner.create(device(), SGD, { params, tile: DEFAULT_TILE });
    expect(fixed.module.manifest.tileVec4s).toBe(tileVec4s(DEFAULT_TILE));
    fixed.destroy();
  });

  /** The runner an optimizer made at its first step. */
  const runnerOf = (o: KernelOptimizer) => (o as unknown as { runner: KernelRunner }).runner;

  it("a WgslOptimizer runs its program compiled for the device's adapter, stepping as before", async () => {
    const w = tf.variable(tf.fill([3000], 1), true, 'w');
    const optimizer = new WgslOptimizer(SGD, { keepUpdates: true });
    optimizer.applyGradients({ w: tf.fill([3000], 2) });
    const runner = runnerOf(optimizer);
    expect(runner.module.manifest.tileVec4s).toBe(expected());
    expect(runner.module.manifest.packed.update).toBeDefined();
    expect(Array.from(new Set(await w.data()))).toEqual([Math.fround(1 - Math.fround(Math.fround(0.1) * 2))]);
    expect(Array.from(new Set(await optimizer.lastUpdates.get('w')!.data()))).toEqual([
      Math.fround(Math.fround(0.1) * 2),
    ]);
    optimizer.dispose();
    w.dispose();
  });

  it('a KernelOptimizer runs its kernel as compiled', () => {
    const w = tf.variable(tf.fill([3000], 1), true, 'w2');
    const kernel = compileKernel(SGD, { tile: { workgroup: 64, perThread: 8 } });
    const optimizer = new KernelOptimizer(kernel);
    optimizer.applyGradients({ w2: tf.fill([3000], 2) });
    expect(runnerOf(optimizer).module.manifest.tileVec4s).toBe(kernel.manifest.tileVec4s);
    optimizer.dispose();
    w.dispose();
  });
});
