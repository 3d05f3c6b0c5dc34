// runtime/webgpu/layout.ts at what layout.test.ts's properties leave: the places themselves (segments,
// merged within a chunk, split across chunks), the tensor table the kernels read, packing into given
// arrays, and the refusals. Host code only (no adapter needed).

import { describe, expect, it } from 'vitest';
import { pack, planLayout, tensorTable, unpack } from '../../../runtime/webgpu/layout.ts';

describe('planLayout', () => {
  it('places a tensor in one segment per chunk, its tiles merged, a new chunk when one is full', () => {
    // 10 elements = 3 vec4s, tiles of 1 vec4, chunks of 2 vec4s: tiles (0,0),(0,1) | (1,0).
    const layout = planLayout([10, 3], 2, 1);
    expect(layout.tensors[0]).toEqual({
      size: 10,
      segments: [
        { chunk: 0, vec4: 0, element: 0, count: 8 },
        { chunk: 1, vec4: 0, element: 8, count: 2 },
      ],
      firstTile: 0,
      tileCount: 3,
    });
    expect(layout.tensors[1]).toEqual({
      size: 3,
      segments: [{ chunk: 1, vec4: 1, element: 0, count: 3 }],
      firstTile: 3,
      tileCount: 1,
    });
    expect(layout.chunks).toEqual([
      { vec4s: 2, tileBegin: 0, tileCount: 2 },
      { vec4s: 2, tileBegin: 2, tileCount: 2 },
    ]);
    expect(Array.from(layout.tiles)).toEqual([0, 0, 1, 4, 0, 1, 1, 4, 0, 0, 1, 2, 1, 1, 1, 3]);
    expect(layout.tileCount).toBe(4);
  });

  it('gives an empty tensor no tile and no segment', () => {
    const layout = planLayout([0, 4], 8, 4);
    expect(layout.tensors[0]).toEqual({ size: 0, segments: [], firstTile: 0, tileCount: 0 });
    expect(layout.tensors[1].firstTile).toBe(0);
  });

  it('refuses a chunk smaller than one vec4', () => {
    for (const n of [0, -1, Number.NaN])
      expect(() => planLayout([4], n, 1)).toThrow(`planLayout: a chunk must hold at least one vec4 (got ${n})`);
  });
});

describe('pack', () => {
  it('refuses values of another size, and writes into the arrays it is given', () => {
    const layout = planLayout([3, 4], 8, 4);
    expect(() =>
      pack(layout, [
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toThrow('tensor 1 has 3 elements, the model 4');
    const into = [new Float32Array(8).fill(9)];
    const out = pack(
      layout,
      [
        [1, 2, 3],
        [4, 5, 6, 7],
      ],
      into,
    );
    expect(out).toBe(into);
    expect(Array.from(into[0])).toEqual([1, 2, 3, 9, 4, 5, 6, 7]);
    expect(unpack(layout, out)).toEqual([Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6, 7)]);
  });
});

describe('tensorTable', () => {
  it('lists per tensor its first tile, its tile count and the float32 bits of its values', () => {
    const layout = planLayout([10, 0, 3], 2, 1);
    const table = tensorTable(
      layout,
      [
        [0.5, -2],
        [1, 2],
        [3, 0.1],
      ],
      2,
    );
    const bits = new Float32Array(table.buffer);
    expect(table.length).toBe(12);
    expect([table[0], table[1], bits[2], bits[3]]).toEqual([0, 3, 0.5, -2]);
    expect([table[4], table[5], bits[6], bits[7]]).toEqual([3, 0, 1, 2]);
    expect([table[8], table[9], bits[10], bits[11]]).toEqual([3, 1, 3, Math.fround(0.1)]);
  });
});
