// Optimizer state of the WGSL runner (runtime/webgpu/state.ts): getState/setState move a run between
// runners bit for bit, reject a wrong shape naming the slot and variable, and reset the step counter the
// asynchronous status reports (Monitor.rebase); toNamed/fromNamed convert to and from tfjs's getWeights() list, matching
// variables as the tfjs target does.

import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { fieldView } from '../../../runtime/webgpu/fields.ts';
import { Monitor } from '../../../runtime/webgpu/monitor.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { fromNamed, toNamed, type NamedValue } from '../../../runtime/webgpu/state.ts';
import { testGpu } from './gpu.ts';
import { rng } from './harness.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const ADAM = compile(
  `def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    update = 0.01 * m / (sqrt(v) + 1e-8) + 0.001 * w
    return update, m, v
`,
  'adam.opt',
).program!;
const SLOTS = ['m', 'v'];
const params = [
  { name: 'p0', shape: [3, 5] },
  { name: 'p1', shape: [300] },
  { name: 'p2', shape: [0] },
];
const r = rng(3);
const random = () =>
  params.map((p) => Float32Array.from({ length: p.shape.reduce((a, b) => a * b, 1) }, () => r() - 0.5));
const GRADS = Array.from({ length: 5 }, random);

const runner = (weights = random()) => WgslRunner.create(gpu!.device, ADAM, { params, weights, policy: 'ignore' });

