// Fashion-MNIST (and MNIST, whose files are named the same way): 60,000 training and 10,000 test images of
// 28 × 28 unsigned bytes, labels 0–9. Debian's `dataset-fashion-mnist` installs them, gzip-compressed, in
// /usr/share/datasets/fashion-mnist/ (.ci/setup installs it); `dir` may hold the files compressed or not.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, readIdx } from './idx.ts';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_PACKAGE = 'dataset-fashion-mnist';
export const CLASSES = 10;

export interface Images {
  /** n × height × width bytes, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

export interface Dataset {
  train: Images;
  test: Images;
}

/** `name` or `name.gz` in `dir`, whichever exists (the uncompressed one first). */
function locate(dir: string, name: string): string {
  for (const path of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(path)) return path;
  const hint =
    dir === FASHION_MNIST_DIR
      ? ` (install Debian's ${FASHION_MNIST_PACKAGE}: apt-get install ${FASHION_MNIST_PACKAGE}, or pass --data DIR)`
      : '';
  throw new DataError(`cannot read '${join(dir, `${name}.gz`)}': no such file (nor '${join(dir, name)}')${hint}`);
}

function split(dir: string, prefix: 'train' | 't10k'): Images {
  const imagePath = locate(dir, `${prefix}-images-idx3-ubyte`);
  const labelPath = locate(dir, `${prefix}-labels-idx1-ubyte`);
  const images = readIdx(imagePath);
  const labels = readIdx(labelPath);
  if (images.dims.length !== 3)
    throw new DataError(
      `'${imagePath}' holds a ${images.dims.length}-dimensional array, not images (n × height × width)`,
    );
  if (labels.dims.length !== 1)
    throw new DataError(`'${labelPath}' holds a ${labels.dims.length}-dimensional array, not labels`);
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count)
    throw new DataError(`'${labelPath}' has ${labels.dims[0]} labels for the ${count} images of '${imagePath}'`);
  const bad = labels.data.findIndex((l) => l >= CLASSES);
  if (bad >= 0)
    throw new DataError(`'${labelPath}': label ${labels.data[bad]} at index ${bad} is not a class (0–${CLASSES - 1})`);
  return { images: images.data, labels: labels.data, count, height, width };
}

/** Loads the four files from `dir` (default: Debian's Fashion-MNIST). Throws DataError naming a bad file. */
export function loadDataset(dir: string = FASHION_MNIST_DIR): Dataset {
  const train = split(dir, 'train');
  const test = split(dir, 't10k');
  if (train.height !== test.height || train.width !== test.width) {
    throw new DataError(
      `'${dir}': training images are ${train.height} × ${train.width}, test images ${test.height} × ${test.width}`,
    );
  }
  return { train, test };
}
