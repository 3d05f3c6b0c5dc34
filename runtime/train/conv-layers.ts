// The CNN's layers, written for tfjs's wasm backend, where this machine trains fastest (runtime/train/README.md
// has the measurements): a convolution whose gradients are forward convolutions, and batch normalization by
// broadcasting. tfjs's own Conv2D trains on wasm only with a Conv2DBackpropFilter kernel, which wasm lacks (one
// built on wasm's 3D kernel was tried: it and Conv2DBackpropInput are naive loops, 1.2 s of a 1.5 s step);
// patches + matrix product is worse still (wasm's Slice and SplitV are slow: 6 s per step). tfjs-layers'
// BatchNormalization tiles its statistics to the input's full shape in the gradient (0.2 s per step).

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Kwargs = Record<string, unknown>;
type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;

const one = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);
const shapeOf = (s: tfl.Shape | tfl.Shape[]): tfl.Shape => (Array.isArray(s[0]) ? s[0] : s) as tfl.Shape;

/**
 * A stride-1 'same' convolution (odd kernel) whose gradients are forward convolutions too: on wasm only the
 * forward Conv2D is XNNPACK's (fast); Conv2DBackpropInput and the Conv3D-based filter gradient are naive loops.
 *   dx = conv(dy, w flipped in space, in/out channels swapped)            (a 'same' convolution)
 *   dw = conv(x padded with batch and channels swapped, dy as the filter) (a 'valid' one, k × k output)
 */
export const conv2dSame = tf.customGrad(((x: tf.Tensor4D, w: tf.Tensor4D, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.conv2d(x, w, 1, 'same'),
    gradFunc: (dy: tf.Tensor4D, [sx, sw]: tf.Tensor[]) => {
      const [k] = sw.shape;
      const flipped = tf.transpose(tf.reverse(sw, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      const dx = tf.conv2d(dy, flipped, 1, 'same');
      const p = (k - 1) / 2;
      const padded = tf.pad(sx, [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ]);
      const dw = tf.conv2d(
        tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D,
        tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D,
        1,
        'valid',
      );
      return [dx, tf.transpose(dw, [1, 2, 0, 3])];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;

export interface ConvArgs {
  filters: number;
  kernelSize?: number;
  seed: number;
  name?: string;
}

/** A k × k convolution (k odd), stride 1, 'same' padding, no bias (a batch norm follows), He-normal init. */
export class Conv2DSame extends tfl.layers.Layer {
  static className = 'OpticConv2DSame';
  private readonly args: Required<Omit<ConvArgs, 'name'>>;
  private kernel: tfl.LayerVariable | undefined;

  constructor(args: ConvArgs) {
    super({ name: args.name });
    this.args = { filters: args.filters, kernelSize: args.kernelSize ?? 3, seed: args.seed };
    if (this.args.kernelSize % 2 !== 1)
      throw new Error(`Conv2DSame: the kernel size must be odd, not ${this.args.kernelSize}`);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const channels = shapeOf(inputShape)[3] as number;
    const { kernelSize: k, filters, seed } = this.args;
    const init = tfl.initializers.heNormal({ seed }) as Initializer;
    this.kernel = this.addWeight('kernel', [k, k, channels, filters], 'float32', init);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => conv2dSame(one(inputs) as tf.Tensor4D, this.kernel!.read() as tf.Tensor4D));
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [...shapeOf(inputShape).slice(0, 3), this.args.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

/**
 * Batch normalization over all axes but the last. Training: the batch's statistics, and the moving averages
 * (momentum `momentum`) updated; inference: the moving averages.
 */
export class BatchNorm extends tfl.layers.Layer {
  static className = 'OpticBatchNorm';
  private readonly momentum: number;
  private readonly epsilon: number;
  private v: Record<'gamma' | 'beta' | 'mean' | 'variance', tfl.LayerVariable> | undefined;

  constructor(args: { momentum?: number; epsilon?: number; name?: string } = {}) {
    super({ name: args.name });
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = shapeOf(inputShape);
    const c = [shape[shape.length - 1] as number];
    this.v = {
      gamma: this.addWeight('gamma', c, 'float32', tfl.initializers.ones()),
      beta: this.addWeight('beta', c, 'float32', tfl.initializers.zeros()),
      mean: this.addWeight('moving_mean', c, 'float32', tfl.initializers.zeros(), undefined, false),
      variance: this.addWeight('moving_variance', c, 'float32', tfl.initializers.ones(), undefined, false),
    };
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const v = this.v!;
    const x = one(inputs);
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (kwargs.training === true) {
      ({ mean, variance } = tf.moments(x, axes));
      const m = this.momentum;
      const [newMean, newVariance] = tf.tidy(() => [
        tf.add(tf.mul(v.mean.read(), m), tf.mul(mean, 1 - m)),
        tf.add(tf.mul(v.variance.read(), m), tf.mul(variance, 1 - m)),
      ]);
      v.mean.write(newMean);
      v.variance.write(newVariance);
    } else {
      [mean, variance] = [v.mean.read(), v.variance.read()];
    }
    return tf.tidy(() => {
      const scale = tf.mul(v.gamma.read(), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(tf.sub(x, mean), scale), v.beta.read());
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return shapeOf(inputShape);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(Conv2DSame);
tf.serialization.registerClass(BatchNorm);