describe.skipIf(!gpu)('WgslRunner.getState / setState', () => {
  it('3 steps, state moved to a fresh runner, 2 more steps = 5 steps on one runner, bit for bit', async () => {
    const [straight, first, second] = [await runner(), await runner(), await runner()];
    const w0 = await straight.getState();
    first.setState(w0);
    GRADS.forEach((g) => straight.step(g));
    GRADS.slice(0, 3).forEach((g) => first.step(g));
    const moved = await first.getState();
    expect(moved.step).toBe(4);
    second.setState(moved);
    GRADS.slice(3).forEach((g) => second.step(g));
    const [a, b] = [await straight.getState(), await second.getState()];
    expect(b).toEqual(a);
    expect(a.step).toBe(6);
    expect(a.state[0][1]).not.toEqual(moved.state[0][1]);
    [straight, first, second].forEach((x) => x.destroy());
  });

  it('a wrong shape is an error naming the slot and variable, and nothing is written', async () => {
    const x = await runner();
    x.step(GRADS[0]);
    const before = await x.getState();
    const bad = (k: number, t: number) =>
      before.state.map((s, j) => s.map((v, i) => (j === k && i === t ? v.subarray(1) : v)));
    expect(() => x.setState({ step: 9, w: random(), state: bad(1, 1) })).toThrow(
      /state slot 'v' of variable 'p1' has 299 element\(s\); the variable has 300/,
    );
    expect(() => x.setState({ step: 9, state: bad(0, 0) })).toThrow(
      /state slot 'm' of variable 'p0' has 14 .*\(shape \[3,5\]/,
    );
    expect(() => x.setState({ step: 9, state: before.state.slice(1) })).toThrow(
      /1 slot\(s\); the program has 2 \(m, v\)/,
    );
    expect(() => x.setState({ step: 9, state: before.state.map((s) => s.slice(1)) })).toThrow(
      /state slot 'm' has 2 variable\(s\); the model has 3/,
    );
    expect(() => x.setState({ step: 9, w: [new Float32Array(15)], state: before.state })).toThrow(
      /the weights has 1 variable/,
    );
    for (const step of [0, 1.5, NaN, 2 ** 53])
      expect(() => x.setState({ step, state: before.state })).toThrow(/step counter/);
    expect(await x.getState()).toEqual(before);
    x.destroy();
  });

  it('the status read back asynchronously follows a counter set lower (Monitor.rebase)', async () => {
    const device = gpu!.device;
    const { manifest } = compileProgram(ADAM, 'wgsl');
    const control = device.createBuffer({
      size: manifest.control.size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    const monitor = new Monitor(device, manifest, 'skip', 1);
    const report = (step: number) => {
      device.queue.writeBuffer(control, 0, fieldView(manifest, 'Control').set('step', step).bytes);
      const encoder = device.createCommandEncoder();
      const probe = monitor.probe(encoder, control);
      device.queue.submit([encoder.finish()]);
      monitor.watch(probe);
    };
    [4, 5, 6].forEach(report);
    monitor.rebase(2); // the three readbacks are still in flight: they belong to the old counter
    await monitor.settle();
    expect(monitor.status.step).toBe(2);
    report(3);
    await monitor.settle();
    expect(monitor.status.step).toBe(3);
    monitor.destroy();
    control.destroy();
  });
});

describe('toNamed / fromNamed: tfjs getWeights() lists', () => {
  const state = [random(), random()];
  const named = toNamed(SLOTS, params, { step: 8, state });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: names the pattern, not a template
  it('toNamed lists iter (steps taken), then `${variable}/${slot}` slot-major; fromNamed inverts it', () => {
    expect(named.map((x) => x.name)).toEqual(['iter', 'p0/m', 'p1/m', 'p2/m', 'p0/v', 'p1/v', 'p2/v']);
    expect(Array.from(named[0].data)).toEqual([7]);
    expect(named[1].shape).toEqual([3, 5]);
    expect(fromNamed(SLOTS, params, named)).toEqual({ step: 8, state });
  });

  it('matches by name in any order; else in order, to renamed variables of the same shapes', () => {
    expect(fromNamed(SLOTS, params, [...named].reverse()).state).toEqual(state);
    const renamed = params.map((p) => ({ ...p, name: `new/${p.name}` }));
    expect(fromNamed(SLOTS, renamed, named).state).toEqual(state);
    // One name matches: the other two go, in order, to the two unmatched variables.
    const partly = [renamed[0], params[1], renamed[2]];
    expect(fromNamed(SLOTS, partly, named).state).toEqual(state);
  });

  it('leaves zeros where nothing was saved: a missing slot, a variable count that differs', () => {
    const noV = named.filter((x) => !x.name.endsWith('/v'));
    expect(fromNamed(SLOTS, params, noV).state[1][1]).toEqual(new Float32Array(300));
    const fewer = params.slice(1).map((p) => ({ ...p, name: `q${p.name}` }));
    expect(fromNamed(SLOTS, fewer, named).state[0][0]).toEqual(new Float32Array(300));
    expect(fromNamed(SLOTS, params, []).step).toBeUndefined();
  });

  it('rejects renamed state whose shape does not fit the variable it matches by position (no silent restart)', () => {
    const other = [{ name: 'q0', shape: [15] }, ...params.slice(1).map((p) => ({ ...p, name: `q${p.name}` }))];
    expect(() => fromNamed(SLOTS, other, named)).toThrow(
      /loaded as 'p0' has shape \[3,5\]; the variable 'q0' it matches by position has \[15\]/,
    );
  });

  it('rejects a foreign slot, a shape that differs under the same name, and data that does not fill its shape', () => {
    const entry = (name: string, shape: number[], length = 15): NamedValue => ({
      name,
      data: new Float32Array(length),
      shape,
    });
    expect(() => fromNamed(SLOTS, params, [entry('p0/s', [3, 5])])).toThrow(
      /"p0\/s" is not '<variable>\/<slot>' with a slot of this program \(m, v\)/,
    );
    expect(() => fromNamed(SLOTS, params, [entry('p0', [3, 5])])).toThrow(/"p0" is not/);
    expect(() => fromNamed(SLOTS, params, [entry('p0/m', [5, 3])])).toThrow(
      /variable 'p0' has shape \[5,3\]; the variable 'p0' has \[3,5\]/,
    );
    expect(() => fromNamed(SLOTS, params, [entry('p0/m', [3, 5]), entry('p0/v', [15])])).toThrow(
      /slots of "p0" differ in shape/,
    );
    expect(() => fromNamed(SLOTS, params, [entry('p0/m', [3, 5], 14)])).toThrow(
      /has 14 element\(s\) for shape \[3,5\]/,
    );
  });
});
