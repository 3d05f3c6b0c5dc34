// The manifest printed beside the WGSL: everything a WebGPU host (a browser, Node, or anything else) needs to
// run the kernels without optic: the bindings in order, the uniform structs' byte layouts, the tile and tensor
// tables, the layout of the `sums` buffer, and the passes of one step in dispatch order.
//
// It is the one description of the module's interface: the WGSL declarations (structs and bindings) are
// generated from it (`declarations`), and optic's own host (runtime/webgpu/) builds its bind groups by binding
// name and reads and writes struct fields by name at the offsets given here.

import type { Plan } from './wgsl-plan.ts';
import { inputField } from './wgsl-body.ts';
import {
  type Binding,
  FIELD_LAYOUT,
  type Field,
  MANIFEST_FORMAT,
  type Manifest,
  type Pass,
  SCRATCH,
  SHARED,
  STATE,
  type Struct,
  type StructName,
  structs,
} from './wgsl-interface.ts';
import { DEFAULT_TILE, type TileShape, tileVec4s } from './wgsl-tiles.ts';

export * from './wgsl-interface.ts';

type FieldSpec = Omit<Field, 'offset'>;

const u32 = (name: string, doc: string): FieldSpec => ({ name, type: 'u32', doc });

const roundUp = (k: number, n: number) => Math.ceil(n / k) * k;

function struct<Name extends StructName>(name: Name, specs: readonly FieldSpec[]): Struct<Name> {
  let end = 0;
  const fields = specs.map((f) => {
    const offset = roundUp(FIELD_LAYOUT[f.type].align, end);
    end = offset + FIELD_LAYOUT[f.type].size;
    return { ...f, offset };
  });
  return { struct: name, size: Math.max(16, roundUp(16, end)), fields };
}

/** The WGSL declarations of the manifest's structs and bindings: the module's half of its interface. */
export function declarations(m: Manifest): string {
  const field = (f: Field) => `  ${f.name}: ${f.atomic ? `atomic<${f.type}>` : f.type},`;
  const space = (b: Binding) => (b.kind === 'uniform' ? 'uniform' : `storage, ${b.access}`);
  return [
    ...structs(m).map((s) => `struct ${s.struct} {\n${s.fields.map(field).join('\n')}\n}`),
    m.bindings.map((b) => `@group(0) @binding(${b.binding}) var<${space(b)}> ${b.name}: ${b.type};`).join('\n'),
  ].join('\n\n');
}

function paramsFields(plan: Plan): FieldSpec[] {
  const sig = plan.program.signature;
  const bits = new Uint32Array(new Float32Array(plan.specials.map((s) => s.value)).buffer);
  return [
    u32('n_tiles', 'tiles over all chunks'),
    u32('n_tensors', 'parameter tensors'),
    u32('tensor_base', 'index in `tab` of the tensor table (4 · n_tiles)'),
    u32('tensor_stride', 'u32s per tensor entry: 2 + hyperparameter count + per_step_rows · per_step_count'),
    u32('part_base', 'index in `sums` of the per-tile partial sums ((n_tensors + 1) · slotsPerRow)'),
    u32(
      'check',
      'nonzero: reduction stage 1 raises flag bit 0 on a non-finite gradient or input (policies skip and error; 0 for ignore)',
    ),
    u32('assumed_step', 'the step number the host assumed, low 32 bits (it may not have read back a skip yet)'),
    u32('per_step_rows', 'rows of per-step scalars per tensor: for assumed_step, assumed_step − 1, …'),
    u32('per_step_count', 'per-step scalars per row (perStep.outputs)'),
    ...(plan.lines
      ? [
          u32(
            'line_base',
            "index in `sums` of the line sums (after the partials): tensor t's at its tensor-table entry",
          ),
          u32(
            'rc_base',
            'index in `sums` of the rows and cols state, two halves of rc_half floats (after the line sums)',
          ),
          u32('rc_half', 'floats per half of the rows and cols state'),
        ]
      : []),
    ...sig.inputs.map((_name, k) => ({
      name: inputField(sig.inputs, k),
      type: 'f32' as const,
      doc: `per-step input #${k}, written before each step`,
      input: k,
    })),
    ...plan.specials.map((_, k) => ({
      name: `k${k}`,
      type: 'f32' as const,
      doc: 'a constant that is no WGSL literal',
      bits: bits[k],
    })),
  ];
}

type BindingSpec = Omit<Binding, 'binding'>;

