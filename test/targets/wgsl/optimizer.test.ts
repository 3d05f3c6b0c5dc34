// Training with tfjs on its webgpu backend and optic's fused WGSL step on the same device (runtime/webgpu/
// optimizer.ts): a small model trained with model.fit ends with the same weights, within the WGSL tolerance, as
// the same model trained with the tfjs target's optimizer of the same program on the same backend; state
// saved by either optimizer loads into the other (before its first step) and training continues; a step
// skipped for a NaN gradient is not counted in the saved step counter.

import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfl from '@tensorflow/tfjs-layers';
import { convertPythonicToTs } from '@tensorflow/tfjs-layers/dist/utils/serialization_utils.js';
import { compile, compileFile } from '../../../compiler/compile.ts';
import { close, compareTensors, TOLERANCE } from '../../../runtime/compare.ts';
import { openEngine } from '../../../runtime/engines.ts';
import type { HyperGroup } from '../../../runtime/hypers.ts';
import { type Schedule, warmupCosineDecay } from '../../../runtime/schedules.ts';
import { tfjsOptimizerClass } from '../../../runtime/tfjs/index.ts';
import { WgslOptimizer, wgslOptimizerClass } from '../../../runtime/webgpu/optimizer.ts';
import { KernelOptimizer } from '../../../runtime/webgpu/kernel-optimizer.ts';
import type { ControlStatus } from '../../../runtime/webgpu/monitor.ts';
import { compileKernel } from '../../../runtime/webgpu/compile.ts';
import { releaseTfjsWebgpu, useTfjsWebgpu } from './tfjs-webgpu.ts';
import { rng } from './harness.ts';
import { savedWithOptimizer } from '../tfjs/harness.ts';

const available = await useTfjsWebgpu('the tfjs-webgpu tests');
afterAll(() => {
  tf.disposeVariables();
  if (available) releaseTfjsWebgpu();
});

function model(optimizer: tf.Optimizer): tfl.Sequential {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 16,
        activation: 'tanh',
        inputShape: [6],
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  m.compile({ optimizer, loss: 'meanSquaredError' });
  return m;
}

const r = rng(5);
const X = tf.tensor2d(
  Float32Array.from({ length: 64 * 6 }, () => r() - 0.5),
  [64, 6],
);
const Y = tf.tensor2d(
  Float32Array.from({ length: 64 * 3 }, () => r() - 0.5),
  [64, 3],
);

describe('getConfig/fromConfig, as the tfjs target saves them', () => {
  const program = compile('lr = 0.1\nλ = 0.5\n\ndef train(w, g):\n    return lr * (g + λ * w)\n', 'my_sgd.opt')
    .program!;

  it('carries schedules and groups (globs with `_`, RegExps, ranks) through a saved config', () => {
    const cls = wgslOptimizerClass(program);
    expect(cls.className).toBe('OpticWgslMySgd');
    const lr = warmupCosineDecay({ peak: 1e-2, warmupSteps: 3, decaySteps: 10 });
    const groups: HyperGroup[] = [
      { match: '*_bias*', set: { λ: 0 } },
      { match: /kernel/i, rank: [2], set: { lr: 0.5 } },
    ];
    const original = new WgslOptimizer(program, { hypers: { lr, λ: 0.25 }, groups });
    expect(original.getClassName()).toBe('OpticWgslMySgd');
    // tfjs-layers rewrites `_` in a saved config's strings (convertPythonicToTs): the config must survive it.
    const config = convertPythonicToTs(original.getConfig()) as tf.serialization.ConfigDict;
    const loaded = cls.fromConfig(cls, config) as WgslOptimizer;
    expect(loaded).toBeInstanceOf(cls);
    expect(loaded.groups).toEqual(groups);
    expect(loaded.hypers.λ).toBe(0.25);
    expect([1, 3, 7].map((t) => (loaded.hypers.lr as (step: number) => number)(t))).toEqual([1, 3, 7].map(lr));
  });

  it('refuses a config saved by another program of the same name', () => {
    const other = compile('lr = 0.1\nλ = 0.5\n\ndef train(w, g):\n    return lr * g\n', 'my_sgd.opt').program!;
    const config = new WgslOptimizer(other).getConfig();
    const cls = wgslOptimizerClass(program);
    expect(() => cls.fromConfig(cls, config)).toThrow(/saved by a different version of the program "my_sgd.opt"/);
  });
});

