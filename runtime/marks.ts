// Per-element mark channels for the interpreter. A mark is set on an element where the channel's seed holds
// (a non-finite result; arguments near a discontinuity of the op) and is inherited by every element
// computed from a marked one; a reduction over a marked element marks everything it feeds. With no channel
// enabled, every method returns empty marks and costs nothing.

import type { OpDef, Reduction } from '../compiler/ops.ts';

export type Channel = 'nonFinite' | 'near';

/** Per channel: for a tensor, one Uint8Array per parameter tensor; for a scalar, one boolean per tensor. */
export type Marks<T> = { nonFinite?: T; near?: T };

type AnyMarks = Marks<readonly Uint8Array[]> | Marks<readonly boolean[]>;

export interface ElementInfo {
  result: number;
  args: number[];
  def: OpDef | undefined;
  from: AnyMarks[];
  /** Per argument, the index of the element read (broadcasting a row or column value); absent, j. */
  index?: number[];
  t: number;
  j: number;
}

export interface ReductionInfo {
  result: number;
  sums: readonly number[];
  scalars: readonly number[];
  reduce: Reduction;
  from: Marks<readonly boolean[]>[];
}

function markedAt(m: readonly Uint8Array[] | readonly boolean[] | undefined, t: number, j: number): boolean {
  if (!m) return false;
  const v = m[t];
  return typeof v === 'boolean' ? v : v[j] === 1;
}

export class MarkSet {
  constructor(
    readonly channels: readonly Channel[],
    private readonly tol: number,
  ) {}

  private seed(channel: Channel, e: Omit<ElementInfo, 't' | 'j'>): boolean {
    if (channel === 'nonFinite') return !Number.isFinite(e.result);
    return e.def?.near?.(this.tol, ...e.args) ?? false;
  }

  leafTensor(data: readonly Float64Array[], incoming: Marks<readonly Uint8Array[] | undefined>): Marks<Uint8Array[]> {
    const out: Marks<Uint8Array[]> = {};
    for (const c of this.channels) {
      out[c] = data.map((t, i) =>
        Uint8Array.from(t, (x, j) => ((c === 'nonFinite' && !Number.isFinite(x)) || incoming[c]?.[i]?.[j] ? 1 : 0)),
      );
    }
    return out;
  }

  leafScalar(data: readonly number[]): Marks<boolean[]> {
    const out: Marks<boolean[]> = {};
    for (const c of this.channels) out[c] = data.map((x) => c === 'nonFinite' && !Number.isFinite(x));
    return out;
  }

  scalar(count: number, info: (t: number) => Omit<ElementInfo, 't' | 'j'>): Marks<boolean[]> {
    const out: Marks<boolean[]> = {};
    if (this.channels.length === 0) return out;
    const infos = Array.from({ length: count }, (_, t) => info(t));
    for (const c of this.channels) {
      out[c] = infos.map((e, t) => this.seed(c, e) || e.from.some((m) => markedAt(m[c], t, 0)));
    }
    return out;
  }

  tensor(sizes: readonly number[], info: (t: number, j: number) => ElementInfo): Marks<Uint8Array[]> {
    const out: Marks<Uint8Array[]> = {};
    if (this.channels.length === 0) return out;
    for (const c of this.channels) out[c] = sizes.map((n) => new Uint8Array(n));
    sizes.forEach((n, t) => {
      for (let j = 0; j < n; j++) {
        const e = info(t, j);
        for (const c of this.channels) {
          if (this.seed(c, e) || e.from.some((m, k) => markedAt(m[c], t, e.index?.[k] ?? j))) out[c]![t][j] = 1;
        }
      }
    });
    return out;
  }

  reduction(
    sizes: readonly number[],
    global: boolean,
    reduced: readonly Marks<readonly Uint8Array[]>[],
    info: (t: number) => ReductionInfo,
  ): Marks<boolean[]> {
    const out: Marks<boolean[]> = {};
    for (const c of this.channels) {
      const perTensor = sizes.map((_, t) => reduced.some((m) => m[c]?.[t]?.includes(1) ?? false));
      const anyTensor = perTensor.includes(true);
      out[c] = sizes.map((_, t) => {
        const e = info(t);
        const seeded =
          c === 'nonFinite' ? !Number.isFinite(e.result) : (e.reduce.near?.(this.tol, e.sums, e.scalars) ?? false);
        return seeded || (global ? anyTensor : perTensor[t]) || e.from.some((m) => m[c]?.[t] === true);
      });
    }
    return out;
  }

  /**
   * Each element of `results` from a group of elements of one array value (an axis reduction, a broadcast): marked
   * where any of them is, and for nonFinite where the result itself is not finite.
   */
  grouped(
    results: readonly Float64Array[],
    from: Marks<readonly Uint8Array[]>,
    members: (t: number, k: number) => readonly number[],
  ): Marks<Uint8Array[]> {
    const out: Marks<Uint8Array[]> = {};
    for (const c of this.channels) {
      out[c] = results.map((r, t) =>
        Uint8Array.from(r, (x, k) =>
          (c === 'nonFinite' && !Number.isFinite(x)) || members(t, k).some((m) => from[c]?.[t]?.[m] === 1) ? 1 : 0,
        ),
      );
    }
    return out;
  }

  broadcast(sizes: readonly number[], m: Marks<readonly boolean[]>): Marks<Uint8Array[]> {
    const out: Marks<Uint8Array[]> = {};
    for (const c of this.channels) out[c] = sizes.map((n, t) => new Uint8Array(n).fill(m[c]?.[t] ? 1 : 0));
    return out;
  }
}
