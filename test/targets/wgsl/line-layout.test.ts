// runtime/webgpu/lines.ts, the host's side of rows and cols values, against numbers worked out here by hand:
// where each tensor's line sums and rows and cols state live in `sums`, the tensor table's fields, where each
// state slot starts within a half, and reading and writing a slot. Host code only (no adapter needed).

import { describe, expect, it } from 'vitest';
import { emitWgsl } from '../../../compiler/targets/wgsl.ts';
import { lineFields, lineLayout, lineSlot, lineStateOf, lineStateWrites } from '../../../runtime/webgpu/lines.ts';
import { programOf } from '../../fixtures/compile.ts';

// State: c (cols), m (a tensor, packed elsewhere), r (rows), c2 (cols), r2 (rows): 2 rows and 2 cols slots.
// Line sums: mean_rows of g², |g| and g (3 rows values), mean_cols of g and g² (2 cols values).
const SOURCE = `def train(w, g, c, m, r, c2, r2):
    c = mean_cols(g) + c
    m = g + m
    r = mean_rows(g * g) + r
    c2 = mean_cols(g * g) + c2
    r2 = mean_rows(abs(g)) + r2
    return 0.01 * g + m * mean_rows(g), c, m, r, c2, r2
`;
const manifest = emitWgsl(programOf(SOURCE)).manifest;
// R×C views: 6×4, 1×5 (a vector), 1×1 (a scalar), 0×3 (no elements).
const SHAPES = [[2, 3, 4], [5], [], [0, 3]];
const layout = lineLayout(manifest, SHAPES, 10);

describe('lineLayout', () => {
  it('the module keeps 3 rows and 2 cols line sums, 2 rows and 2 cols state slots', () => {
    expect(manifest.lines).toEqual({ sums: { rows: 3, cols: 2 }, state: { rows: 2, cols: 2 } });
    expect(manifest.signature.stateTypes).toEqual(['cols', 'tensor', 'rows', 'cols', 'rows']);
  });

  it('gives each tensor 3R + 2C floats of line sums after lineBase, and 2R + 2C of state per half', () => {
    expect(layout).toEqual({
      rows: [6, 1, 1, 0],
      cols: [4, 5, 1, 3],
      sums: [10, 10 + 26, 36 + 13, 49 + 5], // 3·6 + 2·4, 3·1 + 2·5, 3 + 2, 0 + 2·3
      state: [0, 20, 32, 36], // 2·6 + 2·4, 2 + 10, 2 + 2
      lineBase: 10,
      rcBase: 60,
      rcHalf: 42,
      total: 60 + 2 * 42,
    });
  });

  it('a module without rows or cols values gives every tensor nothing after lineBase', () => {
    const plain = emitWgsl(programOf('def train(w, g, m):\n    m = g + m\n    return 0.01 * m, m\n')).manifest;
    expect(plain.lines).toBeUndefined();
    expect(lineLayout(plain, SHAPES, 7)).toEqual({
      rows: [6, 1, 1, 0],
      cols: [4, 5, 1, 3],
      sums: [7, 7, 7, 7],
      state: [0, 0, 0, 0],
      lineBase: 7,
      rcBase: 7,
      rcHalf: 0,
      total: 7,
    });
  });

  it("lineFields: each tensor's R, C, line sums' index and state's index, in that order", () => {
    expect(lineFields(layout)).toEqual([
      [6, 4, 10, 0],
      [1, 5, 36, 20],
      [1, 1, 49, 32],
      [0, 3, 54, 36],
    ]);
  });
});

describe('lineSlot', () => {
  it("puts a tensor's rows slots first (R floats each), then its cols slots (C each), in signature order", () => {
    // Tensor 0 (6×4, state at 0): r at 0, r2 at 6, c at 12, c2 at 16.
    expect([0, 2, 3, 4].map((k) => lineSlot(manifest, layout, k, 0))).toEqual([
      { at: 12, size: 4 },
      { at: 0, size: 6 },
      { at: 16, size: 4 },
      { at: 6, size: 6 },
    ]);
    // Tensor 1 (1×5, state at 20): r at 20, r2 at 21, c at 22, c2 at 27.
    expect([0, 2, 3, 4].map((k) => lineSlot(manifest, layout, k, 1))).toEqual([
      { at: 22, size: 5 },
      { at: 20, size: 1 },
      { at: 27, size: 5 },
      { at: 21, size: 1 },
    ]);
  });

  it('the slots of all tensors tile a half exactly, without overlap', () => {
    const covered = Array<number>(layout.rcHalf).fill(0);
    for (let t = 0; t < SHAPES.length; t++)
      for (const k of [0, 2, 3, 4]) {
        const { at, size } = lineSlot(manifest, layout, k, t);
        for (let i = at; i < at + size; i++) covered[i]++;
      }
    expect(covered).toEqual(Array(layout.rcHalf).fill(1));
  });
});

describe('lineStateOf and lineStateWrites', () => {
  const halves = Float32Array.from({ length: 2 * layout.rcHalf }, (_, i) => i);
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

  it('reads slot k of every tensor from the half the parity names', () => {
    const r2 = (parity: number) => lineStateOf(manifest, layout, 4, halves, parity).map((a) => Array.from(a));
    expect(r2(0)).toEqual([range(6, 6), [21], [33], []]);
    expect(r2(1)).toEqual([range(42 + 6, 6), [42 + 21], [42 + 33], []]);
    const c = lineStateOf(manifest, layout, 0, halves, 1).map((a) => Array.from(a));
    expect(c).toEqual([range(42 + 12, 4), range(42 + 22, 5), [42 + 34], range(42 + 36, 3)]);
  });

  it('writes slot k of every tensor where lineSlot puts it, nothing for a tensor of no elements', () => {
    const values = [[1, 2, 3, 4, 5, 6], [7], [8], []];
    expect(lineStateWrites(manifest, layout, 2, values)).toEqual([
      { at: 0, data: Float32Array.of(1, 2, 3, 4, 5, 6) },
      { at: 20, data: Float32Array.of(7) },
      { at: 32, data: Float32Array.of(8) },
    ]);
    const cols = [range(0, 4), range(4, 5), [0.1], [-1, -2, -3]];
    const writes = lineStateWrites(manifest, layout, 3, cols);
    expect(writes.map((w) => w.at)).toEqual([16, 27, 35, 39]);
    expect(writes.map((w) => Array.from(w.data))).toEqual(cols.map((v) => v.map(Math.fround)));
    expect(writes.every((w) => w.data instanceof Float32Array)).toBe(true);
  });

  it('refuses a value of the wrong length, naming the slot, the tensor and the length it needs', () => {
    expect(() => lineStateWrites(manifest, layout, 3, [range(0, 4), range(0, 4), [0], [0, 0, 0]])).toThrow(
      'state slot 3 of tensor 1 has 4 elements, one per row or column: 5',
    );
    expect(() => lineStateWrites(manifest, layout, 2, [range(0, 6), [1], [2], [3]])).toThrow(
      'state slot 2 of tensor 3 has 1 elements, one per row or column: 0',
    );
  });
});
