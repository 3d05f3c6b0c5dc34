// The GPU buffers of one model, created once: per chunk a weights, a gradient and one buffer per state slot,
// plus the shared uniform, tables, control block and sums; and one bind group per chunk. Sizes are
// staggered by 4 KiB per slot: buffers of identical sizes made a fused AdamW kernel ~2× slower on lavapipe
// (their addresses alias in the caches).

import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import type { PackedLayout } from './layout.ts';

export const STAGGER = 4096;

export interface ModelBuffers {
  readonly params: GPUBuffer;
  readonly chunkInfo: GPUBuffer[];
  readonly table: GPUBuffer;
  readonly control: GPUBuffer;
  readonly sums: GPUBuffer;
  /** [slot][chunk], slot 0 the weights, 1 the gradients, 2 + k state slot k, then the update if written. */
  readonly slots: GPUBuffer[][];
  readonly bindGroups: GPUBindGroup[];
  destroy(): void;
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
  const make = (label: string, size: number, usage: number) =>
    device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
  const rows = (layout.tensors.length + 1 + layout.tileCount) * m.slotsPerRow;
  const params = make('optic params', m.params.size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const table = make('optic tables', 4 * tableWords, STORAGE);
  const control = make('optic control', m.control.size, STORAGE);
  const sums = make('optic sums', 4 * rows, STORAGE);
  const slotNames = [
    'w',
    'g',
    ...m.signature.state.map((_, k) => `state ${k}`),
    ...(m.bindings.some((b) => b.name === 'upd') ? ['update'] : []),
  ];
  const slots = slotNames.map((name, s) =>
    layout.chunks.map((c, k) => make(`optic ${name} chunk ${k}`, 16 * c.vec4s + stagger * (s + 1), STORAGE)),
  );
  const chunkInfo = layout.chunks.map((c, k) => {
    const b = make(`optic chunk ${k}`, m.chunk.size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(b, 0, Uint32Array.of(c.tileBegin, c.tileCount, 0, 0));
    return b;
  });
  const bindGroups = layout.chunks.map((_, k) =>
    device.createBindGroup({
      label: `optic chunk ${k}`,
      layout: bindGroupLayout,
      entries: [params, chunkInfo[k], table, control, sums, ...slots.map((s) => s[k])].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    }),
  );
  const all = [params, table, control, sums, ...chunkInfo, ...slots.flat()];
  return { params, chunkInfo, table, control, sums, slots, bindGroups, destroy: () => all.forEach((b) => b.destroy()) };
}