const storage = (name: string, access: Binding['access'], type: string, doc: string): BindingSpec => ({
  name,
  kind: 'storage',
  access,
  type,
  doc,
});

function bindings(packed: Manifest['packed'], plan: Plan): Binding[] {
  const { scratchRegions } = plan;
  const state = plan.program.signature.state;
  const packedState = plan.stateSlots.flatMap((s, k) => (s.type === 'tensor' ? [k] : []));
  const uniform = (name: string, type: StructName, doc: string): BindingSpec => ({
    name,
    kind: 'uniform',
    access: 'read',
    type,
    doc,
  });
  const specs: BindingSpec[] = [
    uniform(SHARED.params, 'Params', 'sizes, per-step inputs, special constants'),
    uniform(SHARED.chunk, 'Chunk', 'the tiles of the chunk bound in this bind group'),
    storage(SHARED.table, 'read', 'array<u32>', 'tile table, then tensor table'),
    storage(SHARED.control, 'read_write', 'Control', 'step counter and non-finite flags'),
    storage(
      SHARED.sums,
      'read_write',
      'array<f32>',
      plan.lines
        ? 'reduction sums, then per-tile partials, then line sums, then the rows and cols state (two halves)'
        : 'reduction sums, then per-tile partials',
    ),
    storage(
      packed.w,
      'read_write',
      'array<vec4f>',
      'weights, packed, in `halves` halves C.state_stride vec4s apart: a step reads the one at C.w_in and writes the one at C.w_out',
    ),
    storage(packed.g, 'read', 'array<vec4f>', 'gradients, packed'),
    ...(packed.state
      ? [
          storage(
            packed.state,
            'read_write',
            'array<vec4f>',
            `state slots ${packedState.map((s, k) => `${k} (${JSON.stringify(state[s])})`).join(', ')}, packed, in \`halves\` halves: a step reads slot k at vec4 C.st_in + k · C.state_stride and writes it at C.st_out + k · C.state_stride; zero at the start`,
          ),
        ]
      : []),
    ...(packed.update
      ? [
          storage(
            packed.update,
            'read_write',
            'array<vec4f>',
            "the last step's update, packed (zero after a skipped step)",
          ),
        ]
      : []),
    ...(scratchRegions > 0
      ? [
          storage(
            SCRATCH,
            'read_write',
            'array<vec4f>',
            `${scratchRegions} region(s) of values a reduction stage computes for later passes, C.state_stride vec4s apart`,
          ),
        ]
      : []),
  ];
  return specs.map((b, binding) => ({ binding, ...b }));
}

/** The entry points of one step in dispatch order. */
function passes(plan: Plan): Pass[] {
  const stageCount = plan.stages.length;
  return [
    ...plan.stages.flatMap((slots, k) => [
      {
        entryPoint: `reduce_tiles_${k + 1}`,
        dispatch: 'tiles' as const,
        doc: `reduction stage ${k + 1}: partial sums per tile${plan.lineStages[k].length > 0 ? ', and the sums of each row and column the tile computes' : ''}`,
      },
      ...(slots.length > 0
        ? [
            {
              entryPoint: `combine_${k + 1}`,
              dispatch: 'rows' as const,
              doc: `reduction stage ${k + 1}: sums per tensor and global`,
            },
          ]
        : []),
    ]),
    {
      entryPoint: 'apply_step',
      dispatch: 'tiles',
      doc: `the fused step${stageCount === 0 ? ', and flag bit 0 on a non-finite gradient or per-step input' : ''}`,
    },
    ...(stageCount === 0
      ? [
          {
            entryPoint: 'carry_over',
            // Dispatched every step, it cost ~1.5–3.6 ms per 1M parameters on lavapipe with a workgroup per
            // tile that only read the flag (results/wgsl-speed.md): now a step not skipped runs none.
            dispatch: 'indirect' as const,
            indirect: 'carry_x',
            doc: 'skip and error policies only (nothing else raises flag bit 0): after a skipped step, the half of weights and state read copied over the half written',
          },
        ]
      : []),
    { entryPoint: 'finish_step', dispatch: 'one', doc: 'advance the step counter, clear the flag' },
  ];
}

