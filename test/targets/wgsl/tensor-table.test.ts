// runtime/webgpu/layout.ts's tensorTable for a module with rows or cols values: per tensor its first tile, its
// tile count, then its u32 fields (R, C and where its lines live), then the float32 bits of its values, each
// tensor at its own stride. Host code only (no adapter needed).

import { describe, expect, it } from 'vitest';
import { planLayout, tensorTable } from '../../../runtime/webgpu/layout.ts';

describe('tensorTable with fields', () => {
  it('writes each tensor its tiles, its fields in order, then its values', () => {
    const layout = planLayout([6, 0, 4], 2, 1);
    const fields = [
      [3, 2, 40],
      [0, 2, 50],
      [2, 2, 60],
    ];
    const values = [
      [0.5, -2],
      [1, 2],
      [3, 0.1],
    ];
    const table = tensorTable(layout, values, 2, fields);
    const bits = new Float32Array(table.buffer);
    expect(table.length).toBe(3 * 7);
    for (let t = 0; t < 3; t++) {
      const at = 7 * t;
      expect([table[at], table[at + 1]]).toEqual([layout.tensors[t].firstTile, layout.tensors[t].tileCount]);
      expect(Array.from(table.subarray(at + 2, at + 5))).toEqual(fields[t]);
      expect([bits[at + 5], bits[at + 6]]).toEqual(values[t].map(Math.fround));
    }
  });
});
