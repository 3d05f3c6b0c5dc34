// Reading GPU buffers back: each region copied into a fresh mappable buffer, all copies in one submit (so no
// step submitted meanwhile can fall between them), then mapped and copied out.

import type { Region } from './buffers.ts';

/**
 * The regions of each group, read back as floats: region k of a group has `size(k)` bytes (0 copies nothing
 * and gives an empty array). The copies are submitted before this function first yields.
 */
export function readBack(
  device: GPUDevice,
  groups: readonly (readonly Region[])[],
  size: (k: number) => number,
): Promise<Float32Array[][]> {
  const encoder = device.createCommandEncoder();
  const copies = groups.map((regions) =>
    regions.map((r, k) => {
      const bytes = size(k);
      const out = device.createBuffer({
        size: Math.max(16, bytes),
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      if (bytes > 0) encoder.copyBufferToBuffer(r.buffer, r.offset, out, 0, bytes);
      return { out, bytes };
    }),
  );
  device.queue.submit([encoder.finish()]);
  return Promise.all(
    copies.map((list) =>
      Promise.all(
        list.map(async ({ out, bytes }) => {
          await out.mapAsync(GPUMapMode.READ);
          const data = new Float32Array(out.getMappedRange(0, Math.max(16, bytes)).slice(0, bytes));
          out.destroy();
          return data;
        }),
      ),
    ),
  );
}
