// A step's scalars as tensors, kept from one step to the next. tf.scalar allocates a tensor (and on webgpu
// uploads it at its first use), and most of a step's scalars are the same as the step before: the
// hyperparameters, and the per-step values once they settle (1 − β^t is 1 in float32 after a few thousand
// steps). A position's tensor is replaced only when its float32 value changes.
//
// The tensors are kept (tf.keep): applyGradients may run inside a caller's tf.tidy (tfjs-layers' fit does),
// which would otherwise dispose them when it ends.

import type * as tfc from '@tensorflow/tfjs-core';

export class ScalarPool {
  private held: { value: number; tensor: tfc.Scalar }[] = [];

  constructor(private readonly tf: typeof tfc) {}

  /** The values as float32 scalars, nested as given; the order of the values is what identifies a position. */
  take(groups: readonly (readonly (readonly number[])[])[]): tfc.Scalar[][][] {
    let i = 0;
    const scalars = groups.map((rows) => rows.map((values) => values.map((v) => this.at(i++, v))));
    for (const stale of this.held.splice(i)) stale.tensor.dispose();
    return scalars;
  }

  dispose(): void {
    for (const { tensor } of this.held) tensor.dispose();
    this.held = [];
  }

  private at(i: number, v: number): tfc.Scalar {
    const value = Math.fround(v);
    const held = this.held[i];
    if (held && Object.is(held.value, value)) return held.tensor;
    held?.tensor.dispose();
    const tensor = this.tf.keep(this.tf.scalar(value));
    this.held[i] = { value, tensor };
    return tensor;
  }
}
