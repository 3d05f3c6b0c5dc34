// The fused WGSL step against tfjs's own Adam on the same webgpu device (Dawn on lavapipe here), at 1M and
// 4M parameters; and the same kernel with identical buffer sizes, which the runner avoids by staggering.
// Each iteration is one step and a wait for the GPU to finish it; the variants are those `optic bench` times
// (runtime/bench/variants.ts). Run: npx vitest bench --run test/bench.

import { afterAll, bench, describe } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { compile } from '../../compiler/compile.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { tfAdamVariant, wgslVariant, type StepVariant } from '../../runtime/bench/variants.ts';

await useTfjsBackend('webgpu');
const device = (tf.backend() as WebGPUBackend).device;

const SGD = compile('def train(w, g):\n    return 0.001 * g\n', 'sgd.opt').program!;
const ADAM = compile(
  `lr = 0.001
def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    update = lr * (m / (1 - 0.9 ** step)) / (sqrt(v / (1 - 0.999 ** step)) + 1e-7)
    return update, m, v
`,
  'adam.opt',
).program!;
const LION = compile(
  'def train(w, g, m):\n    update = 0.0001 * sign(interpolate(g, m, 0.9))\n    m = interpolate(g, m, 0.99)\n    return update, m\n',
  'lion.opt',
).program!;

const variants: StepVariant[] = [];
const keep = (v: StepVariant) => {
  variants.push(v);
  return async () => {
    await v.run();
  };
};
afterAll(() => variants.forEach((v) => v.dispose()));

for (const n of [1 << 20, 1 << 22]) {
  const label = `${n >> 20}M parameters`;
  const adam = keep(await wgslVariant(device, ADAM, n));
  const flat = keep(await wgslVariant(device, ADAM, n, { stagger: 0 }));
  const lion = keep(await wgslVariant(device, LION, n));
  const sgd = keep(await wgslVariant(device, SGD, n));
  const reference = keep(await tfAdamVariant(n, ADAM));
  describe(`one optimizer step, ${label}`, () => {
    bench('optic WGSL Adam (fused, vec4, staggered buffers)', adam);
    bench('optic WGSL Adam, identical buffer sizes', flat);
    bench('optic WGSL Lion', lion);
    bench('optic WGSL SGD (the floor: 12 bytes per parameter)', sgd);
    bench('tfjs webgpu tf.train.adam', reference);
  });
}
