// runtime/webgpu/optimizer.ts without a GPU: which kernel a WgslOptimizer runs (its program's, compiled once per
// wgslOptimizerClass; with keepUpdates, one that writes its update, compiled again only when the given one does
// not), and what its class carries; on a CPU adapter, the program compiled again for its tile. A KernelOptimizer
// touches the device only at its first step.

import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { CPU_TILE } from '../../../compiler/targets/wgsl-tiles.ts';
import { compileKernel } from '../../../runtime/webgpu/compile.ts';
import type { WgslKernel } from '../../../runtime/webgpu/kernel.ts';
import { WgslOptimizer, wgslOptimizerClass } from '../../../runtime/webgpu/optimizer.ts';

const PROGRAM = compile('lr = 0.1\n\ndef train(w, g, m):\n    m = 0.9 * m + g\n    return lr * m, m\n', 'kept.opt')
  .program!;
const PLAIN = compileKernel(PROGRAM);
const WRITES_UPDATE = compileKernel(PROGRAM, { writeUpdate: true });

describe("a WgslOptimizer's kernel", () => {
  it("is the program's, or the one given, and the instance's program is the Program itself", () => {
    const fused = new WgslOptimizer(PROGRAM);
    expect(fused.kernel).toEqual(PLAIN);
    expect(fused.program).toBe(PROGRAM);
    expect(new WgslOptimizer(PROGRAM, {}, PLAIN).kernel).toBe(PLAIN);
  });

  it('with keepUpdates writes its update: the given kernel if it does, else the program compiled with writeUpdate', () => {
    expect(PLAIN.manifest.packed.update).toBeUndefined();
    const kept = new WgslOptimizer(PROGRAM, { keepUpdates: true }, PLAIN);
    expect(kept.kernel).toEqual(WRITES_UPDATE);
    expect(kept.keepUpdates).toBe(true);
    expect(new WgslOptimizer(PROGRAM, { keepUpdates: true }, WRITES_UPDATE).kernel).toBe(WRITES_UPDATE);
    expect(new WgslOptimizer(PROGRAM, { keepUpdates: false }, PLAIN).kernel).toBe(PLAIN);
  });
});

describe('wgslOptimizerClass', () => {
  it('compiles the program once: the class and every instance share its kernel; the class names the program', () => {
    const cls = wgslOptimizerClass(PROGRAM);
    expect(cls.program).toBe(PROGRAM);
    expect(cls.kernel).toEqual(PLAIN);
    expect(cls.className).toBe('OpticWgslKept');
    const [a, b] = [new cls(), new cls({ hypers: { lr: 0.5 } })];
    expect(a.kernel).toBe(cls.kernel);
    expect(b.kernel).toBe(cls.kernel);
    expect(b.program).toBe(PROGRAM);
    expect(b.hypers).toEqual({ lr: 0.5 });
    expect(new cls({ keepUpdates: true }).kernel).toEqual(WRITES_UPDATE);
  });
});

describe('the kernel a WgslOptimizer runs on a device', () => {
  // Only the adapter's info is read (wgsl-tiles.ts tileFor); adapter-tile.test.ts runs it on this machine's.
  const on = (isFallbackAdapter: boolean) => ({ adapterInfo: { isFallbackAdapter } }) as unknown as GPUDevice;
  const kernelFor = (o: WgslOptimizer, device: GPUDevice) =>
    (o as unknown as { kernelFor(device: GPUDevice): WgslKernel }).kernelFor(device);

  it("is its own on a GPU's adapter, and its program compiled for 64 × 16 on a CPU's, keeping its update", () => {
    const fused = new WgslOptimizer(PROGRAM);
    expect(kernelFor(fused, on(false))).toBe(fused.kernel);
    expect(kernelFor(fused, on(true))).toEqual(compileKernel(PROGRAM, { tile: CPU_TILE }));
    const kept = new WgslOptimizer(PROGRAM, { keepUpdates: true });
    expect(kernelFor(kept, on(true))).toEqual(compileKernel(PROGRAM, { tile: CPU_TILE, writeUpdate: true }));
  });
});
