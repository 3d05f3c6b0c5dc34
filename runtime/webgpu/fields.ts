// The host's view of a uniform or storage struct of the WGSL module: fields read and written by name, at the
// offsets and types the module's manifest gives (compiler/targets/wgsl-manifest.ts), so no offset or field
// order is written twice. Little-endian, as WebGPU buffers are.

import {
  FIELD_LAYOUT,
  structOf,
  type Field,
  type Manifest,
  type StructName,
} from '../../compiler/targets/wgsl-interface.ts';

export interface FieldView {
  /** The struct's bytes (the manifest's size): what `writeBuffer` takes. */
  readonly bytes: ArrayBuffer;
  get(name: string): number;
  /** Writes a number as the field's type (a u32 must be a whole number in range). */
  set(name: string, value: number): FieldView;
  /** Writes a raw 32-bit pattern (a special constant's `bits`: NaN and infinities have no JSON number). */
  setBits(name: string, bits: number): FieldView;
  /** The field's byte offset and the bytes it spans, for writing one field alone. */
  range(name: string): { offset: number; bytes: ArrayBuffer };
}

/** A view of struct `struct` over `bytes` (default: a new zeroed buffer of the struct's size). */
export function fieldView(manifest: Manifest, struct: StructName, bytes?: ArrayBuffer | ArrayBufferView): FieldView {
  const layout = structOf(manifest, struct);
  const buffer =
    bytes === undefined
      ? new ArrayBuffer(layout.size)
      : ArrayBuffer.isView(bytes)
        ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
        : bytes;
  if (buffer.byteLength < layout.size)
    throw new Error(`${struct}: ${buffer.byteLength} bytes, the manifest's layout needs ${layout.size}`);
  const data = new DataView(buffer);
  const byName = new Map(layout.fields.map((f) => [f.name, f]));
  const field = (name: string): Field => {
    const f = byName.get(name);
    if (!f) throw new Error(`${struct} has no field '${name}' (fields: ${[...byName.keys()].join(', ')})`);
    return f;
  };
  const view: FieldView = {
    bytes: buffer as ArrayBuffer,
    get(name) {
      const f = field(name);
      return f.type === 'f32' ? data.getFloat32(f.offset, true) : data.getUint32(f.offset, true);
    },
    set(name, value) {
      const f = field(name);
      if (f.type === 'f32') data.setFloat32(f.offset, value, true);
      else if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) data.setUint32(f.offset, value, true);
      else throw new Error(`${struct}.${name} is a u32; got ${value}`);
      return view;
    },
    setBits(name, bits) {
      data.setUint32(field(name).offset, bits >>> 0, true);
      return view;
    },
    range(name) {
      const { offset, type } = field(name);
      return { offset, bytes: buffer.slice(offset, offset + FIELD_LAYOUT[type].size) as ArrayBuffer };
    },
  };
  return view;
}
