// The GPU buffers of one model, created once: per chunk a weights, a gradient and a state buffer (every state
// slot in one, each slot a region of it) and the update if the module keeps it, plus the shared uniform,
// tables, control block and sums; and two bind groups per chunk, each entry found by its binding's name in the
// manifest. Weights and state may be double-buffered (the manifest's `halves`: two halves of each buffer):
// bind group `half` makes a step read half `half` and write the other; a host alternates them every step.
// With one half (a module's `halves`, or a host that never skips a step: policy 'ignore', which runs no
// carry_over), both bind groups of a chunk are the same one, updating in place. With two, each has a twin for
// carry_over's indirect dispatch, which reads its counts from the control buffer and so may not bind it
// writable: the twin binds a stand-in of its size as the control block. Sizes and offsets are
// staggered by 4 KiB per slot: buffers of identical sizes made a fused AdamW kernel ~2× slower on lavapipe
// (their addresses alias in the caches). The stagger lies outside what is bound, so a chunk's bindings stay
// within the device's maxStorageBufferBindingSize (`chunkCapacity`).

import { SCRATCH, SHARED, tensorSlots } from '../../compiler/targets/wgsl-interface.ts';
import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import { fieldView } from './fields.ts';
import type { PackedLayout } from './layout.ts';

const STAGGER = 4096;

/** Where one slot's values of one chunk live: a byte offset into a buffer. */
export interface Region {
  readonly buffer: GPUBuffer;
  readonly offset: number;
}

export interface ModelBuffers {
  readonly params: GPUBuffer;
  /** [half][chunk]: the `Chunk` uniform of the bind group of that half. */
  readonly chunkInfo: GPUBuffer[][];
  readonly table: GPUBuffer;
  readonly control: GPUBuffer;
  readonly sums: GPUBuffer;
  /**
   * [half][slot][chunk] in `packedSlots` order: slot 0 the weights, 1 the gradients, 2 + k the k-th tensor
   * state slot, then the update if the module writes it (rows and cols state lives in `sums`). The weights and state of `half` are those a step with bind group
   * `half` reads; the gradients and the update are the same in both.
   */
  readonly slots: Region[][][];
  /** [half][chunk]: reading half `half` of weights and state, writing the other. */
  readonly bindGroups: GPUBindGroup[][];
  /**
   * [half][chunk]: the same with a stand-in bound as the control block, for a pass dispatched indirectly from
   * the control buffer (which a dispatch may not also bind writable); none when the module has no such pass.
   */
  readonly indirectBindGroups: GPUBindGroup[][];
  destroy(): void;
}

/**
 * What the packed slots are, in `ModelBuffers.slots` order: `state[k]` is state slot k's packed slot, undefined
 * for a rows or cols slot (kept in `sums`: lines.ts).
 */
export function packedSlots(module: WgslModule): {
  w: number;
  g: number;
  state: (number | undefined)[];
  update?: number;
} {
  const { packed, signature } = module.manifest;
  const tensors = tensorSlots(signature);
  const state = signature.state.map((_, k) => (tensors.includes(k) ? 2 + tensors.indexOf(k) : undefined));
  return { w: 0, g: 1, state, ...(packed.update === undefined ? {} : { update: 2 + tensors.length }) };
}

/** The limits a chunk's buffers must respect (the device's, or lower ones for tests). */
export interface BufferLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

/**
 * The byte sizes of one chunk of `vec4s` vec4s: each packed buffer's size and the size of its binding. The
 * weights buffer holds `halves` regions `stride` vec4s apart, the state buffer `halves` · `slots`. Buffer `b`
 * (1 gradients, 3 update) is staggered by b + 1 times `stagger` bytes, the others by 3 times.
 */
