// The GPU buffers of one model, created once: per chunk a weights, a gradient and one buffer per state slot,
// plus the shared uniform, tables, control block and sums; and one bind group per chunk, each entry found by
// its binding's name in the manifest. Sizes are staggered by 4 KiB per slot: buffers of identical sizes made
// a fused AdamW kernel ~2× slower on lavapipe (their addresses alias in the caches).

import { SHARED } from '../../compiler/targets/wgsl-manifest.ts';
import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import { fieldView } from './fields.ts';
import type { PackedLayout } from './layout.ts';

const STAGGER = 4096;

export interface ModelBuffers {
  readonly params: GPUBuffer;
  readonly chunkInfo: GPUBuffer[];
  readonly table: GPUBuffer;
  readonly control: GPUBuffer;
  readonly sums: GPUBuffer;
  /**
   * [slot][chunk] in the order of `packedNames`: slot 0 the weights, 1 the gradients, 2 + k state slot k,
   * then the update if the module writes it.
   */
  readonly slots: GPUBuffer[][];
  readonly bindGroups: GPUBindGroup[];
  destroy(): void;
}

/** The binding names of the packed buffers, in `ModelBuffers.slots` order. */
export function packedNames(module: WgslModule): string[] {
  const { packed } = module.manifest;
  return [packed.w, packed.g, ...packed.state, ...(packed.update === undefined ? [] : [packed.update])];
}

export function createBuffers(
  device: GPUDevice,
  module: WgslModule,
  layout: PackedLayout,
  bindGroupLayout: GPUBindGroupLayout,
  tableWords: number,
  stagger = STAGGER,
): ModelBuffers {
  const m = module.manifest;
  // Read here, not at module load: in Node the GPU* globals exist only once device.ts installed them.
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const UNIFORM = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const make = (label: string, size: number, usage: number) =>
    device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
  const rows = (layout.tensors.length + 1 + layout.tileCount) * m.slotsPerRow;
  const params = make('optic params', m.params.size, UNIFORM);
  const table = make('optic tables', 4 * tableWords, STORAGE);
  const control = make('optic control', m.control.size, STORAGE);
  const sums = make('optic sums', 4 * rows, STORAGE);
  const names = packedNames(module);
  const slots = names.map((name, s) =>
    layout.chunks.map((c, k) => make(`optic ${name} chunk ${k}`, 16 * c.vec4s + stagger * (s + 1), STORAGE)),
  );
  const chunkInfo = layout.chunks.map((c, k) => {
    const b = make(`optic chunk ${k}`, m.chunk.size, UNIFORM);
    const fields = fieldView(m, 'Chunk').set('tile_begin', c.tileBegin).set('tile_count', c.tileCount);
    device.queue.writeBuffer(b, 0, fields.bytes);
    return b;
  });
  const shared = new Map<string, GPUBuffer>([
    [SHARED.params, params],
    [SHARED.table, table],
    [SHARED.control, control],
    [SHARED.sums, sums],
  ]);
  const bufferOf = (name: string, chunk: number): GPUBuffer => {
    const buffer = name === SHARED.chunk ? chunkInfo[chunk] : (shared.get(name) ?? slots[names.indexOf(name)]?.[chunk]);
    if (!buffer) throw new Error(`optic: no buffer for the module's binding '${name}'`);
    return buffer;
  };
  const bindGroups = layout.chunks.map((_, k) =>
    device.createBindGroup({
      label: `optic chunk ${k}`,
      layout: bindGroupLayout,
      entries: m.bindings.map((b) => ({ binding: b.binding, resource: { buffer: bufferOf(b.name, k) } })),
    }),
  );
  const all = [params, table, control, sums, ...chunkInfo, ...slots.flat()];
  return { params, chunkInfo, table, control, sums, slots, bindGroups, destroy: () => all.forEach((b) => b.destroy()) };
}
