// The layers the ViT and the Mixer need that tfjs-layers lacks or has in a slow form: multi-head self-attention,
// a learned position embedding, and layer normalization (tfjs-layers' own tiles its statistics and scale to the
// input's full shape, and Tile's gradient is one Slice + Add per copy: 5 of the Mixer's 6 s per step on wasm). Each is a tfjs-layers Layer written with tfjs-core ops (so gradients come from tfjs's autodiff),
// registered with tf.serialization so models holding them save and load.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { matMul2d } from './matmul.ts';

type Kwargs = Record<string, unknown>;
type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;

const one = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);

export interface AttentionArgs {
  heads: number;
  seed: number;
  name?: string;
}

/** Multi-head self-attention over [batch, tokens, dim]: softmax(QKᵀ/√d_head)V per head, then an output projection. */
export class MultiHeadSelfAttention extends tfl.layers.Layer {
  static className = 'OpticMultiHeadSelfAttention';
  private readonly heads: number;
  private readonly seed: number;
  private weightsOf: Record<'q' | 'k' | 'v' | 'o', { kernel: tfl.LayerVariable; bias: tfl.LayerVariable }> | undefined;

  constructor(args: AttentionArgs) {
    super({ name: args.name });
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const dim = shape[shape.length - 1] as number;
    if (dim % this.heads !== 0) throw new Error(`attention: dimension ${dim} is not divisible by ${this.heads} heads`);
    const projection = (name: 'q' | 'k' | 'v' | 'o', n: number) => ({
      kernel: this.addWeight(
        `${name}_kernel`,
        [dim, dim],
        'float32',
        tfl.initializers.glorotUniform({ seed: this.seed + n }) as Initializer,
      ),
      bias: this.addWeight(`${name}_bias`, [dim], 'float32', tfl.initializers.zeros()),
    });
    this.weightsOf = { q: projection('q', 0), k: projection('k', 1), v: projection('v', 2), o: projection('o', 3) };
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs);
      const [batch, tokens, dim] = x.shape;
      const h = this.heads;
      const dh = dim / h;
      const w = this.weightsOf!;
      const flat = tf.reshape(x, [-1, dim]);
      const project = (p: { kernel: tfl.LayerVariable; bias: tfl.LayerVariable }, t: tf.Tensor) =>
        tf.add(matMul2d(t as tf.Tensor2D, p.kernel.read() as tf.Tensor2D), p.bias.read());
      // [batch·tokens, dim] → [batch, heads, tokens, d_head]
      const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [batch, tokens, h, dh]), [0, 2, 1, 3]);
      const q = split(project(w.q, flat));
      const k = split(project(w.k, flat));
      const v = split(project(w.v, flat));
      const scores = tf.mul(
        tf.matMul(q as tf.Tensor4D, tf.transpose(k, [0, 1, 3, 2]) as tf.Tensor4D),
        1 / Math.sqrt(dh),
      );
      const mixed = tf.matMul(tf.softmax(scores) as tf.Tensor4D, v as tf.Tensor4D);
      const merged = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [-1, dim]);
      return tf.reshape(project(w.o, merged), [batch, tokens, dim]);
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed };
  }
}

export interface PositionArgs {
  seed: number;
  name?: string;
}

/** Adds a learned [tokens, dim] embedding to [batch, tokens, dim] (initialized N(0, 0.02²), truncated). */
export class PositionEmbedding extends tfl.layers.Layer {
  static className = 'OpticPositionEmbedding';
  private readonly seed: number;
  private embedding: tfl.LayerVariable | undefined;

  constructor(args: PositionArgs) {
    super({ name: args.name });
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const init = tfl.initializers.truncatedNormal({ stddev: 0.02, seed: this.seed }) as Initializer;
    this.embedding = this.addWeight('embedding', [shape[1] as number, shape[2] as number], 'float32', init);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.add(one(inputs), this.embedding!.read()));
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

/** Layer normalization over the last axis: (x − mean) / √(var + ε) · γ + β, γ and β broadcast (no Tile). */
export class LayerNorm extends tfl.layers.Layer {
  static className = 'OpticLayerNorm';
  private readonly epsilon: number;
  private gamma: tfl.LayerVariable | undefined;
  private beta: tfl.LayerVariable | undefined;

  constructor(args: { epsilon?: number; name?: string } = {}) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const dim = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [dim], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [dim], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs);
      const { mean, variance } = tf.moments(x, -1, true);
      const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, this.gamma!.read()), this.beta!.read());
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

export interface TokenDenseArgs {
  units: number;
  activation?: 'gelu' | 'relu' | 'linear';
  seed: number;
  name?: string;
}

/**
 * A dense layer on the last axis (of [batch, dim] or [batch, tokens, dim]), as one 2D product on
 * [batch·tokens, dim] through matMul2d (tfjs-layers' Dense runs a broadcasting BatchMatMul on rank-3 input, and
 * its fused product's gradient uses the transposed products that are slow on wasm: matmul.ts). Glorot-uniform
 * initialization, He-normal before a ReLU.
 */
export class TokenDense extends tfl.layers.Layer {
  static className = 'OpticTokenDense';
  private readonly args: Required<Omit<TokenDenseArgs, 'name'>>;
  private kernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: TokenDenseArgs) {
    super({ name: args.name });
    this.args = { units: args.units, activation: args.activation ?? 'linear', seed: args.seed };
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const dim = shape[shape.length - 1] as number;
    const { seed, activation } = this.args;
    const init = (
      activation === 'relu' ? tfl.initializers.heNormal({ seed }) : tfl.initializers.glorotUniform({ seed })
    ) as Initializer;
    this.kernel = this.addWeight('kernel', [dim, this.args.units], 'float32', init);
    this.bias = this.addWeight('bias', [this.args.units], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs);
      const dim = x.shape[x.shape.length - 1];
      const y = tf.add(
        matMul2d(tf.reshape(x, [-1, dim]) as tf.Tensor2D, this.kernel!.read() as tf.Tensor2D),
        this.bias!.read(),
      );
      const out = this.args.activation === 'gelu' ? gelu(y) : this.args.activation === 'relu' ? tf.relu(y) : y;
      return tf.reshape(out, [...x.shape.slice(0, -1), this.args.units]);
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [...shape.slice(0, -1), this.args.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

/** GELU, exact form: x · Φ(x) = x/2 · (1 + erf(x/√2)). */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

tf.serialization.registerClass(TokenDense);
tf.serialization.registerClass(MultiHeadSelfAttention);
tf.serialization.registerClass(LayerNorm);
tf.serialization.registerClass(PositionEmbedding);
