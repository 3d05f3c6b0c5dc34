// Packing a model into chunks and tiles (runtime/webgpu/layout.ts): every element has exactly one place,
// tiles never cross a tensor or a chunk, and pack/unpack round-trip.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TILE, tileVec4s } from '../../../compiler/targets/wgsl-tiles.ts';
import { pack, planLayout, unpack } from '../../../runtime/webgpu/layout.ts';

const TILE_VEC4S = tileVec4s(DEFAULT_TILE);

describe('planLayout', () => {
  it('tiles cover each tensor exactly, within one chunk, in tensor order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(700), { maxLength: 6 }), fc.integer({ min: 1, max: 300 }), (sizes, maxChunk) => {
        const layout = planLayout(sizes, maxChunk, TILE_VEC4S);
        const covered = sizes.map(() => 0);
        for (let k = 0; k < layout.tileCount; k++) {
          const [t, vec4, n, elements] = layout.tiles.subarray(4 * k, 4 * k + 4);
          expect(n).toBeGreaterThanOrEqual(1);
          expect(n).toBeLessThanOrEqual(TILE_VEC4S);
          expect(elements).toBeLessThanOrEqual(4 * n);
          expect(elements).toBeGreaterThan(4 * (n - 1));
          const chunk = layout.chunks.findIndex((c) => k >= c.tileBegin && k < c.tileBegin + c.tileCount);
          expect(vec4 + n).toBeLessThanOrEqual(layout.chunks[chunk].vec4s);
          expect(layout.chunks[chunk].vec4s).toBeLessThanOrEqual(maxChunk);
          covered[t] += elements;
        }
        expect(covered).toEqual(sizes);
        layout.tensors.forEach((place, t) => {
          for (let k = place.firstTile; k < place.firstTile + place.tileCount; k++) expect(layout.tiles[4 * k]).toBe(t);
        });
      }),
    );
  });

  it('pack then unpack is the identity, and padding is zero', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(300), { maxLength: 5 }), fc.integer({ min: 1, max: 100 }), (sizes, maxChunk) => {
        const layout = planLayout(sizes, maxChunk, TILE_VEC4S);
        const values = sizes.map((n, t) => Float32Array.from({ length: n }, (_, j) => t * 1000 + j + 1));
        const chunks = pack(layout, values);
        expect(unpack(layout, chunks)).toEqual(values);
        const total = chunks.reduce((s, c) => s + c.filter((x) => x !== 0).length, 0);
        expect(total).toBe(sizes.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('whole tensors (rows and cols programs): each tensor in one chunk, and one larger than a chunk refused', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(700), { maxLength: 6 }), fc.integer({ min: 1, max: 300 }), (sizes, maxChunk) => {
        if (sizes.some((n) => Math.ceil(n / 4) > maxChunk)) {
          expect(() => planLayout(sizes, maxChunk, TILE_VEC4S, true)).toThrow(/needs each tensor in one binding/);
          return;
        }
        const layout = planLayout(sizes, maxChunk, TILE_VEC4S, true);
        layout.tensors.forEach((place, t) => {
          expect(place.segments.length).toBe(sizes[t] === 0 ? 0 : 1);
          expect(place.segments.reduce((n, s) => n + s.count, 0)).toBe(sizes[t]);
        });
        layout.chunks.forEach((c) => expect(c.vec4s).toBeLessThanOrEqual(maxChunk));
        const values = sizes.map((n, t) => Float32Array.from({ length: n }, (_, j) => t * 1000 + j + 1));
        expect(unpack(layout, pack(layout, values))).toEqual(values);
      }),
    );
  });
});
