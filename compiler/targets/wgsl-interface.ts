// The interface of a WGSL module as its manifest describes it (wgsl-manifest.ts builds one per program): the
// manifest's types, the byte layout of struct fields, and the binding names every module has. Apart from the
// manifest's builder so that a host reading a compiled kernel (runtime/webgpu/) imports no code generator.

import type { PerStep } from '../scalars.ts';

export interface Field {
  readonly name: string;
  readonly type: 'u32' | 'f32';
  readonly offset: number;
  readonly doc: string;
  /** Special constants: the float32 bit pattern the host writes (JSON has no NaN or Infinity). */
  readonly bits?: number;
  /** Per-step input number `input` of the signature: the host writes its value before each step. */
  readonly input?: number;
  /** Declared `atomic<u32>` (the kernels update it atomically); to the host it is a plain u32. */
  readonly atomic?: true;
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
  /**
   * tiles: once per chunk, min(chunk tiles, 65535) workgroups; rows: min(n_tensors + 1, 65535); one: 1;
   * indirect: once per chunk, the workgroup counts read from the control block at field `indirect` (three u32s).
   */
  readonly dispatch: 'tiles' | 'rows' | 'one' | 'indirect';
  /**
   * indirect: the Control field where the counts start. The control buffer is then an indirect buffer too, and
   * must not be bound writable in that dispatch: a host binds another buffer of its size as `ctl` there.
   */
  readonly indirect?: string;
  readonly doc: string;
}

export type StructName = 'Params' | 'Chunk' | 'Control';

export interface Struct<Name extends StructName = StructName> {
  readonly struct: Name;
  /** Bytes the host allocates and writes: the WGSL size rounded up to 16. */
  readonly size: number;
  readonly fields: readonly Field[];
}

/** The manifest's format: a host refuses another (its buffers would be bound and laid out otherwise). */
export const MANIFEST_FORMAT = 'optic-wgsl/4';

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly workgroupSize: number;
  readonly tileVec4s: number;
  readonly signature: {
    readonly w: string;
    readonly g: string;
    readonly state: readonly string[];
    /** Each state slot's type (absent: every slot is a tensor): rows and cols slots live in `sums` (`lines`). */
    readonly stateTypes?: readonly ('tensor' | 'rows' | 'cols')[];
    readonly inputs: readonly string[];
    readonly hypers: readonly { name: string; default?: number }[];
  };
  /** Every binding of bind group 0, in binding order. */
  readonly bindings: readonly Binding[];
  /** The bindings of the packed tensor buffers (one buffer per chunk each), by what they hold. */
  readonly packed: {
    /** Two halves, C.state_stride vec4s apart: a step reads one (C.w_in) and writes the other (C.w_out). */
    readonly w: string;
    readonly g: string;
    /**
     * Every state slot, in signature order, in one binding (programs without state have none), in two halves
     * as the weights: slot k of the half a step reads starts at vec4 C.st_in + k · C.state_stride. One binding
     * for any number of slots keeps every module within WebGPU's default of 8 storage buffers per shader stage.
     */
    readonly state?: string;
    /** Only when the module writes each step's update. */
    readonly update?: string;
  };
  readonly params: Struct<'Params'>;
  readonly chunk: Struct<'Chunk'>;
  readonly control: Struct<'Control'>;
  readonly tables: Readonly<Record<'tab' | 'tensor' | 'sums' | 'buffers', string>>;
  /** Sums per row of `sums` (per tensor, then one global row). */
  readonly slotsPerRow: number;
  /**
   * 2: weights and state are double-buffered (a program without reductions checks the gradient in the pass
   * that writes them; `carry_over` undoes a skipped step); 1: a step updates them in place (in a program with
   * reductions, stage 1 checks the gradient before anything is written), and C's `_in` and `_out` are 0.
   */
  readonly halves: 1 | 2;
  /**
   * What the host computes before each step, per tensor, in float64 (compiler/scalars.ts): ops by name over
   * hyperparameters, inputs, the step counter and constants; each output's float32 bits go after the
   * tensor's hyperparameters in the tensor table.
   */
  readonly perStep: PerStep;
  /**
   * Regions of the `sc` binding (0: the module has none): values one reduction stage computes and later
   * passes read, laid out as `st` (C.state_stride vec4s apart). Only the kernels use them.
   */
  readonly scratchRegions: number;
  /**
   * A module with rows or cols values: per tensor, line sums (`sums.rows` slots of R floats, then `sums.cols`
   * of C, at the tensor table's index) and rows and cols state (`state.rows` slots of R floats, then
   * `state.cols` of C, in each of the two halves at P.rc_base; Control.parity says which one a step reads).
   * Each tensor then lies in one chunk. A tensor without elements has no tile: its rows and cols state is
   * left as it is (the interpreter's empty tensors take no step).
   */
  readonly lines?: {
    readonly sums: { readonly rows: number; readonly cols: number };
    readonly state: { readonly rows: number; readonly cols: number };
  };
  readonly passes: readonly Pass[];
  readonly policy: string;
}

/** WGSL's alignment and size of each field type (WGSL "Memory Layout"): the offsets follow from them. */
export const FIELD_LAYOUT: Readonly<Record<Field['type'], { align: number; size: number }>> = {
  u32: { align: 4, size: 4 },
  f32: { align: 4, size: 4 },
};

/** The manifest's structs, in the order the module declares them. */
export const structs = (m: Manifest): readonly Struct[] => [m.params, m.chunk, m.control];

/** The struct named `name`. */
export function structOf(m: Manifest, name: StructName): Struct {
  const s = structs(m).find((x) => x.struct === name);
  if (!s) throw new Error(`wgsl manifest: no struct ${name}`);
  return s;
}

/** State slot k's type in a manifest's signature. */
export const stateType = (sig: Manifest['signature'], k: number) => sig.stateTypes?.[k] ?? 'tensor';

/** The state slots kept per element (the packed `st` binding), in signature order. */
export const tensorSlots = (sig: Manifest['signature']): number[] =>
  sig.state.flatMap((_, k) => (stateType(sig, k) === 'tensor' ? [k] : []));

/** The names of the bindings every module has (the kernel templates read them by these names). */
export const SHARED = { params: 'P', chunk: 'C', table: 'tab', control: 'ctl', sums: 'sums' } as const;

/** The binding of the state slots (wgsl-body.ts reads and writes slot k through `stateAt`). */
export const STATE = 'st';

/** The binding of the materialized values (wgsl-body.ts's `scratchAt`). */
export const SCRATCH = 'sc';
