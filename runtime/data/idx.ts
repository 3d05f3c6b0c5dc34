// The IDX file format (LeCun's MNIST files, and Fashion-MNIST's): a 4-byte magic number (two zero bytes, a
// type code, the number of dimensions), one big-endian uint32 per dimension, then the values in row-major
// order. Files may be gzip-compressed (as Debian ships them); the gzip magic 1f 8b tells.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A data file that is missing, unreadable or not what it should be; the message names the path. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

export interface Idx {
  dims: number[];
  /** The values; only unsigned bytes (type 0x08), which is what MNIST-style files hold. */
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Parses IDX bytes (already decompressed). `path` is only for messages. */
export function parseIdx(bytes: Uint8Array, path: string): Idx {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new DataError(`'${path}' is not an IDX file (bad magic number)`);
  if (bytes[2] !== UBYTE)
    throw new DataError(`'${path}': IDX type 0x${bytes[2].toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (rank === 0 || bytes.length < header) throw new DataError(`'${path}' is truncated (its header is incomplete)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - header < size) {
    throw new DataError(
      `'${path}' is truncated: its header announces ${size} values (${dims.join(' × ')}), the file holds ${bytes.length - header}`,
    );
  }
  return { dims, data: bytes.subarray(header, header + size) };
}

/** Reads an IDX file, gzip-compressed or not. */
export function readIdx(path: string): Idx {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(`cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataError(`'${path}' is a damaged gzip file (${(e as Error).message})`);
    }
  }
  return parseIdx(bytes, path);
}
