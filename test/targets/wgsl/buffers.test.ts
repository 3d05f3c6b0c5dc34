// The GPU buffers of one model (runtime/webgpu/buffers.ts), created through a device that records what is made:
// each buffer's label, size and usage, each bind group's label, and that destroy() destroys every buffer. The
// stand-in control block and the indirect bind groups exist only for a module with two halves and an indirect
// carry_over pass, bound with both halves; the scratch buffer only for a module with materialized values.

import { afterAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../compiler/ir.ts';
import type { WgslModule } from '../../../compiler/targets/wgsl.ts';
import { createBuffers } from '../../../runtime/webgpu/buffers.ts';
import { planLayout } from '../../../runtime/webgpu/layout.ts';
import { pipelinesSync } from '../../../runtime/webgpu/pipelines.ts';
import { runnerModule } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

/** No reductions: two halves, and carry_over dispatched indirectly. */
const SGD = programOf('def train(w, g):\n    return 0.1 * g\n');
/** Reductions: one half; two state slots. */
const ADAM = programOf(
  'def train(w, g, m, v):\n    m = interpolate(g, m, 0.9)\n    v = interpolate(square(g), v, 0.999)\n    update = 0.1 * m / (sqrt(v) + 1e-8) + 0.01 * global_norm(g) * w\n    return update, m, v\n',
);
/** A reduction of a reduction's result: one scratch region (materialized values). */
const MATERIALIZED = programOf(
  'def train(w, g, m):\n    x = g / (norm(g) + 1)\n    x = x / (global_norm(x) + 1)\n    m = m + x\n    return 0.1 * (x + m), m\n',
);

interface Made {
  label: string;
  size: number;
  usage: number;
  destroyed: boolean;
}

/** `device` with createBuffer and createBindGroup recorded (every other member the device's own). */
function recording(device: GPUDevice) {
  const buffers: Made[] = [];
  const groups: string[] = [];
  const proxy = new Proxy(device, {
    get(target, key) {
      if (key === 'createBuffer')
        return (d: GPUBufferDescriptor) => {
          const buffer = target.createBuffer(d);
          const made = { label: d.label ?? '', size: d.size, usage: d.usage, destroyed: false };
          buffers.push(made);
          const destroy = buffer.destroy.bind(buffer);
          Object.defineProperty(buffer, 'destroy', {
            value: () => {
              made.destroyed = true;
              destroy();
            },
          });
          return buffer;
        };
      if (key === 'createBindGroup')
        return (d: GPUBindGroupDescriptor) => {
          groups.push(d.label ?? '');
          return target.createBindGroup(d);
        };
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { device: proxy, made: buffers, groups };
}

/** Two chunks: a tensor of one tile and 40 elements, a chunk holding one tile. */
function make(
  program: Program,
  options: { keepUpdate?: boolean; halves?: 1 | 2 } = {},
  edit?: (m: WgslModule) => WgslModule,
) {
  const original = runnerModule(program, { params: [], keepUpdate: options.keepUpdate });
  const module = edit ? edit(original) : original;
  const m = module.manifest;
  const layout = planLayout([4 * m.tileVec4s + 40], m.tileVec4s, m.tileVec4s);
  const { device, made, groups } = recording(gpu!.device);
  const bindGroupLayout = pipelinesSync(gpu!.device, original).layout;
  const buffers = createBuffers(device, module, layout, bindGroupLayout, 4, 4096, options.halves ?? m.halves);
  return { made, groups, buffers, module, layout };
}

const labels = (made: readonly Made[]) => made.map((b) => b.label).sort();

describe.skipIf(!gpu)('createBuffers', () => {
  it('a module with two halves and an indirect pass: a control stand-in, indirect bind groups for both halves', () => {
    const { buffers, module, layout, made, groups } = make(SGD, { keepUpdate: true });
    expect(module.manifest.halves).toBe(2);
    const chunks = layout.chunks.length;
    expect(chunks).toBe(2);
    expect(labels(made)).toEqual(
      [
        'optic params',
        'optic tables',
        'optic control',
        'optic control stand-in',
        'optic sums',
        'optic chunk 0 half 0',
        'optic chunk 1 half 0',
        'optic chunk 0 half 1',
        'optic chunk 1 half 1',
        'optic w chunk 0',
        'optic w chunk 1',
        'optic g chunk 0',
        'optic g chunk 1',
        'optic upd chunk 0',
        'optic upd chunk 1',
      ].sort(),
    );
    const control = made.find((b) => b.label === 'optic control')!;
    expect(control.usage & GPUBufferUsage.INDIRECT).toBe(GPUBufferUsage.INDIRECT);
    // Every buffer's size a multiple of 16, at least 16; the params uniform's the manifest's rounded up.
    for (const b of made) expect(b.size % 16 === 0 && b.size >= 16).toBe(true);
    const params = made.find((b) => b.label === 'optic params')!;
    expect(params.size).toBe(Math.max(16, Math.ceil(module.manifest.params.size / 16) * 16));
    expect(groups.sort()).toEqual(
      [
        'optic chunk 0 half 0',
        'optic chunk 1 half 0',
        'optic chunk 0 half 1',
        'optic chunk 1 half 1',
        'optic chunk 0 half 0 (indirect)',
        'optic chunk 1 half 0 (indirect)',
        'optic chunk 0 half 1 (indirect)',
        'optic chunk 1 half 1 (indirect)',
      ].sort(),
    );
    expect(buffers.indirectBindGroups.map((h) => h.length)).toEqual([chunks, chunks]);
    expect(buffers.indirectBindGroups[0][0]).not.toBe(buffers.indirectBindGroups[1][0]);
    expect(buffers.indirectBindGroups[0][0]).not.toBe(buffers.bindGroups[0][0]);
    // Slots: weights, gradients, the update.
    expect(buffers.slots.map((h) => h.length)).toEqual([3, 3]);
    buffers.destroy();
    expect(made.filter((b) => !b.destroyed).map((b) => b.label)).toEqual([]);
  });

  it('the same module bound with one half (policy ignore): no stand-in, no indirect bind groups, no INDIRECT usage', () => {
    const { buffers, made, groups } = make(SGD, { halves: 1 });
    expect(labels(made)).not.toContain('optic control stand-in');
    const control = made.find((b) => b.label === 'optic control')!;
    expect(control.usage & GPUBufferUsage.INDIRECT).toBe(0);
    expect(buffers.indirectBindGroups).toEqual([]);
    expect(groups.sort()).toEqual(['optic chunk 0 half 0', 'optic chunk 1 half 0']);
    // Slots: weights and gradients only (no update kept); both halves the same bind groups.
    expect(buffers.slots.map((h) => h.length)).toEqual([2, 2]);
    expect(buffers.bindGroups[1]).toBe(buffers.bindGroups[0]);
    buffers.destroy();
    expect(made.every((b) => b.destroyed)).toBe(true);
  });

  it('state and scratch: a state buffer per chunk; a scratch buffer only with materialized values', () => {
    const adam = make(ADAM);
    expect(adam.module.manifest.scratchRegions).toBe(0);
    expect(labels(adam.made).filter((l) => / (st|sc) chunk/.test(l))).toEqual(['optic st chunk 0', 'optic st chunk 1']);
    expect(adam.buffers.indirectBindGroups).toEqual([]);
    adam.buffers.destroy();
    const materialized = make(MATERIALIZED);
    expect(materialized.module.manifest.scratchRegions).toBeGreaterThan(0);
    expect(labels(materialized.made).filter((l) => / sc chunk/.test(l))).toEqual([
      'optic sc chunk 0',
      'optic sc chunk 1',
    ]);
    materialized.buffers.destroy();
    expect(materialized.made.every((b) => b.destroyed)).toBe(true);
  });

  it('a binding the buffers do not know is an error naming it', () => {
    expect(() =>
      make(SGD, {}, (module) => ({
        ...module,
        manifest: {
          ...module.manifest,
          bindings: [...module.manifest.bindings, { ...module.manifest.bindings.at(-1)!, name: 'bogus', binding: 99 }],
        },
      })),
    ).toThrow("optic: no buffer for the module's binding 'bogus'");
  });
});
