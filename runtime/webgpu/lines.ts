// The host's side of rows and cols values (a manifest's `lines`): each parameter tensor seen as a matrix R×C
// (C its last dimension, 1 for a scalar; R the product of the others), where its line sums and its rows and
// cols state live in the `sums` buffer (the views and slot shapes are compiler/shape.ts's, the tfjs target's:
// rows [R, 1], cols [1, C], so either loads what the other saved).

import { matrixView } from '../../compiler/shape.ts';
import type { Manifest } from '../../compiler/targets/wgsl-interface.ts';
import { stateType } from '../../compiler/targets/wgsl-interface.ts';

export { matrixView, slotShape } from '../../compiler/shape.ts';

export type SlotKind = 'tensor' | 'rows' | 'cols';

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Where each tensor's line sums and line state live (indices into `sums`, in floats). */
export interface LineLayout {
  readonly rows: readonly number[];
  readonly cols: readonly number[];
  /** Per tensor: the index of its line sums. */
  readonly sums: readonly number[];
  /** Per tensor: the index of its rows and cols state within a half. */
  readonly state: readonly number[];
  /** The first float of the line sums, of the state's first half, and the floats per half. */
  readonly lineBase: number;
  readonly rcBase: number;
  readonly rcHalf: number;
  /** Floats of `sums` in all. */
  readonly total: number;
}

/** The line layout of a module with rows or cols values on tensors of these shapes, after `lineBase` floats. */
export function lineLayout(manifest: Manifest, shapes: readonly (readonly number[])[], lineBase: number): LineLayout {
  const lines = manifest.lines ?? { sums: { rows: 0, cols: 0 }, state: { rows: 0, cols: 0 } };
  const views = shapes.map(matrixView);
  const offsets = (per: { rows: number; cols: number }, from: number) => {
    let at = from;
    const out = views.map((v) => {
      const here = at;
      at += per.rows * v.rows + per.cols * v.cols;
      return here;
    });
    return { out, end: at };
  };
  const sums = offsets(lines.sums, lineBase);
  const state = offsets(lines.state, 0);
  return {
    rows: views.map((v) => v.rows),
    cols: views.map((v) => v.cols),
    sums: sums.out,
    state: state.out,
    lineBase,
    rcBase: sums.end,
    rcHalf: state.end,
    total: sums.end + 2 * state.end,
  };
}

/** The tensor-table fields of each tensor: R, C, its line sums' index, its state's index within a half. */
export const lineFields = (l: LineLayout): number[][] => l.rows.map((r, t) => [r, l.cols[t], l.sums[t], l.state[t]]);

/**
 * Where state slot `k` (a rows or cols slot) of tensor `t` starts within a half, and how many floats it has:
 * a tensor's rows slots of R floats come first, then its cols slots of C.
 */
export function lineSlot(manifest: Manifest, l: LineLayout, k: number, t: number): { at: number; size: number } {
  const sig = manifest.signature;
  const kind = stateType(sig, k);
  const before = sig.state.slice(0, k).filter((_, j) => stateType(sig, j) === kind).length;
  const rowSlots = manifest.lines?.state.rows ?? 0;
  const [R, C] = [l.rows[t], l.cols[t]];
  const at = l.state[t] + (kind === 'rows' ? before * R : rowSlots * R + before * C);
  return { at, size: kind === 'rows' ? R : C };
}

/** Rows or cols slot `k` of every tensor, from both halves read back (`halves`) and the current one (`parity`). */
export function lineStateOf(
  manifest: Manifest,
  l: LineLayout,
  k: number,
  halves: Float32Array,
  parity: number,
): Float32Array[] {
  return l.rows.map((_, t) => {
    const { at, size } = lineSlot(manifest, l, k, t);
    const from = parity * l.rcHalf + at;
    return halves.slice(from, from + size);
  });
}

/**
 * Rows or cols slot `k` of every tensor as writes within a half (`at`, in floats; tensors without elements
 * write nothing); a value of the wrong length is refused.
 */
export function lineStateWrites(
  manifest: Manifest,
  l: LineLayout,
  k: number,
  values: readonly ArrayLike<number>[],
): { at: number; data: Float32Array<ArrayBuffer> }[] {
  return values.flatMap((v, t) => {
    const { at, size } = lineSlot(manifest, l, k, t);
    if (v.length !== size)
      throw new Error(`state slot ${k} of tensor ${t} has ${v.length} elements, one per row or column: ${size}`);
    return size === 0 ? [] : [{ at, data: Float32Array.from(v) }];
  });
}
