// An empty variable (a tensor with a zero extent) beside others: the tfjs optimizer leaves it out of the step
// (runtime/tfjs/optimizer.ts), and these programs go wrong when it does not. tfjs 4.22's tf.where broadcasts a
// condition of shape [0] with a scalar branch to shape [1] (measured on cpu, wasm and webgpu): the state of the
// empty variable comes out [1] and its assignment throws, and on webgpu a global norm over such a where differs
// (on cpu the extra element happens to add nothing). No program in programs/ meets this: programs.test.ts's
// model has an empty tensor and passed with it kept in the step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { type TfjsBackendName, useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { backendsUnderTest, differential, programOf, randomCase } from './harness.ts';

/** The empty tensor between two others, so that neither the first nor the last position hides a fault. */
const MODEL = [
  { name: 'kernel', shape: [3, 2] },
  { name: 'empty', shape: [0] },
  { name: 'bias', shape: [2] },
];

const SOURCES: [string, string][] = [
  // where(g, …) with a scalar branch, into the state: [1] for the empty variable.
  [
    'a state from where with a scalar branch',
    'lr = 0.1\n\ndef train(w, g, m):\n    m = where(g, 0.5, m + g)\n    return lr * m, m\n',
  ],
  // The same where read by a reduction over every variable.
  [
    'a global norm over where with a scalar branch',
    'lr = 0.1\n\ndef train(w, g):\n    return lr * global_norm(where(g, 1, g)) * g\n',
  ],
];

let backends: TfjsBackendName[] = [];
beforeAll(async () => {
  backends = await backendsUnderTest();
});
afterAll(() => tf.disposeVariables());

describe.each(['cpu', 'wasm', 'webgpu'] as const)('an empty variable on tfjs %s', (backend) => {
  it.for(SOURCES)('%s', async ([, source], ctx) => {
    if (!backends.includes(backend)) return ctx.skip(); // webgpu without an adapter outside CI (fails in CI)
    await useTfjsBackend(backend);
    const c = randomCase(7, MODEL, 3, 0.5);
    expect(await differential(programOf(source, 'empty.opt'), c, backend)).toBeNull();
  });
});
