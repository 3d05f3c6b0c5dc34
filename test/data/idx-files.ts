// Small IDX files written by the tests: the loader reads real files, in the real format (gzip or not).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../../runtime/random.ts';

/** IDX bytes of unsigned bytes with the given dimensions. */
export function idxBytes(dims: readonly number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/**
 * A Fashion-MNIST-shaped dataset that a small model can learn in a few steps: class c is a bright 7 × 7
 * square at one of ten places, over noise. Written gzip-compressed (as Debian ships them) unless `raw`.
 */
export function writeSyntheticDataset(
  options: { train?: number; test?: number; seed?: number; raw?: boolean } = {},
): string {
  const { train = 600, test = 200, seed = 1, raw = false } = options;
  const dir = mkdtempSync(join(tmpdir(), 'optic-data-'));
  const random = mulberry32(seed);
  const write = (prefix: string, n: number) => {
    const images = new Uint8Array(n * 28 * 28);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(random() * 10);
      labels[i] = c;
      const [top, left] = [2 + 9 * Math.floor(c / 4), 2 + 6 * (c % 4)];
      for (let k = 0; k < 28 * 28; k++) images[i * 784 + k] = Math.floor(random() * 60);
      for (let y = top; y < top + 7; y++)
        for (let x = left; x < left + 7; x++) images[i * 784 + y * 28 + x] = 200 + Math.floor(random() * 55);
    }
    const store = (name: string, bytes: Uint8Array) =>
      writeFileSync(join(dir, raw ? name : `${name}.gz`), raw ? bytes : gzipSync(bytes));
    store(`${prefix}-images-idx3-ubyte`, idxBytes([n, 28, 28], images));
    store(`${prefix}-labels-idx1-ubyte`, idxBytes([n], labels));
  };
  write('train', train);
  write('t10k', test);
  return dir;
}
