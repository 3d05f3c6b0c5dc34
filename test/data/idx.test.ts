// The IDX reader and the dataset loader on files the test writes (gzip and raw), the installed Fashion-MNIST
// when present, and broken files: each error names the path (and, for the default directory, the package).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, loadDataset } from '../../runtime/data/fashion-mnist.ts';
import { DataError, parseIdx, readIdx } from '../../runtime/data/idx.ts';
import { idxBytes, writeSyntheticDataset } from './idx-files.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'optic-idx-'));

describe('readIdx', () => {
  it('reads dimensions and values, gzip-compressed or not', () => {
    const dir = temp();
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    writeFileSync(join(dir, 'a'), idxBytes([2, 3, 4], data));
    writeFileSync(join(dir, 'a.gz'), gzipSync(idxBytes([2, 3, 4], data)));
    for (const file of ['a', 'a.gz']) {
      const idx = readIdx(join(dir, file));
      expect(idx.dims).toEqual([2, 3, 4]);
      expect(Array.from(idx.data)).toEqual(Array.from(data));
    }
  });

  it('names the path of a missing, truncated, foreign or damaged file', () => {
    const dir = temp();
    const full = idxBytes([10, 28, 28], new Uint8Array(10 * 784));
    writeFileSync(join(dir, 'short'), full.subarray(0, full.length - 100));
    writeFileSync(join(dir, 'header'), full.subarray(0, 9));
    writeFileSync(join(dir, 'text'), 'hello, world');
    writeFileSync(join(dir, 'broken.gz'), gzipSync(full).subarray(0, 50));
    const cases: [string, RegExp][] = [
      ['missing', /cannot read '.*missing': no such file/],
      ['short', /'.*short' is truncated: its header announces 7840 values \(10 × 28 × 28\), the file holds 7740/],
      ['header', /'.*header' is truncated \(its header is incomplete\)/],
      ['text', /'.*text' is not an IDX file/],
      ['broken.gz', /'.*broken\.gz' is a damaged gzip file/],
    ];
    for (const [file, message] of cases) {
      expect(() => readIdx(join(dir, file))).toThrow(DataError);
      expect(() => readIdx(join(dir, file))).toThrow(message);
    }
  });

  it('rejects element types other than unsigned bytes', () => {
    const bytes = idxBytes([1], new Uint8Array(4));
    bytes[2] = 0x0d; // float32
    expect(() => parseIdx(bytes, 'f.idx')).toThrow(/'f\.idx': IDX type 0xd is not supported/);
  });
});

describe('loadDataset', () => {
  it('loads the four files of a directory, compressed or not', () => {
    for (const raw of [false, true]) {
      const d = loadDataset(writeSyntheticDataset({ train: 30, test: 20, raw }));
      expect([d.train.count, d.train.height, d.train.width, d.test.count]).toEqual([30, 28, 28, 20]);
      expect(d.train.images.length).toBe(30 * 784);
      expect(Math.max(...d.train.labels)).toBeLessThan(10);
    }
  });

  it('names the missing file, and the Debian package for the default directory', () => {
    const dir = temp();
    expect(() => loadDataset(dir)).toThrow(
      new RegExp(`cannot read '${dir}/train-images-idx3-ubyte\\.gz': no such file`),
    );
    if (!existsSync(FASHION_MNIST_DIR)) expect(() => loadDataset()).toThrow(/apt-get install dataset-fashion-mnist/);
  });

  it('rejects labels that do not match the images, or are not classes', () => {
    const dir = writeSyntheticDataset({ train: 30, test: 20, raw: true });
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([19], new Uint8Array(19)));
    expect(() => loadDataset(dir)).toThrow(/has 19 labels for the 20 images/);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([20], new Uint8Array(20).fill(12)));
    expect(() => loadDataset(dir)).toThrow(/label 12 at index 0 is not a class/);
  });

  // .ci/setup installs the package: in CI a missing dataset fails here instead of skipping.
  it.skipIf(!existsSync(FASHION_MNIST_DIR) && !process.env.CI)(
    'reads the installed Fashion-MNIST: 60,000 + 10,000 images of 28 × 28',
    () => {
      const d = loadDataset();
      expect([d.train.count, d.test.count, d.train.height, d.train.width]).toEqual([60000, 10000, 28, 28]);
      const counts = new Array(10).fill(0);
      for (const l of d.test.labels) counts[l]++;
      expect(counts).toEqual(new Array(10).fill(1000));
      // The first test label of Fashion-MNIST is 9 (ankle boot).
      expect(d.test.labels[0]).toBe(9);
      expect(gunzipSync(readFileSync(join(FASHION_MNIST_DIR, 't10k-labels-idx1-ubyte.gz'))).length).toBe(10008);
    },
  );
});