export function chunkSizes(vec4s: number, slots: number, stagger: number, halves: 1 | 2 = 1) {
  const s = Math.ceil(stagger / 16);
  const stride = vec4s + s;
  const regions = (n: number) => ({ buffer: 16 * (n * stride + 3 * s), binding: 16 * ((n - 1) * stride + vec4s) });
  return {
    stride,
    vector: { buffer: (b: number) => 16 * (vec4s + s * (b + 1)), binding: 16 * vec4s },
    weights: regions(halves),
    state: regions(halves * slots),
    /** The materialized values (`sc`), laid out as the state. */
    regions,
  };
}

/**
 * The most vec4s a chunk can hold within `limits`: `chunkSizes` solved for vec4s, where `slots` is the most
 * regions a chunk's buffer holds (the weights' halves, the state's slots in each half, or the materialized values').
 */
export function chunkCapacity(limits: BufferLimits, slots: number, stagger = STAGGER): number {
  const [binding, buffer] = [limits.maxStorageBufferBindingSize / 16, limits.maxBufferSize / 16];
  const s = Math.ceil(stagger / 16);
  const capacity = Math.floor(
    Math.min(
      binding,
      buffer - 4 * s,
      slots === 0 ? Infinity : (binding - (slots - 1) * s) / slots,
      slots === 0 ? Infinity : (buffer - 3 * s) / slots - s,
    ),
  );
  if (!(capacity >= 1))
    throw new Error(
      `the device's buffer limits (${limits.maxStorageBufferBindingSize} bytes per binding, ${limits.maxBufferSize} per buffer) cannot hold one vec4 of ${slots} state slot(s)`,
    );
  return capacity;
}

