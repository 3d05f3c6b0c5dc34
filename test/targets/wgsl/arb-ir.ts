// Random well-formed IR programs for the WGSL differential fuzz, built from a seed with IRBuilder (until
// compiler/generate.ts lands): every op of the op table, reductions of every kind (including one stage
// reading another's result), scalar and tensor outputs, and names taken from WGSL's keywords and reserved
// words, JavaScript's dangerous names and non-ASCII letters.

import { IRBuilder, type Program, type ValueId } from '../../../compiler/ir.ts';
import { OPS, type OpName } from '../../../compiler/ops.ts';
import { rng } from './harness.ts';

export const HOSTILE = [
  'fn',
  'let',
  'var',
  'loop',
  'override',
  'const',
  'struct',
  'return',
  'if',
  'for',
  'while',
  'switch',
  'break',
  'continue',
  'true',
  'false',
  'alias',
  'enable',
  'requires',
  'diagnostic',
  'discard',
  'meta',
  'module',
  'self',
  'this',
  'null',
  'NULL',
  'f32',
  'vec4f',
  'u32',
  'bitcast',
  'select',
  'array',
  'ptr',
  'sampler',
  'atomic',
  'workgroup',
  'uniform',
  'storage',
  'constructor',
  '__proto__',
  'eval',
  'prototype',
  'λ',
  'β1',
  'η_max',
  'x__y',
  'P',
  'C',
  'tab',
  'sums',
  'acc',
  'ctl',
  'lane',
  'step_size',
];

const CONSTANTS = [0, 0.5, 2, 0.9, 0.999, 1e-8, 3, -1.5, 1, -2, 0.25];

export function randomProgram(seed: number): Program {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const name = () => pick(HOSTILE);
  const b = new IRBuilder();
  const state = Array.from({ length: Math.floor(r() * 3) }, (_, k) => `${name()}${k}`);
  const hypers = Array.from({ length: Math.floor(r() * 3) }, (_, k) => ({
    name: `${name()}_${k}`,
    default: pick([0.1, 0.9, 1e-3, 2]),
  }));
  const inputs = r() < 0.3 ? [name()] : [];
  const tensors: ValueId[] = [b.leaf('w', 'tensor', { name: name() }), b.leaf('g', 'tensor', { name: name() })];
  state.forEach((_, k) => tensors.push(b.leaf('state', 'tensor', { index: k, name: state[k] })));
  const scalars: ValueId[] = [b.leaf('step', 'scalar', { name: 'step' })];
  hypers.forEach((h, k) => scalars.push(b.leaf('hyper', 'scalar', { index: k, name: h.name })));
  inputs.forEach((n, k) => scalars.push(b.leaf('input', 'scalar', { index: k, name: n })));
  for (let k = 0; k < 2; k++) scalars.push(b.constant(pick(CONSTANTS)));
  const ops = [...OPS.values()];
  const count = 2 + Math.floor(r() * 8);
  for (let k = 0; k < count; k++) {
    const op = pick(ops);
    const args = op.argTypes.map((t) => (t === 'tensor' || (t === 'any' && r() < 0.7) ? pick(tensors) : pick(scalars)));
    const id = b.apply(op.name as OpName, args, r() < 0.5 ? { name: name() } : {});
    (b.nodes[id].type === 'tensor' ? tensors : scalars).push(id);
  }
  const any = () =>
    r() < 0.85 ? tensors[tensors.length - 1 - Math.floor(r() * Math.min(3, tensors.length))] : pick(scalars);
  return {
    file: `fuzz-${seed}.opt`,
    signature: { fn: name(), w: 'w', g: 'g', state, inputs, hypers },
    nodes: b.nodes,
    outputs: { update: any(), state: state.map(() => any()) },
  };
}