export function manifest(plan: Plan, writeUpdate: boolean, shape: TileShape = DEFAULT_TILE): Manifest {
  const sig = plan.program.signature;
  const packed = {
    w: 'w',
    g: 'g',
    ...(plan.stateSlots.some((s) => s.type === 'tensor') ? { state: STATE } : {}),
    ...(writeUpdate ? { update: 'upd' } : {}),
  };
  return {
    format: MANIFEST_FORMAT,
    workgroupSize: shape.workgroup,
    tileVec4s: tileVec4s(shape),
    signature: {
      w: sig.w,
      g: sig.g,
      state: sig.state,
      ...(plan.lines ? { stateTypes: plan.stateSlots.map((s) => s.type) } : {}),
      inputs: sig.inputs,
      hypers: sig.hypers.map((h) => ({ ...h })),
    },
    bindings: bindings(packed, plan),
    packed,
    params: struct('Params', paramsFields(plan)),
    chunk: struct('Chunk', [
      u32('tile_begin', 'first tile of this chunk'),
      u32('tile_count', 'tiles in this chunk'),
      u32(
        'state_stride',
        "vec4s from one state slot to the next in this chunk's `st` (at least its vec4 count), between the halves of `w`, and between regions of `sc`",
      ),
      u32(
        'w_in',
        'the half of `w` a step reads: 0 or state_stride (the bind groups of a chunk alternate; 0 with one half)',
      ),
      u32('w_out', 'the half of `w` a step writes: the other one (0 with one half: in place)'),
      u32('st_in', 'the half of `st` a step reads: 0 or (state slots) · state_stride (0 with one half)'),
      u32('st_out', 'the half of `st` a step writes: the other one (0 with one half: in place)'),
    ]),
    control: struct('Control', [
      {
        ...u32(
          'flag',
          'this step: bit 0 non-finite gradient or per-step input (step skipped), bit 1 non-finite result, bit 2 per-step scalars of another step number',
        ),
        atomic: true,
      },
      u32('step', 'the 1-based step counter, low 32 bits (write 1 at the start); the kernels never read it'),
      u32('step_hi', 'the step counter, high bits (it reaches 2^53 − 1)'),
      u32('skipped', 'steps skipped so far'),
      u32('seen', 'every flag bit raised so far'),
      {
        ...u32('carry_x', "carry_over's workgroups (its indirect dispatch): 0 unless apply_step skips the step"),
        atomic: true,
      },
      u32('carry_y', 'the indirect dispatch: 1 (written by the host at the start)'),
      u32('carry_z', 'the indirect dispatch: 1 (written by the host at the start)'),
      ...(plan.lines
        ? [
            u32(
              'parity',
              'which half of the rows and cols state the next step reads (0 or 1): finish_step flips it after a step taken',
            ),
          ]
        : []),
    ]),
    tables: {
      tab: 'per tile 4 u32: tensor index, first vec4 in its chunk, vec4 count (1 to tileVec4s), element count (at most 4 per vec4); tiles of a tensor are consecutive and never cross a chunk',
      tensor: `at tensor_base, per tensor tensor_stride u32: first tile, tile count, ${plan.lines ? 'R and C (its shape [d0, …, dk−1] seen as R×C: C = dk−1, 1 for a scalar; R the product of the others), the index in `sums` of its line sums (`lines`), the index of its rows and cols state within a half, ' : ''}the float32 bits of each hyperparameter in signature order, then per_step_rows rows of the per-step scalars (perStep.outputs; row j for step assumed_step − j), rewritten by the host before each step`,
      sums: `row j (j < n_tensors) holds tensor j's sums, row n_tensors the global sums, slotsPerRow floats each; partials follow at part_base, slotsPerRow per tile${plan.lines ? "; then at line_base each tensor's line sums (lines.sums: rows slots of R floats, then cols slots of C); then at rc_base two halves of rc_half floats, each with every tensor's rows and cols state (lines.state: rows slots of R floats, then cols slots of C, in signature order within each kind), zero at the start" : ''}`,
      buffers:
        "each tensor starts at a multiple of 4 elements (padding is zero and stays out of sums and checks); with two halves (`halves`), a chunk has two bind groups, for steps that read the first half of the weights and state and write the second, and the other way round (they differ only in `C`): a host binds them in turn, since a skipped step carries its half over; each binding fits the device's maxStorageBufferBindingSize (the state binding holds both halves of every slot of the chunk, C.state_stride vec4s apart)",
    },
    slotsPerRow: plan.slotCount,
    halves: plan.stages.length === 0 ? 2 : 1,
    perStep: plan.perStep,
    scratchRegions: plan.scratchRegions,
    ...(plan.lines ? { lines: { sums: { ...plan.lineSums }, state: { ...plan.lineState } } } : {}),
    passes: passes(plan),
    policy:
      'read ctl after a step (asynchronously); skipped > 0 means a step had a non-finite gradient or per-step input and changed nothing',
  };
}
