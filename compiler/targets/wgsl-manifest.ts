// The manifest printed beside the WGSL: everything a WebGPU host (a browser, Node, or anything else) needs to
// run the kernels without optic: the bindings in order, the uniform structs' byte layouts, the tile and tensor
// tables, the layout of the `sums` buffer, and the passes of one step in dispatch order.

import type { Plan } from './wgsl-plan.ts';
import { inputField, stateBinding } from './wgsl-body.ts';
import { DEFAULT_TILE, tileVec4s, type TileShape } from './wgsl-kernels.ts';

export interface Field {
  readonly name: string;
  readonly type: 'u32' | 'f32';
  readonly offset: number;
  readonly doc: string;
  /** Special constants: the float32 bit pattern the host writes (JSON has no NaN or Infinity). */
  readonly bits?: number;
}

export interface Binding {
  readonly binding: number;
  readonly name: string;
  readonly kind: 'uniform' | 'storage';
  readonly access: 'read' | 'read_write';
  readonly type: string;
  readonly doc: string;
}

export interface Pass {
  readonly entryPoint: string;
  /** tiles: once per chunk, min(chunk tiles, 65535) workgroups; rows: min(n_tensors + 1, 65535); one: 1. */
  readonly dispatch: 'tiles' | 'rows' | 'one';
  readonly doc: string;
}

export interface Manifest {
  readonly format: 'optic-wgsl/1';
  readonly workgroupSize: number;
  readonly tileVec4s: number;
  readonly signature: {
    readonly w: string;
    readonly g: string;
    readonly state: readonly string[];
    readonly inputs: readonly string[];
    readonly hypers: readonly { name: string; default?: number }[];
  };
  readonly bindings: readonly Binding[];
  readonly params: { readonly struct: 'Params'; readonly size: number; readonly fields: readonly Field[] };
  readonly chunk: { readonly struct: 'Chunk'; readonly size: number; readonly fields: readonly Field[] };
  readonly control: { readonly struct: 'Control'; readonly size: number; readonly fields: readonly Field[] };
  readonly tables: Readonly<Record<'tab' | 'tensor' | 'sums' | 'buffers', string>>;
  /** Sums per row of `sums` (per tensor, then one global row). */
  readonly slotsPerRow: number;
  readonly passes: readonly Pass[];
  readonly policy: string;
}

const u32 = (name: string, doc: string) => ({ name, type: 'u32' as const, doc });

function layout(fields: readonly Omit<Field, 'offset'>[]): { size: number; fields: Field[] } {
  const out = fields.map((f, k) => ({ ...f, offset: 4 * k }));
  return { size: Math.max(16, Math.ceil((4 * fields.length) / 16) * 16), fields: out };
}

export function paramsFields(plan: Plan): Omit<Field, 'offset'>[] {
  const sig = plan.program.signature;
  const bits = new Uint32Array(new Float32Array(plan.specials.map((s) => s.value)).buffer);
  return [
    u32('n_tiles', 'tiles over all chunks'),
    u32('n_tensors', 'parameter tensors'),
    u32('tensor_base', 'index in `tab` of the tensor table (4 · n_tiles)'),
    u32('tensor_stride', 'u32s per tensor entry: 2 + hyperparameter count'),
    u32('part_base', 'index in `sums` of the per-tile partial sums ((n_tensors + 1) · slotsPerRow)'),
    u32(
      'check',
      'nonzero: reduction stage 1 raises flag bit 0 on a non-finite gradient (policies skip and error; 0 for ignore)',
    ),
    ...sig.inputs.map((_name, k) => ({
      name: inputField(sig.inputs, k),
      type: 'f32' as const,
      doc: `per-step input #${k}, written before each step`,
    })),
    ...plan.specials.map((_, k) => ({
      name: `k${k}`,
      type: 'f32' as const,
      doc: 'a constant that is no WGSL literal',
      bits: bits[k],
    })),
  ];
}

