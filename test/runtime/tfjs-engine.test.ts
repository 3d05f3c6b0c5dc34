// runtime/tfjs/engine.ts on its own: the backend it is asked for (or tfjs's current one), groups matched on
// the model's names (not the engine's prefixed ones), state before the first step, and no tensor kept
// beyond what it holds (steps, loads and dispose).

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compareTensors, TOLERANCE } from '../../runtime/compare.ts';
import { EngineError } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import { programOf } from '../fixtures/compile.ts';

beforeEach(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const MOMENTUM = programOf(
  'def train(w, g, m):\n    m = interp(g, m, 0.9)\n    update = lr * m\n    return update, m\n',
  'momentum.opt',
);
const PARAMS = [
  { name: 'dense/kernel', shape: [2, 2] },
  { name: 'dense/bias', shape: [2] },
];
const W = [
  [0.5, -1, 2, 0.25],
  [1, -2],
];
const G = [
  [0.1, 0.2, -0.3, 0.4],
  [-0.5, 0.6],
];
const INIT = { params: PARAMS, w: W, hypers: { lr: 0.1 } };

describe('the tfjs engine', () => {
  it("stays on tfjs's current backend unless told, switches when told, and says which", async () => {
    const best = (await useTfjsBackend()).name; // tensorflow where tfjs-node loads, else wasm
    await useTfjsBackend('cpu');
    const e = await openEngine('tfjs', MOMENTUM, INIT);
    expect(tf.getBackend()).toBe('cpu');
    e.dispose();
    for (const [asked, got] of [
      ['wasm', 'wasm'],
      ['cpu', 'cpu'],
      ['best', best],
    ] as const) {
      const notes: string[] = [];
      const f = await openEngine('tfjs', MOMENTUM, { ...INIT, tfjsBackend: asked, note: (n) => notes.push(n) });
      expect(tf.getBackend()).toBe(got);
      expect(notes).toEqual([expect.stringMatching(new RegExp(`^tfjs backend: ${got} \\(.+\\)$`))]);
      f.dispose();
    }
    const unknown = openEngine('tfjs', MOMENTUM, { ...INIT, tfjsBackend: 'tpu' as 'cpu' });
    await expect(unknown).rejects.toThrow(EngineError);
    await expect(unknown).rejects.toThrow(/unknown tfjs backend 'tpu'/);
  });

  it("matches groups on the model's names, as the interpreter does", async () => {
    const groups = [{ match: 'dense/b*', set: { lr: 0 } }];
    const [tfjs, interp] = await Promise.all(
      (['tfjs', 'interp'] as const).map((name) => openEngine(name, MOMENTUM, { ...INIT, groups })),
    );
    for (const e of [tfjs, interp]) await e.step(G);
    const [got, want] = [await tfjs.read(), await interp.read()];
    expect(Array.from(got.w[1])).toEqual(W[1]); // lr = 0 for the bias
    expect(compareTensors(want.w, got.w, TOLERANCE['tfjs-cpu'])).toBeNull();
    [tfjs, interp].forEach((e) => e.dispose());
  });

  it('reads zero state before the first step, one array per slot and variable', async () => {
    const e = await openEngine('tfjs', MOMENTUM, INIT);
    const { step, state } = await e.read();
    expect(step).toBe(1);
    expect(state).toEqual([[new Float64Array(4), new Float64Array(2)]]);
    e.dispose();
  });

  it('keeps no tensor beyond its own: steps, loads and dispose', async () => {
    const before = tf.memory().numTensors;
    const fresh = await openEngine('tfjs', MOMENTUM, INIT);
    fresh.dispose(); // before any step
    expect(tf.memory().numTensors).toBe(before);
    const e = await openEngine('tfjs', MOMENTUM, INIT);
    await e.step(G);
    const afterOne = tf.memory().numTensors;
    const snapshot = await e.read();
    for (let k = 0; k < 3; k++) {
      await e.step(G);
      await e.repeatStep();
      await e.load(snapshot);
    }
    await e.step(G);
    expect(tf.memory().numTensors).toBe(afterOne);
    e.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
