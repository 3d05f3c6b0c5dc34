// A training run's checkpoint: what a resumed run needs to continue exactly as an uninterrupted one would,
// in one file written atomically after each epoch: the run's description, the epochs done so far, the model's
// weights (BatchNorm's moving statistics included) and the optimizer's state (its step counter and every slot).
//
//   "OPTICKPT" (8 bytes) | header length (uint32 LE) | header (JSON, UTF-8) | tensor data (each 4-byte aligned)
//
// The header lists each tensor's name, shape, dtype and byte offset into the data section.

import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensor } from '@tensorflow/tfjs-core/dist/tensor_types.js';
import { writeAtomically } from '../files.ts';

const MAGIC = 'OPTICKPT';
export const CHECKPOINT_VERSION = 1;

export interface StoredTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
}

interface Header<Meta> {
  version: number;
  meta: Meta;
  model: StoredTensor[];
  optimizer: StoredTensor[];
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export interface Checkpoint<Meta> {
  meta: Meta;
  model: NamedTensor[];
  optimizer: NamedTensor[];
}

/** Writes model and optimizer tensors with `meta` to `path`, atomically. */
export async function saveCheckpoint<Meta>(
  path: string,
  meta: Meta,
  model: NamedTensor[],
  optimizer: NamedTensor[],
): Promise<void> {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const store = async (list: NamedTensor[]): Promise<StoredTensor[]> => {
    const out: StoredTensor[] = [];
    for (const { name, tensor } of list) {
      const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
      const values = dtype === 'int32' ? Int32Array.from(await tensor.data()) : Float32Array.from(await tensor.data());
      const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      out.push({ name, shape: [...tensor.shape], dtype, offset });
      chunks.push(bytes);
      offset += bytes.length;
    }
    return out;
  };
  const header: Header<Meta> = {
    version: CHECKPOINT_VERSION,
    meta,
    model: await store(model),
    optimizer: await store(optimizer),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  const out = new Uint8Array(MAGIC.length + 4 + padded + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, padded, true);
  out.set(json, MAGIC.length + 4);
  out.fill(0x20, MAGIC.length + 4 + json.length, MAGIC.length + 4 + padded);
  let at = MAGIC.length + 4 + padded;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  writeAtomically(path, out);
}

/** Reads a checkpoint; a missing, truncated or foreign file is a CheckpointError naming it. */
export function loadCheckpoint<Meta>(path: string): Checkpoint<Meta> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CheckpointError(`cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const bad = (why: string) => new CheckpointError(`'${path}' is not a usable checkpoint: ${why}`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw bad('it does not start with the checkpoint marker');
  if (bytes.length < MAGIC.length + 4) throw bad('it is truncated');
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4 + length;
  if (start > bytes.length) throw bad('it is truncated');
  let header: Header<Meta>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, start)));
  } catch {
    throw bad('its header is not JSON');
  }
  if (header.version !== CHECKPOINT_VERSION)
    throw bad(`version ${header.version}, this optic reads version ${CHECKPOINT_VERSION}`);
  // A copy at offset 0 of its own buffer (a Buffer's slice is a view into a shared pool, at any alignment).
  const data = new Uint8Array(bytes.subarray(start));
  const restore = (list: StoredTensor[]): NamedTensor[] =>
    list.map((t) => {
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (t.offset + 4 * size > data.length) throw bad(`it is truncated (tensor '${t.name}')`);
      const values =
        t.dtype === 'int32'
          ? new Int32Array(data.buffer, t.offset, size)
          : new Float32Array(data.buffer, t.offset, size);
      return { name: t.name, tensor: tf.tensor(values, t.shape, t.dtype) };
    });
  return { meta: header.meta, model: restore(header.model), optimizer: restore(header.optimizer) };
}
