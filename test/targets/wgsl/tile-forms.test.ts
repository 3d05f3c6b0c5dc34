// How an elementwise kernel walks its thread's vec4s (wgsl-tiles.ts eachVec4): a loop for several vec4s per
// thread, the vec4s written out one by one with `unroll` and always for one vec4 per thread (a loop that runs
// once cost ~30% of a step on lavapipe: results/wgsl-speed.md). Both forms compute the same (tiles.test.ts runs
// them against the interpreter); this checks which one each shape gets, in every kernel that walks vec4s.

import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import type { TileShape } from '../../../compiler/targets/wgsl-tiles.ts';
import { emitWgsl } from '../../../compiler/targets/wgsl.ts';

const { program } = compile(
  'def train(w, g, m):\n    m = 0.9 * m + g\n    return m * norm(w), m\n',
  'with-a-reduction.opt',
);
const plain = compile('def train(w, g, m):\n    m = 0.9 * m + g\n    return m, m\n', 'plain.opt').program;

/** The entry points that walk the tile's vec4s, by name, each with its text. */
function kernels(shape: TileShape): Map<string, string> {
  const entries = new Map<string, string>();
  for (const p of [program!, plain!]) {
    const code = emitWgsl(p, { tile: shape }).code;
    for (const m of code.matchAll(/\nfn (apply_step|reduce_tiles_\d)\(([\s\S]*?)\n}\n/g))
      entries.set(`${p === plain ? 'plain ' : ''}${m[1]}`, m[2]);
  }
  return entries;
}

describe('the vec4 walk of each tile', () => {
  it('finds the three kernels that walk vec4s', () => {
    expect([...kernels({ workgroup: 64, perThread: 4 }).keys()].sort()).toEqual([
      'apply_step',
      'plain apply_step',
      'reduce_tiles_1',
    ]);
  });

  it.each([
    [{ workgroup: 64, perThread: 4 }, 'loop'],
    [{ workgroup: 256, perThread: 2, unroll: false }, 'loop'],
    [{ workgroup: 64, perThread: 1 }, 1],
    [{ workgroup: 64, perThread: 1, unroll: true }, 1],
    [{ workgroup: 64, perThread: 3, unroll: true }, 3],
    [{ workgroup: 32, perThread: 4, unroll: true }, 4],
  ] as const)('%o: %s', (shape, form) => {
    for (const [name, text] of kernels(shape)) {
      const loops = text.match(/for \(var q = lane; q < count; q \+= \d+u\)/g) ?? [];
      const unrolled = text.match(/if \(lane( \+ \d+u)? < count\) \{\n\s*let q = lane( \+ \d+u)?;/g) ?? [];
      if (form === 'loop') {
        expect(loops, name).toEqual([`for (var q = lane; q < count; q += ${shape.workgroup}u)`]);
        expect(unrolled, name).toEqual([]);
      } else {
        expect(loops, name).toEqual([]);
        expect(unrolled.length, name).toBe(form);
        for (let k = 1; k < form; k++) expect(text, name).toContain(`let q = lane + ${k * shape.workgroup}u;`);
      }
    }
  });
});