describe.skipIf(!available)('the WGSL kernel as a tfjs optimizer on the webgpu backend', () => {
  it('saves with includeOptimizer, reloads after wgslOptimizerClass(program), and continues identically', async () => {
    const program = compileFile('programs/lion.opt').program!;
    const options = { hypers: { lr: 3e-3, λ: 0.1 }, groups: [{ match: '*bias*', set: { λ: 0 } }] };
    const original = model(new WgslOptimizer(program, options));
    await original.fit(X, Y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
    const saved = await savedWithOptimizer(original);
    // As in a fresh process: the program's class is not registered yet.
    await expect(tfl.loadLayersModel(tf.io.fromMemory(saved))).rejects.toThrow(/OpticWgslLion/);
    const cls = wgslOptimizerClass(program);
    const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(saved));
    expect(reloaded.optimizer).toBeInstanceOf(cls);
    expect(reloaded.optimizer.iterations).toBe(8);
    expect((reloaded.optimizer as WgslOptimizer).groups).toEqual(options.groups);
    await original.fit(X, Y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
    await reloaded.fit(X, Y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
    const [a, b] = await Promise.all([original, reloaded].map((m) => Promise.all(m.getWeights().map((w) => w.data()))));
    expect(b).toEqual(a);
    original.optimizer.dispose();
    reloaded.optimizer.dispose();
  });

  // A schedule that changes every step: both optimizers must evaluate it at the same step numbers.
  const everyStep: Schedule = (step) => 1e-3 * step;
  it.each([
    ['adamw', { lr: 1e-2, λ: 0.01 }],
    ['rmsprop', {}],
    ['lion', { lr: everyStep, λ: 0.01 }],
    ['adafactor', {}],
  ])("programs/%s.opt: model.fit ends with the tfjs target's weights", async (name, hypers) => {
    const program = compileFile(`programs/${name}.opt`).program!;
    const reference = model(new (tfjsOptimizerClass(program))({ hypers }));
    const fused = new WgslOptimizer(program, { hypers });
    const candidate = model(fused);
    const fitFor = (m: tfl.Sequential) => m.fit(X, Y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });
    const [a, b] = [await fitFor(reference), await fitFor(candidate)];
    expect(b.history.loss[3]).toBeLessThan(b.history.loss[0] as number);
    expect(await fused.sync()).toMatchObject({ step: 17, skipped: 0, seen: 0 });
    const wa = await Promise.all(reference.getWeights().map((w) => w.data()));
    const wb = await Promise.all(candidate.getWeights().map((w) => w.data()));
    wa.forEach((t, i) =>
      t.forEach((x, j) =>
        expect(close(x, wb[i][j], TOLERANCE.wgsl), `weight ${i}[${j}]: ${x} vs ${wb[i][j]}`).toBe(true),
      ),
    );
    expect(a.history.loss.length).toBe(4);
    fused.dispose();
  });

  it('groups: each variable moves with its own row of values, an empty variable first (the interpreter says how)', async () => {
    const program = compileFile('programs/adamw.opt').program!;
    const r = rng(31);
    const shapes = [[0], [3, 2], [2], [4], []];
    const vs = shapes.map((shape, i) =>
      tf.variable(tf.tensor(Float32Array.from({ length: tf.util.sizeFromShape(shape) }, r), shape), true, `rows_${i}`),
    );
    // Every variable gets values no other has: a row given to the wrong variable moves it differently.
    const hypers = { lr: 0.01, λ: 0.3 };
    const groups: HyperGroup<number>[] = [
      { match: 'rows_1', set: { lr: 0.02, λ: 0.1 } },
      { rank: [1], set: { λ: 0 } },
      { match: (p) => p.name === 'rows_3', set: { lr: 0.04, λ: 0.05 } },
      { rank: [0], set: { lr: 0.005 } },
    ];
    const fused = new WgslOptimizer(program, { hypers, groups });
    const params = vs.map((v) => ({ name: v.name, shape: v.shape }));
    const w0 = await Promise.all(vs.map((v) => v.data()));
    const reference = await openEngine('interp', program, { params, w: w0, hypers, groups, precision: 'float32' });
    const uniform = await openEngine('interp', program, { params, w: w0, hypers, precision: 'float32' });
    const gradients: tf.Tensor[] = [];
    for (let s = 0; s < 3; s++) {
      const g = shapes.map((shape) => Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => r() - 0.5));
      await Promise.all([reference.step(g), uniform.step(g)]);
      const tensors = g.map((t, i) => tf.tensor(t, shapes[i]));
      fused.applyGradients(Object.fromEntries(vs.map((v, i) => [v.name, tensors[i]])));
      gradients.push(...tensors);
    }
    const got = await Promise.all(vs.map((v) => v.data()));
    expect(compareTensors((await reference.read()).w, got, TOLERANCE.wgsl)).toBeNull();
    // The rows differ enough to be seen: with one row for every variable, the same steps land elsewhere.
    expect(compareTensors((await uniform.read()).w, got, TOLERANCE.wgsl)).not.toBeNull();
    fused.dispose();
    [...vs, ...gradients].forEach((t) => t.dispose());
  });

  it('gradients made on the CPU and disposed right after applyGradients (as tf.Optimizer.minimize does) are the ones applied', async () => {
    const program = compile('def train(w, g):\n    update = g\n    return update\n', 'plain.opt').program!;
    const w = tf.variable(tf.zeros([3]), true, 'fresh_gradients_w');
    const fused = new WgslOptimizer(program);
    let expected = [0, 0, 0];
    for (let s = 1; s <= 4; s++) {
      const values = [s, -2 * s, 0.5 * s];
      expected = expected.map((x, i) => x - values[i]);
      const g = tf.tensor1d(values); // on the CPU until something uploads it
      fused.applyGradients({ fresh_gradients_w: g });
      g.dispose();
      tf.tensor1d([99, 99, 99]).dispose(); // a new upload that may reuse the freed buffer
    }
    expect(Array.from(await w.data())).toEqual(expected);
    fused.dispose();
    w.dispose();
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: names the pattern, not a template
  it('state round-trips through getWeights/setWeights as `${variable}/${slot}`', async () => {
    const program = compileFile('programs/adamw.opt').program!;
    const fused = new WgslOptimizer(program, { hypers: { lr: 1e-2 } });
    const m = model(fused);
    await m.fit(X, Y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    const saved = await fused.getWeights();
    expect(saved.map((w) => w.name.replace(/_\d+/g, ''))).toEqual([
      'iter',
      ...['m', 'v'].flatMap((s) => m.trainableWeights.map((w) => `${w.originalName}/${s}`.replace(/_\d+/g, ''))),
    ]);
    await fused.setWeights(saved);
    const again = await fused.getWeights();
    for (let k = 1; k < saved.length; k++) expect(await again[k].tensor.data()).toEqual(await saved[k].tensor.data());
    fused.dispose();
  });

  it("programs/adafactor.opt: rows and cols state as [R, 1] and [1, C], loaded from the tfjs target's optimizer", async () => {
    const program = compileFile('programs/adafactor.opt').program!;
    const reference = new (tfjsOptimizerClass(program))();
    const a = model(reference);
    const epoch = (m: tfl.Sequential) => m.fit(X, Y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    await epoch(a);
    const saved = await reference.getWeights();
    const fused = new WgslOptimizer(program);
    const b = model(fused);
    b.setWeights(a.getWeights());
    // Another model's variables: the saved state goes to them by position, its shapes checked.
    await fused.setWeights(saved);
    await epoch(a);
    await epoch(b);
    const [wa, wb] = await Promise.all([a, b].map((m) => Promise.all(m.getWeights().map((w) => w.data()))));
    wa.forEach((t, i) =>
      t.forEach((x, j) =>
        expect(close(x, wb[i][j], TOLERANCE.wgsl), `weight ${i}[${j}]: ${x} vs ${wb[i][j]}`).toBe(true),
      ),
    );
    const got = await fused.getWeights();
    // Kernel [6, 16]: vr [6, 1], vc [1, 16]; bias [16]: [1, 1] and [1, 16]; then [16, 3] and [3].
    expect(got.slice(1).map((w) => w.tensor.shape)).toEqual([
      [6, 1],
      [1, 1],
      [16, 1],
      [1, 1],
      [1, 16],
      [1, 16],
      [1, 3],
      [1, 3],
    ]);
    expect(got.slice(1).map((w) => w.tensor.shape)).toEqual(saved.slice(1).map((w) => w.tensor.shape));
    fused.dispose();
    reference.dispose();
  });

  it("keepUpdates: lastUpdates holds each variable's last update, as the tfjs target's optimizer keeps it", async () => {
    const program = compileFile('programs/adamw.opt').program!;
    const hypers = { lr: 1e-2, λ: 0.01 };
    const fused = new WgslOptimizer(program, { hypers, keepUpdates: true });
    const reference = new (tfjsOptimizerClass(program))({ hypers, keepUpdates: true });
    const [a, b] = [model(fused), model(reference)];
    for (const m of [a, b]) await m.fit(X, Y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    const names = (o: { lastUpdates: Map<string, tf.Tensor> }) =>
      [...o.lastUpdates.keys()].map((n) => n.replace(/\d+/g, '#'));
    expect(names(fused)).toEqual(names(reference));
    expect(fused.lastUpdates.size).toBe(a.trainableWeights.length);
    const got = await Promise.all([...fused.lastUpdates.values()].map(async (u) => Float64Array.from(await u.data())));
    const want = await Promise.all(
      [...reference.lastUpdates.values()].map(async (u) => Float64Array.from(await u.data())),
    );
    expect(got.some((u) => u.some((x) => x !== 0))).toBe(true);
    expect(compareTensors(want, got, TOLERANCE.wgsl)).toBeNull();
    fused.dispose();
    reference.dispose();
    expect(() => new KernelOptimizer(compileKernel(program), { keepUpdates: true })).toThrow(
      'keepUpdates needs a kernel that writes its update',
    );
  });

  it("setStep, before the first step and after some, moves the counter as the tfjs target's does", async () => {
    const program = compileFile('programs/adamw.opt').program!;
    // Bias corrections and a schedule both read the step: a counter left where it was would show.
    const hypers = { lr: (step: number) => 1e-5 * Math.min(step, 2000), λ: 0.01 };
    async function run(optimizer: tf.Optimizer & { setStep(step: number): void }): Promise<Trained> {
      const m = model(optimizer);
      const epoch = () => m.fit(X, Y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
      optimizer.setStep(500);
      await epoch();
      optimizer.setStep(1000);
      await epoch();
      const weights = await Promise.all(m.getWeights().map(async (w) => (await w.data()) as Float32Array));
      const saved = await Promise.all(
        (await optimizer.getWeights()).map(async (x) => ({
          name: x.name,
          data: (await x.tensor.data()) as Float32Array | Int32Array,
          shape: x.tensor.shape,
        })),
      );
      optimizer.dispose();
      return { weights, optimizer: saved };
    }
    const fused = new WgslOptimizer(program, { hypers });
    expect(() => fused.setStep(0)).toThrow('setStep: the step counter must be an integer from 1 to 2^53 - 1, got 0');
    const [got, want] = [await run(fused), await run(new (tfjsOptimizerClass(program))({ hypers }))];
    expect(got.optimizer[0].data[0]).toBe(1003); // `iter`: 4 steps from 1000
    expectClose(got, want);
  });

  it('getWeights before the first step: the step counter, then what setWeights loaded (held until the step)', async () => {
    const program = compileFile('programs/adamw.opt').program!;
    const fused = new WgslOptimizer(program);
    const before = await fused.getWeights();
    expect(before.map((w) => w.name)).toEqual(['iter']);
    const loaded = [
      before[0],
      { name: 'a/m', tensor: tf.tensor1d([1, 2]) },
      { name: 'a/v', tensor: tf.tensor1d([3, 4]) },
    ];
    await fused.setWeights(loaded);
    const held = await fused.getWeights();
    expect(held.map((w) => w.name)).toEqual(['iter', 'a/m', 'a/v']);
    expect(Array.from(await held[2].tensor.data())).toEqual([3, 4]);
    await expect(fused.setWeights([before[0], { name: 'a/s', tensor: tf.tensor1d([1]) }])).rejects.toThrow(
      /"a\/s" is not '<variable>\/<slot>'/,
    );
    fused.dispose();
  });

  it("policy 'skip': a step skipped for a NaN gradient is not counted in `iter` (nor, after sync, `iterations`); a fresh optimizer loaded from it continues identically", async () => {
    const program = compileFile('programs/adamw.opt').program!;
    const options = { hypers: { lr: 1e-2, λ: 0.01 }, policy: 'skip' as const };
    const a = tf.variable(tf.tensor1d([0.5, -1, 2, 0.25]), true, 'skipped_a');
    const [g1, nan, g2] = [
      [0.1, -0.2, 0.3, 0.05],
      [NaN, 1, 1, 1],
      [-0.3, 0.2, 0.1, 0.4],
    ].map((g) => tf.tensor1d(g));
    const first = new WgslOptimizer(program, options);
    first.applyGradients({ skipped_a: g1 });
    first.applyGradients({ skipped_a: nan });
    const saved = await first.getWeights();
    expect(saved[0].name).toBe('iter');
    expect(Array.from(await saved[0].tensor.data()), 'iter after one step taken and one skipped').toEqual([1]);
    expect(await first.sync()).toMatchObject({ step: 2, skipped: 1 });
    expect(first.iterations).toBe(1);
    // A fresh optimizer, on a copy of the weights, takes the saved state (matched by position). Reading `a`
    // made tfjs cache its values on the CPU: the next step, written on the GPU, must not be hidden by them.
    const b = tf.variable(tf.tensor1d((await a.data()) as Float32Array), true, 'skipped_b');
    const second = new WgslOptimizer(program, options);
    await second.setWeights(saved);
    first.applyGradients({ skipped_a: g2 });
    second.applyGradients({ skipped_b: g2 });
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    const [wa, wb] = [await first.getWeights(), await second.getWeights()];
    expect(Array.from(await wa[0].tensor.data())).toEqual([2]);
    for (let k = 0; k < wa.length; k++)
      expect(Array.from(await wb[k].tensor.data()), wa[k].name).toEqual(Array.from(await wa[k].tensor.data()));
    expect(await second.sync()).toMatchObject({ step: 3, skipped: 0 });
    [first, second].forEach((o) => o.dispose());
    [a, b, g1, nan, g2].forEach((t) => t.dispose());
  });

  it('after a skipped step the readback has reported (no sync), a schedule takes the step number the kernel runs', async () => {
    const program = compile('lr = 1\ndef train(w, g):\n    update = lr * g\n    return update\n', 'late.opt').program!;
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'late_w');
    const [g, nan] = [tf.tensor1d([1, -1]), tf.tensor1d([NaN, 1])];
    let reported: (s: ControlStatus) => void = () => undefined;
    const skipReported = new Promise<ControlStatus>((resolve) => (reported = resolve));
    const fused = new WgslOptimizer(program, { hypers: { lr: (step: number) => step }, onSkip: (s) => reported(s) });
    fused.applyGradients({ late_w: g }); // step 1: w −= 1 · g
    fused.applyGradients({ late_w: nan }); // skipped
    expect(await skipReported).toMatchObject({ step: 2, skipped: 1 });
    fused.applyGradients({ late_w: g }); // step 2 again: w −= 2 · g (lr at step 3 would be 3)
    expect(Array.from(await w.data())).toEqual([1 - 1 - 2, 2 + 1 + 2]);
    expect(await fused.sync()).toMatchObject({ step: 3, skipped: 1 });
    fused.dispose();
    [w, g, nan].forEach((t) => t.dispose());
  });

  it('a non-finite per-step input skips the step as a non-finite gradient does: on the GPU, counted as skipped', async () => {
    const program = compile('def train(w, g, lr):\n    update = lr * step * g\n    return update\n', 'input.opt')
      .program!;
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'input_skipped_w');
    const g = tf.tensor1d([1, -1]);
    const fused = new WgslOptimizer(program, { hypers: { lr: 0.5 } });
    fused.applyGradients({ input_skipped_w: g });
    fused.setHyper('lr', NaN);
    fused.applyGradients({ input_skipped_w: g });
    fused.setHyper('lr', 0.25);
    fused.applyGradients({ input_skipped_w: g }); // step 2: w −= 0.25 · 2 · g
    expect(Array.from(await w.data())).toEqual([1 - 0.5 - 0.5, 2 + 0.5 + 0.5]);
    expect(await fused.sync()).toMatchObject({ step: 3, skipped: 1, seen: 1 });
    expect(fused.iterations).toBe(2);
    fused.dispose();
    [w, g].forEach((t) => t.dispose());
  });

  describe.each([
    ['adamw', { lr: 1e-2, λ: 0.01 }],
    ['lion', { lr: (step: number) => 1e-4 * step, λ: 0.01 }],
  ])('programs/%s.opt: state moves between the tfjs target and the WGSL optimizer', (name, hypers) => {
    const program = compileFile(`programs/${name}.opt`).program!;
    const tfjsTarget = () => new (tfjsOptimizerClass(program))({ hypers });
    const wgsl = () => new WgslOptimizer(program, { hypers });
    const [N, M] = [1, 2]; // epochs of 4 steps

    it.each([
      ['tfjs target', 'WGSL', tfjsTarget, wgsl],
      ['WGSL', 'tfjs target', wgsl, tfjsTarget],
    ] as const)(`${N} epoch on the %s, ${M} on the %s ≈ ${N + M} on the tfjs target`, async (_a, _b, first, then) => {
      const straight = await train(tfjsTarget(), N + M);
      const moved = await train(then(), M, await train(first(), N));
      expectClose(moved, straight);
    });
  });
});

interface Trained {
  weights: Float32Array[];
  optimizer: { name: string; data: Float32Array | Int32Array; shape: number[] }[];
}

/** `epochs` of model.fit from fresh weights and state, or from `from`'s (loaded into a new model first). */
async function train(optimizer: tf.Optimizer, epochs: number, from?: Trained): Promise<Trained> {
  const m = model(optimizer);
  if (from) {
    m.setWeights(from.weights.map((w, i) => tf.tensor(w, m.getWeights()[i].shape)));
    await optimizer.setWeights(from.optimizer.map((x) => ({ name: x.name, tensor: tf.tensor(x.data, x.shape) })));
  }
  await m.fit(X, Y, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
  const weights = await Promise.all(m.getWeights().map(async (w) => (await w.data()) as Float32Array));
  const saved = await Promise.all(
    (await optimizer.getWeights()).map(async (x) => ({
      name: x.name,
      data: (await x.tensor.data()) as Float32Array | Int32Array,
      shape: x.tensor.shape,
    })),
  );
  optimizer.dispose();
  return { weights, optimizer: saved };
}

/**
 * Model weights and optimizer state within the tfjs-webgpu tolerance; the state compared in order (the
 * variables' names differ between models), with the step counter exact.
 */
function expectClose(moved: Trained, straight: Trained): void {
  const tol = TOLERANCE['tfjs-webgpu'];
  expect(compareTensors(straight.weights, moved.weights, tol), 'weights').toBeNull();
  const strip = (t: Trained) => t.optimizer.map((x) => x.name.replace(/^.*\//, ''));
  expect(strip(moved)).toEqual(strip(straight));
  expect(moved.optimizer[0].data[0]).toBe(straight.optimizer[0].data[0]);
  straight.optimizer.forEach((x, k) =>
    expect(compareTensors([x.data], [moved.optimizer[k].data], tol), x.name).toBeNull(),
  );
}