export function createBuffers(
  device: GPUDevice,
  module: WgslModule,
  layout: PackedLayout,
  bindGroupLayout: GPUBindGroupLayout,
  tableWords: number,
  stagger = STAGGER,
  halves: 1 | 2 = module.manifest.halves,
  /** Floats of the `sums` buffer in all: by default its sums and partials; lines.ts's `total` with rows and cols. */
  sumsFloats?: number,
): ModelBuffers {
  const m = module.manifest;
  // Read here, not at module load: in Node the GPU* globals exist only once device.ts installed them.
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const UNIFORM = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const make = (label: string, size: number, usage: number) =>
    device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
  const rows = sumsFloats ?? (layout.tensors.length + 1 + layout.tileCount) * m.slotsPerRow;
  const params = make('optic params', m.params.size, UNIFORM);
  const table = make('optic tables', 4 * tableWords, STORAGE);
  // With one half no step is undone: nothing is dispatched indirectly (kernel-step.ts).
  const indirect = halves === 2 && m.passes.some((p) => p.dispatch === 'indirect');
  const control = make('optic control', m.control.size, STORAGE | (indirect ? GPUBufferUsage.INDIRECT : 0));
  const standIn = indirect ? [make('optic control stand-in', m.control.size, STORAGE)] : [];
  const sums = make('optic sums', 4 * rows, STORAGE);
  const tensorState = tensorSlots(m.signature);
  const slotCount = tensorState.length;
  const sizes = layout.chunks.map((c) => chunkSizes(c.vec4s, slotCount, stagger, halves));
  const scratch = m.scratchRegions;
  const vectors = (name: string, b: number) =>
    layout.chunks.map((_, k) => make(`optic ${name} chunk ${k}`, sizes[k].vector.buffer(b), STORAGE));
  const w = layout.chunks.map((_, k) => make(`optic ${m.packed.w} chunk ${k}`, sizes[k].weights.buffer, STORAGE));
  const g = vectors(m.packed.g, 1);
  const st = m.packed.state
    ? layout.chunks.map((_, k) => make(`optic ${m.packed.state} chunk ${k}`, sizes[k].state.buffer, STORAGE))
    : [];
  const upd = m.packed.update ? vectors(m.packed.update, 3) : [];
  const sc =
    scratch > 0
      ? layout.chunks.map((_, k) => make(`optic ${SCRATCH} chunk ${k}`, sizes[k].regions(scratch).buffer, STORAGE))
      : [];
  const whole = (buffers: GPUBuffer[]) => buffers.map((buffer) => ({ buffer, offset: 0 }));
  const regionOf = (buffers: GPUBuffer[], r: number) =>
    buffers.map((buffer, k) => ({ buffer, offset: 16 * r * sizes[k].stride }));
  // Bind group `half` reads half `half` (of one: the same in both, in place).
  const HALVES = halves === 2 ? [0, 1] : [0];
  const slots = HALVES.map((half) => [
    regionOf(w, half),
    whole(g),
    ...tensorState.map((_, s) => regionOf(st, half * slotCount + s)),
    ...(m.packed.update ? [whole(upd)] : []),
  ]);
  const chunkInfo = HALVES.map((half) =>
    layout.chunks.map((c, k) => {
      const b = make(`optic chunk ${k} half ${half}`, m.chunk.size, UNIFORM);
      const stride = sizes[k].stride;
      const fields = fieldView(m, 'Chunk')
        .set('tile_begin', c.tileBegin)
        .set('tile_count', c.tileCount)
        .set('state_stride', stride)
        .set('w_in', half * stride)
        .set('w_out', (halves - 1 - half) * stride)
        .set('st_in', half * slotCount * stride)
        .set('st_out', (halves - 1 - half) * slotCount * stride);
      device.queue.writeBuffer(b, 0, fields.bytes);
      return b;
    }),
  );
  const shared = new Map<string, GPUBuffer>([
    [SHARED.params, params],
    [SHARED.table, table],
    [SHARED.control, control],
    [SHARED.sums, sums],
  ]);
  const packed = new Map<string | undefined, GPUBuffer[]>([
    [m.packed.w, w],
    [m.packed.g, g],
    [m.packed.state, st],
    [m.packed.update, upd],
    [SCRATCH, sc],
  ]);
  const resource = (name: string, chunk: number, half: number): GPUBufferBinding => {
    if (name === SHARED.chunk) return { buffer: chunkInfo[half][chunk] };
    const buffer = shared.get(name);
    if (buffer) return { buffer };
    const size =
      name === m.packed.state
        ? sizes[chunk].state.binding
        : name === m.packed.w
          ? sizes[chunk].weights.binding
          : name === SCRATCH
            ? sizes[chunk].regions(scratch).binding
            : sizes[chunk].vector.binding;
    const chunkBuffer = packed.get(name)?.[chunk];
    if (!chunkBuffer) throw new Error(`optic: no buffer for the module's binding '${name}'`);
    return { buffer: chunkBuffer, size: Math.max(16, size) };
  };
  const groups = (label: string, control: GPUBuffer) =>
    HALVES.map((half) =>
      layout.chunks.map((_, k) =>
        device.createBindGroup({
          label: `optic chunk ${k} half ${half}${label}`,
          layout: bindGroupLayout,
          entries: m.bindings.map((b) => ({
            binding: b.binding,
            resource: b.name === SHARED.control ? { buffer: control } : resource(b.name, k, half),
          })),
        }),
      ),
    );
  const bindGroups = groups('', control);
  const indirectBindGroups = standIn.length > 0 ? groups(' (indirect)', standIn[0]) : [];
  const all = [params, table, control, ...standIn, sums, ...chunkInfo.flat(), ...w, ...g, ...st, ...upd, ...sc];
  const both = <T>(perHalf: T[]) => (halves === 2 ? perHalf : [perHalf[0], perHalf[0]]);
  return {
    params,
    chunkInfo: both(chunkInfo),
    table,
    control,
    sums,
    slots: both(slots),
    bindGroups: both(bindGroups),
    indirectBindGroups: indirectBindGroups.length > 0 ? both(indirectBindGroups) : [],
    destroy: () => all.forEach((b) => b.destroy()),
  };
}
