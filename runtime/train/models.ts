// The models `optic train --model` builds, sized for a 2-core machine without a GPU (one epoch of 60,000
// Fashion-MNIST images in about two minutes or less on the model's fastest backend here; measured sizes and
// times in runtime/train/README.md). Every initializer is seeded from the run's seed, so a model is a
// function of (name, seed). None uses dropout: a training step is a function of the weights and the batch.

import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNorm, Conv2DSame } from './conv-layers.ts';
import { LayerNorm, MultiHeadSelfAttention, PositionEmbedding, TokenDense } from './layers.ts';

export const MODELS = ['mlp', 'cnn', 'vit', 'mixer'] as const;
export type ModelName = (typeof MODELS)[number];

export interface ModelInput {
  height: number;
  width: number;
  classes: number;
}

type Sym = tfl.SymbolicTensor;

/** Seeded initializers, one fresh seed per weight, in the order the model is built. */
class Seeds {
  private n = 0;
  constructor(private readonly seed: number) {}
  next(): number {
    return (this.seed * 7919 + 101 * ++this.n) >>> 0;
  }
}

const apply = (layer: tfl.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** Dense on the last axis, of [batch, dim] or [batch, tokens, dim]. */
function dense(s: Seeds, units: number, x: Sym, activation?: 'relu' | 'gelu'): Sym {
  return apply(new TokenDense({ units, activation, seed: s.next() }), x);
}

/** MLP 784-256-128-10, ReLU. */
function mlp(s: Seeds, x: Sym, io: ModelInput): Sym {
  let h = apply(tfl.layers.flatten(), x);
  h = dense(s, 256, h, 'relu');
  h = dense(s, 128, h, 'relu');
  return dense(s, io.classes, h);
}

function conv(s: Seeds, filters: number, x: Sym): Sym {
  return apply(new Conv2DSame({ filters, kernelSize: 3, seed: s.next() }), x);
}

/** [H, W, C] → [H/2, W/2, 4C]: each 2 × 2 block's pixels as channels (halves the resolution losslessly). */
function spaceToDepth(x: Sym): Sym {
  const [h, w, c] = x.shape.slice(1) as number[];
  let y = apply(tfl.layers.reshape({ targetShape: [h / 2, 2, w / 2, 2, c] }), x);
  y = apply(tfl.layers.permute({ dims: [1, 3, 2, 4, 5] }), y);
  return apply(tfl.layers.reshape({ targetShape: [h / 2, w / 2, 4 * c] }), y);
}

const bn = (x: Sym) => apply(new BatchNorm({ momentum: 0.9 }), x);
const relu = (x: Sym) => apply(tfl.layers.activation({ activation: 'relu' }), x);

/** A ResNet basic block: relu(x + bn(conv(relu(bn(conv(x)))))). */
function residual(s: Seeds, x: Sym, filters: number): Sym {
  const h = bn(conv(s, filters, relu(bn(conv(s, filters, x)))));
  return relu(apply(tfl.layers.add(), [x, h]));
}

export const CNN = { width: 32, blocks: 2 };

/**
 * A small ResNet on 4 × 4 patches: space-to-depth twice (28 × 28 × 1 → 7 × 7 × 16), a 1 × 1 convolution
 * (dense) to 32 channels, two residual blocks of 3 × 3 convolutions, mean pool, dense. Downsampling by
 * space-to-depth keeps every convolution at stride 1 (conv-layers.ts); a first stage at 14 × 14 cost more
 * time per epoch than this machine's budget (runtime/train/README.md).
 */
function cnn(s: Seeds, x: Sym, io: ModelInput): Sym {
  const { width, blocks } = CNN;
  let h = relu(bn(dense(s, width, spaceToDepth(spaceToDepth(x)))));
  for (let i = 0; i < blocks; i++) h = residual(s, h, width);
  h = apply(tfl.layers.globalAveragePooling2d({}), h);
  return dense(s, io.classes, h);
}

/** Non-overlapping p × p patches as tokens, [batch, (H/p)(W/p), p²], by reshape and transpose (no convolution). */
function patches(x: Sym, io: ModelInput, p: number): Sym {
  const [gh, gw] = [io.height / p, io.width / p];
  let h = apply(tfl.layers.reshape({ targetShape: [gh, p, gw, p] }), x);
  h = apply(tfl.layers.permute({ dims: [1, 3, 2, 4] }), h);
  return apply(tfl.layers.reshape({ targetShape: [gh * gw, p * p] }), h);
}

const norm = (x: Sym) => apply(new LayerNorm(), x);
const add = (a: Sym, b: Sym) => apply(tfl.layers.add(), [a, b]);

function mlpBlock(s: Seeds, x: Sym, hidden: number, out: number): Sym {
  return dense(s, out, dense(s, hidden, x, 'gelu'));
}

export const VIT = { patch: 7, dim: 64, depth: 2, heads: 4, mlp: 128 };

/** A pre-norm ViT: 7 × 7 patches (16 tokens), learned positions, 2 blocks of 4-head attention, mean pooling. */
function vit(s: Seeds, x: Sym, io: ModelInput): Sym {
  const { patch, dim, depth, heads, mlp: hidden } = VIT;
  let h = dense(s, dim, patches(x, io, patch));
  h = apply(new PositionEmbedding({ seed: s.next() }), h);
  for (let i = 0; i < depth; i++) {
    h = add(h, apply(new MultiHeadSelfAttention({ heads, seed: s.next() }), norm(h)));
    h = add(h, mlpBlock(s, norm(h), hidden, dim));
  }
  h = apply(tfl.layers.globalAveragePooling1d(), norm(h));
  return dense(s, io.classes, h);
}

export const MIXER = { patch: 7, dim: 64, depth: 3, tokenMlp: 32, channelMlp: 128 };

/** MLP-Mixer: 7 × 7 patches; each block mixes across tokens (on the transposed map), then across channels. */
function mixer(s: Seeds, x: Sym, io: ModelInput): Sym {
  const { patch, dim, depth, tokenMlp, channelMlp } = MIXER;
  const tokens = (io.height / patch) * (io.width / patch);
  let h = dense(s, dim, patches(x, io, patch));
  for (let i = 0; i < depth; i++) {
    let t = apply(tfl.layers.permute({ dims: [2, 1] }), norm(h));
    t = apply(tfl.layers.permute({ dims: [2, 1] }), mlpBlock(s, t, tokenMlp, tokens));
    h = add(h, t);
    h = add(h, mlpBlock(s, norm(h), channelMlp, dim));
  }
  h = apply(tfl.layers.globalAveragePooling1d(), norm(h));
  return dense(s, io.classes, h);
}

const BUILDERS: Record<ModelName, (s: Seeds, x: Sym, io: ModelInput) => Sym> = { mlp, cnn, vit, mixer };

/** The model `name` with weights drawn from `seed`: images [batch, height, width, 1] in, logits out. */
export function buildModel(name: ModelName, io: ModelInput, seed: number): tfl.LayersModel {
  const input = tfl.input({ shape: [io.height, io.width, 1] });
  const output = BUILDERS[name](new Seeds(seed), input, io);
  return tfl.model({ inputs: input, outputs: output, name });
}