export function manifest(
  plan: Plan,
  passes: readonly Pass[],
  writeUpdate = false,
  shape: TileShape = DEFAULT_TILE,
): Manifest {
  const sig = plan.program.signature;
  const slots = sig.state.map((_, k) => stateBinding(sig.state, k));
  const tensorBuffers: Binding[] = [
    { binding: 5, name: 'w', kind: 'storage', access: 'read_write', type: 'array<vec4f>', doc: 'weights, packed' },
    { binding: 6, name: 'g', kind: 'storage', access: 'read', type: 'array<vec4f>', doc: 'gradients, packed' },
    ...slots.map((name, k) => ({
      binding: 7 + k,
      name,
      kind: 'storage' as const,
      access: 'read_write' as const,
      type: 'array<vec4f>',
      doc: `state slot ${k} (${JSON.stringify(sig.state[k])}), packed, zero at the start`,
    })),
    ...(writeUpdate
      ? [
          {
            binding: 7 + slots.length,
            name: 'upd',
            kind: 'storage' as const,
            access: 'read_write' as const,
            type: 'array<vec4f>',
            doc: "the last step's update, packed",
          },
        ]
      : []),
  ];
  return {
    format: 'optic-wgsl/1',
    workgroupSize: shape.workgroup,
    tileVec4s: tileVec4s(shape),
    signature: { w: sig.w, g: sig.g, state: sig.state, inputs: sig.inputs, hypers: sig.hypers.map((h) => ({ ...h })) },
    bindings: [
      {
        binding: 0,
        name: 'P',
        kind: 'uniform',
        access: 'read',
        type: 'Params',
        doc: 'sizes, per-step inputs, special constants',
      },
      {
        binding: 1,
        name: 'C',
        kind: 'uniform',
        access: 'read',
        type: 'Chunk',
        doc: 'the tiles of the chunk bound in this bind group',
      },
      {
        binding: 2,
        name: 'tab',
        kind: 'storage',
        access: 'read',
        type: 'array<u32>',
        doc: 'tile table, then tensor table',
      },
      {
        binding: 3,
        name: 'ctl',
        kind: 'storage',
        access: 'read_write',
        type: 'Control',
        doc: 'step counter and non-finite flags',
      },
      {
        binding: 4,
        name: 'sums',
        kind: 'storage',
        access: 'read_write',
        type: 'array<f32>',
        doc: 'reduction sums, then per-tile partials',
      },
      ...tensorBuffers,
    ],
    params: { struct: 'Params', ...layout(paramsFields(plan)) },
    chunk: {
      struct: 'Chunk',
      ...layout([u32('tile_begin', 'first tile of this chunk'), u32('tile_count', 'tiles in this chunk')]),
    },
    control: {
      struct: 'Control',
      ...layout([
        u32('flag', 'this step: bit 0 non-finite gradient (step skipped), bit 1 non-finite result'),
        u32('step', 'the 1-based step counter (write 1 at the start)'),
        u32('skipped', 'steps skipped so far'),
        u32('seen', 'every flag bit raised so far'),
      ]),
    },
    tables: {
      tab: 'per tile 4 u32: tensor index, first vec4 in its chunk, vec4 count (1 to tileVec4s), element count (at most 4 per vec4); tiles of a tensor are consecutive and never cross a chunk',
      tensor:
        'at tensor_base, per tensor tensor_stride u32: first tile, tile count, then the float32 bits of each hyperparameter in signature order',
      sums: "row j (j < n_tensors) holds tensor j's sums, row n_tensors the global sums, slotsPerRow floats each; partials follow at part_base, slotsPerRow per tile",
      buffers:
        'each tensor starts at a multiple of 4 elements (padding is zero and stays out of sums and checks); a chunk is at most maxStorageBufferBindingSize bytes and has its own bind group',
    },
    slotsPerRow: plan.slotCount,
    passes,
    policy:
      'read ctl after a step (asynchronously); skipped > 0 means a step had a non-finite gradient and changed nothing',
  };
}
