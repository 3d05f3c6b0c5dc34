// runtime/webgpu/layout.ts's planLayout for a module with rows or cols values (`whole`): a tensor that fits in
// the current chunk, even exactly, goes there; one that does not starts the next chunk, whose tile table
// begins after the tiles before it; one larger than a chunk is refused, saying how many elements a binding
// holds. layout.test.ts's property checks each tensor lies in one chunk, not where. Host code only.

import { describe, expect, it } from 'vitest';
import { planLayout } from '../../../runtime/webgpu/layout.ts';

describe('planLayout for whole tensors', () => {
  it('fills a chunk exactly before starting the next, each chunk beginning at its first tile', () => {
    // Chunks of 2 vec4s, tiles of 1 vec4: [4] and [4] fill chunk 0 exactly; [8] needs a chunk of its own;
    // [3] does not fit beside it.
    const layout = planLayout([4, 4, 8, 3], 2, 1, true);
    expect(layout.chunks).toEqual([
      { vec4s: 2, tileBegin: 0, tileCount: 2 },
      { vec4s: 2, tileBegin: 2, tileCount: 2 },
      { vec4s: 1, tileBegin: 4, tileCount: 1 },
    ]);
    expect(layout.tensors.map((p) => p.segments.map((s) => [s.chunk, s.vec4]))).toEqual([
      [[0, 0]],
      [[0, 1]],
      [[1, 0]],
      [[2, 0]],
    ]);
  });

  it('takes a tensor exactly a chunk long, and refuses one element more', () => {
    expect(planLayout([8], 2, 1, true).chunks).toEqual([{ vec4s: 2, tileBegin: 0, tileCount: 2 }]);
    expect(() => planLayout([8, 9], 2, 1, true)).toThrow(
      'tensor 1 has 9 elements; one buffer binding holds 8: a program with rows or cols values needs each tensor in one binding',
    );
  });
});
