// Packing a model's parameter tensors into flat buffers (one per slot: weights, gradients, each state slot)
// and the tile table the kernels walk (compiler/targets/wgsl-tiles.ts). Every tensor starts on a vec4
// boundary; its padding is zero. A buffer binding holds at most `maxChunkVec4s` vec4s (the device's
// maxStorageBufferBindingSize): a larger model is split into chunks, each with its own bind group and
// dispatch, and a tensor may span chunks. A tile is at most `tileVec4s` vec4s (the manifest's) of one tensor
// in one chunk.

export interface Segment {
  readonly chunk: number;
  /** First vec4 in the chunk. */
  readonly vec4: number;
  /** First element of the tensor it holds, and how many. */
  readonly element: number;
  readonly count: number;
}

export interface TensorPlace {
  readonly size: number;
  readonly segments: readonly Segment[];
  readonly firstTile: number;
  readonly tileCount: number;
}

export interface ChunkPlace {
  readonly vec4s: number;
  readonly tileBegin: number;
  readonly tileCount: number;
}

export interface PackedLayout {
  readonly tensors: readonly TensorPlace[];
  readonly chunks: readonly ChunkPlace[];
  /** 4 u32 per tile: tensor, first vec4 in its chunk, vec4 count, element count. */
  readonly tiles: Uint32Array;
  readonly tileCount: number;
}

/**
 * `whole` (a module with rows or cols values, wgsl-plan.ts's `lines`): each tensor lies in one chunk (a row or
 * column pass reads any element of its tensor), and one larger than a chunk is an error. A tensor without
 * elements has no tile, as without: it takes no step, its rows ([R, 0]) or columns ([0, C]) keep their state
 * (as the interpreter has it).
 */
export function planLayout(
  sizes: readonly number[],
  maxChunkVec4s: number,
  tileVec4s: number,
  whole = false,
): PackedLayout {
  if (!(maxChunkVec4s >= 1)) throw new Error(`planLayout: a chunk must hold at least one vec4 (got ${maxChunkVec4s})`);
  const tiles: number[] = [];
  const chunks: { vec4s: number; tileBegin: number; tileCount: number }[] = [{ vec4s: 0, tileBegin: 0, tileCount: 0 }];
  const tensors = sizes.map((size, t) => {
    const segments: Segment[] = [];
    const firstTile = tiles.length / 4;
    const vec4s = Math.ceil(size / 4);
    if (whole && vec4s > maxChunkVec4s)
      throw new Error(
        `tensor ${t} has ${size} elements; one buffer binding holds ${4 * maxChunkVec4s}: a program with rows or cols values needs each tensor in one binding`,
      );
    if (whole && chunks[chunks.length - 1].vec4s + vec4s > maxChunkVec4s)
      chunks.push({ vec4s: 0, tileBegin: tiles.length / 4, tileCount: 0 });
    for (let element = 0; element < size; ) {
      let chunk = chunks[chunks.length - 1];
      if (chunk.vec4s === maxChunkVec4s) {
        chunk = { vec4s: 0, tileBegin: tiles.length / 4, tileCount: 0 };
        chunks.push(chunk);
      }
      const vec4s = Math.min(Math.ceil((size - element) / 4), tileVec4s, maxChunkVec4s - chunk.vec4s);
      const count = Math.min(4 * vec4s, size - element);
      tiles.push(t, chunk.vec4s, vec4s, count);
      const last = segments[segments.length - 1];
      const c = chunks.length - 1;
      if (last && last.chunk === c && last.vec4 + Math.ceil(last.count / 4) === chunk.vec4s) {
        segments[segments.length - 1] = { ...last, count: last.count + count };
      } else segments.push({ chunk: c, vec4: chunk.vec4s, element, count });
      chunk.vec4s += vec4s;
      chunk.tileCount++;
      element += count;
    }
    return { size, segments, firstTile, tileCount: tiles.length / 4 - firstTile };
  });
  return { tensors, chunks, tiles: Uint32Array.from(tiles), tileCount: tiles.length / 4 };
}

/** One Float32Array per chunk (4 floats per vec4), with each tensor's values at its place and zero padding. */
export function pack(
  layout: PackedLayout,
  values: readonly ArrayLike<number>[],
  into?: Float32Array<ArrayBuffer>[],
): Float32Array<ArrayBuffer>[] {
  const out = into ?? layout.chunks.map((c) => new Float32Array(4 * c.vec4s));
  layout.tensors.forEach((place, t) => {
    const v = values[t];
    if (v.length !== place.size) throw new Error(`tensor ${t} has ${v.length} elements, the model ${place.size}`);
    for (const s of place.segments) {
      const dst = out[s.chunk];
      const base = 4 * s.vec4 - s.element;
      for (let j = s.element; j < s.element + s.count; j++) dst[base + j] = v[j];
    }
  });
  return out;
}

export function unpack(layout: PackedLayout, chunks: readonly Float32Array[]): Float32Array[] {
  return layout.tensors.map((place) => {
    const out = new Float32Array(place.size);
    for (const s of place.segments) out.set(chunks[s.chunk].subarray(4 * s.vec4, 4 * s.vec4 + s.count), s.element);
    return out;
  });
}

/**
 * The tensor part of the tab buffer (it follows the tile table): per tensor [first tile, tile count, then the
 * u32s of `fields[t]` (a module with rows or cols values: R, C and where its lines live), then the float32
 * bits of each of `values[t]`: its hyperparameters, then its per-step scalars].
 */
export function tensorTable(
  layout: PackedLayout,
  values: readonly (readonly number[])[],
  count: number,
  fields: readonly (readonly number[])[] = [],
) {
  const extra = fields[0]?.length ?? 0;
  const stride = 2 + extra + count;
  const data = new Uint32Array(stride * layout.tensors.length);
  const bits = new Float32Array(data.buffer);
  layout.tensors.forEach((place, t) => {
    data[stride * t] = place.firstTile;
    data[stride * t + 1] = place.tileCount;
    for (let k = 0; k < extra; k++) data[stride * t + 2 + k] = fields[t][k];
    for (let k = 0; k < count; k++) bits[stride * t + 2 + extra + k] = values[t][k];
  });
  return data;
}
