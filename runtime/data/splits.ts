// Which examples a run sees and in which order, as pure functions of seeds: the validation split is taken
// from the training set (never the test set) with a fixed seed, so every run of a comparison validates on the
// same images; each epoch's order is a function of (seed, epoch) alone, so a run resumed at epoch k sees
// exactly what an uninterrupted one does.

import { mulberry32 } from '../random.ts';
import type { Images } from './fashion-mnist.ts';

/** The validation split's own seed: the same held-out images whatever the run's seed. */
export const SPLIT_SEED = 0x5eed;

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function permutation(n: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** A 32-bit seed mixing the run's seed and the epoch (splitmix32-style finalizer: nearby pairs differ). */
export function epochSeed(seed: number, epoch: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The order of `n` training examples in `epoch` (0-based) of a run with `seed`. */
export function epochOrder(n: number, seed: number, epoch: number): Int32Array {
  return permutation(n, epochSeed(seed, epoch));
}

export interface Split {
  /** Indices into the training set. */
  train: Int32Array;
  validation: Int32Array;
}

/**
 * `validation` examples held out of the training set by a fixed permutation; the training indices are the
 * rest, limited to the first `limit` of them when given (a subset for quick runs and grids).
 */
export function splitTraining(count: number, validation: number, limit?: number): Split {
  if (validation < 0 || validation >= count)
    throw new RangeError(`a validation split of ${validation} leaves no training examples out of ${count}`);
  const order = permutation(count, SPLIT_SEED);
  const rest = order.subarray(validation);
  return {
    validation: order.slice(0, validation),
    train: rest.slice(0, limit === undefined ? rest.length : Math.min(limit, rest.length)),
  };
}

/** Mean and standard deviation of the pixels (scaled to [0, 1]) of the given training images. */
export function pixelStats(data: Images, indices: Int32Array): { mean: number; std: number } {
  const size = data.height * data.width;
  let sum = 0;
  let squares = 0;
  for (const i of indices) {
    for (let k = i * size; k < (i + 1) * size; k++) {
      const x = data.images[k] / 255;
      sum += x;
      squares += x * x;
    }
  }
  const n = indices.length * size;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(squares / n - mean * mean, 1e-12)) };
}

/** The images at `indices`, normalized ((x/255 − mean)/std), as one float array (batch-major). */
export function gatherImages(
  data: Images,
  indices: ArrayLike<number>,
  stats: { mean: number; std: number },
): Float32Array {
  const size = data.height * data.width;
  const out = new Float32Array(indices.length * size);
  const scale = 1 / (255 * stats.std);
  const shift = stats.mean / stats.std;
  for (let b = 0; b < indices.length; b++) {
    const from = indices[b] * size;
    for (let k = 0; k < size; k++) out[b * size + k] = data.images[from + k] * scale - shift;
  }
  return out;
}

export function gatherLabels(data: Images, indices: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: indices.length }, (_, b) => data.labels[indices[b]]);
}
