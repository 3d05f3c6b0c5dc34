// Dawn's polls spaced out (runtime/webgpu/polling.ts): which callbacks count as Dawn's, how long each poll of
// a run naps, that a run ends with a poll that schedules no other, and that everything else reaches the real
// setImmediate untouched. A stand-in for Dawn's callback: a Proxy of an anonymous arrow function, which, like a
// native function, prints as `function () { [native code] }`. Then the real thing: after openGpu, the global
// setImmediate spaces Dawn's polls, and a dispatch's wait still settles.

import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isDawnPoll, napBeforePoll, spaceDawnPolls, spacedImmediate } from '../../../runtime/webgpu/polling.ts';
import { gpuInTests } from './gpu.ts';

/** A function that passes for Dawn's poll, running `body`. */
const dawnLike = (body: () => void): (() => void) => new Proxy(() => body(), {});

describe('isDawnPoll', () => {
  it('takes only an anonymous native function of no parameters, given no arguments', () => {
    const poll = dawnLike(() => {});
    expect(isDawnPoll(poll, [])).toBe(true);
    expect(isDawnPoll(poll, [1])).toBe(false);
    expect(isDawnPoll(() => {}, [])).toBe(false); // JavaScript source, not native
    expect(isDawnPoll(Math.random, [])).toBe(false); // named
    expect(isDawnPoll(new Proxy((_: number) => {}, {}), [])).toBe(false); // a parameter
    expect(isDawnPoll(dawnLike(() => {}).bind(null), [])).toBe(false); // "bound "
    let resolve: unknown;
    void new Promise((r) => (resolve = r));
    expect(isDawnPoll(resolve, [])).toBe(false); // a promise's resolve takes one parameter
    expect(isDawnPoll('function () { [native code] }', [])).toBe(false);
    expect(isDawnPoll({ name: '', length: 0 }, [])).toBe(false); // not a function at all
  });
});

describe('napBeforePoll', () => {
  it('spins for 0.2 ms, then naps a tenth of the run so far, from 0.05 ms up to 1 ms', () => {
    expect([0, 0.1, 0.1999].map(napBeforePoll)).toEqual([0, 0, 0]);
    expect([0.2, 0.5, 2, 5, 9.99, 10, 300].map(napBeforePoll)).toEqual([0.05, 0.05, 0.2, 0.5, 0.999, 1, 1]);
  });
});

describe('spacedImmediate', () => {
  /** A fake setImmediate (a queue run by `flush`), clock and nap. */
  function world() {
    const queue: (() => void)[] = [];
    const naps: number[] = [];
    const calls: unknown[][] = [];
    let t = 0;
    const spaced = spacedImmediate(
      (callback, ...args) => {
        calls.push([callback, ...args]);
        queue.push(() => callback(...args));
        return queue.length;
      },
      () => t,
      (ms) => naps.push(ms),
    );
    return {
      spaced,
      naps,
      calls,
      at: (ms: number) => (t = ms),
      /** Runs the queued callbacks, each at the time `clock` gives for its index. */
      flush: (clock: (i: number) => number = () => t) => {
        for (let i = 0; queue.length > 0; i++) {
          t = clock(i);
          queue.shift()!();
        }
      },
    };
  }

  it('passes other callbacks and their arguments through as they are', () => {
    const w = world();
    const f = (...args: unknown[]) => args;
    expect(w.spaced(f, 1, 'x')).toBe(1);
    const poll = dawnLike(() => {});
    w.spaced(poll, 'an argument');
    expect(w.calls).toEqual([
      [f, 1, 'x'],
      [poll, 'an argument'],
    ]);
    w.flush();
    expect(w.naps).toEqual([]);
  });

  it("naps before a run's polls once it is 0.2 ms old; a poll that schedules none ends the run", () => {
    const w = world();
    let left = 5;
    const poll = dawnLike(() => {
      if (--left > 0) w.spaced(poll);
    });
    w.spaced(poll); // scheduled at t = 0
    // The k-th poll runs at these times and schedules the next one then (the last schedules none).
    const times = [0.1, 0.3, 4, 30, 31];
    w.flush((i) => times[i]!);
    // Scheduled at 0 (first), 0.1, 0.3, 4, 30: naps for runs 0, 0.1, 0.3, 4 and 30 ms old.
    expect(w.naps).toEqual([0.05, 0.4, 1]);
    expect(left).toBe(0);
    // A new wait begins a new run: no nap at first, though the clock moved on.
    left = 2;
    w.at(100);
    w.spaced(poll);
    w.flush(() => 100.5);
    expect(w.naps).toEqual([0.05, 0.4, 1, 0.05]);
  });

  it('ends the run when a poll throws', () => {
    const w = world();
    const poll = dawnLike(() => {
      throw new Error('lost');
    });
    w.at(5);
    w.spaced(poll);
    expect(() => w.flush(() => 50)).toThrow('lost');
    w.at(60);
    w.spaced(dawnLike(() => {}));
    w.flush();
    expect(w.naps).toEqual([]);
  });

  it("keeps setImmediate's promise form and marks itself", async () => {
    const w = world();
    expect((w.spaced as unknown as Record<symbol, unknown>)[Symbol.for('optic.spacedDawnPolls')]).toBe(true);
    const real = spacedImmediate(setImmediate as never, performance.now.bind(performance), () => {});
    await expect((promisify(real as typeof setImmediate) as (v: string) => Promise<string>)('done')).resolves.toBe(
      'done',
    );
  });
});

describe('with Dawn', () => {
  const gpu = gpuInTests();
  afterAll(() => gpu.destroy());

  it("spaces the global setImmediate's Dawn polls once, and a dispatch's wait settles", async (ctx) => {
    const before = globalThis.setImmediate;
    const { device } = await gpu.open(ctx);
    const spaced = globalThis.setImmediate;
    expect(Symbol.for('optic.spacedDawnPolls') in spaced).toBe(true);
    if (Symbol.for('optic.spacedDawnPolls') in before) expect(spaced).toBe(before); // never wrapped twice
    spaceDawnPolls();
    expect(globalThis.setImmediate).toBe(spaced);
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
        @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
          var x = a[id.x]; for (var k = 0u; k < 256u; k++) { x = sqrt(x * x + 1.0); } a[id.x] = x; }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const buffer = device.createBuffer({
      size: 4 * 64 * 4096,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer } }],
      }),
    );
    pass.dispatchWorkgroups(4096);
    pass.end();
    encoder.copyBufferToBuffer(buffer, 0, read, 0, 16);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    await read.mapAsync(GPUMapMode.READ);
    // x ← √(x² + 1) 256 times from 0: √256 = 16.
    expect([...new Float32Array(read.getMappedRange())].map((x) => Math.round(x * 1e3) / 1e3)).toEqual([
      16, 16, 16, 16,
    ]);
    read.unmap();
    buffer.destroy();
    read.destroy();
  });
});
