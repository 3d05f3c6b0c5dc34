// Non-finite gradients on the WGSL target: detected on the GPU by bit pattern, the step skipped (weights,
// state and step counter untouched), reported asynchronously; the 'error' policy stops training. A non-finite
// per-step input is treated exactly as a non-finite gradient.

import { afterAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../compiler/ir.ts';
import { NonFiniteError, type ControlStatus } from '../../../runtime/webgpu/monitor.ts';
import { WgslRunner, type RunnerOptions } from '../../../runtime/webgpu/runner.ts';
import { testGpu } from './gpu.ts';
import { programOf } from '../../fixtures/compile.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const program = (source: string): Program => programOf(source);

const ADAM = program(`lr = 0.1
def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    update = lr * m / (sqrt(v) + 1e-8) + 0.01 * global_norm(g) * w
    return update, m, v
`);

const SIZES = [10, 300, 7];
const params = SIZES.map((n, i) => ({ name: `p${i}`, shape: [n] }));
const ones = (scale: number) => SIZES.map((n) => new Float32Array(n).fill(scale));

async function runner(options: Partial<RunnerOptions> = {}) {
  return WgslRunner.create(gpu!.device, ADAM, { params, weights: ones(1), ...options });
}

describe.skipIf(!gpu)('non-finite gradients on the WGSL target', () => {
  it.each([NaN, Infinity, -Infinity])(
    'a %s gradient element skips the step: weights, state and step unchanged',
    async (bad) => {
      const r = await runner();
      r.step(ones(0.5));
      const before = await r.read();
      const g = ones(0.5);
      g[1][123] = bad;
      r.step(g);
      const after = await r.read();
      expect(after.step).toBe(before.step);
      expect(after.skipped).toBe(1);
      expect(after.seen & 1).toBe(1);
      expect(after.w).toEqual(before.w);
      expect(after.state).toEqual(before.state);
      r.step(ones(0.5));
      const resumed = await r.read();
      expect(resumed.step).toBe(before.step + 1);
      expect(resumed.w[0][0]).not.toBe(before.w[0][0]);
      r.destroy();
    },
  );

  it('reports skipped steps asynchronously, without a sync', async () => {
    const skipped: ControlStatus[] = [];
    const r = await runner({ onSkip: (s) => skipped.push({ ...s }) });
    const g = ones(0.5);
    g[2][6] = NaN;
    r.step(g);
    r.step(ones(0.5));
    await gpu!.device.queue.onSubmittedWorkDone();
    for (let k = 0; k < 200 && r.status.step + r.status.skipped < 3; k++)
      await new Promise((done) => setTimeout(done, 5));
    expect(skipped).toEqual([{ step: 1, skipped: 1, seen: 1 }]);
    expect(r.status).toEqual({ step: 2, skipped: 1, seen: 1 });
    r.destroy();
  });

  it("the 'error' policy: sync() throws, and so does every later step", async () => {
    const r = await runner({ policy: 'error' });
    const g = ones(0.5);
    g[0][0] = Infinity;
    r.step(g);
    await expect(r.sync()).rejects.toBeInstanceOf(NonFiniteError);
    expect(() => r.step(ones(0.5))).toThrow(NonFiniteError);
    const state = await r.read();
    expect(state.w).toEqual(ones(1));
    r.destroy();
  });

  it('a padding lane never raises the flag, and a finite step raises nothing', async () => {
    const r = await runner();
    for (let k = 0; k < 3; k++) r.step(ones(0.25));
    expect(await r.sync()).toEqual({ step: 4, skipped: 0, seen: 0 });
    r.destroy();
  });

  // In a program with reductions, the first stage's tile pass checks the gradient before anything is written
  // (the weights and state are updated in place: one half, no carry_over): it must do so even when no
  // reduction reads g.
  it('a NaN gradient skips a step whose only reduction reads the weights', async () => {
    const r = await WgslRunner.create(gpu!.device, program('def train(w, g):\n    return 0.1 * g * norm(w)\n'), {
      params,
      weights: ones(1),
    });
    expect(r.module.manifest.passes.map((p) => p.entryPoint)).toEqual([
      'reduce_tiles_1',
      'combine_1',
      'apply_step',
      'finish_step',
    ]);
    const g = ones(0.5);
    g[2][6] = NaN;
    r.step(g);
    const s = await r.read();
    expect([s.step, s.skipped, s.seen]).toEqual([1, 1, 1]);
    expect(s.w).toEqual(ones(1));
    r.destroy();
  });

  // Without reductions apply_step checks the gradient while it writes: tiles before the bad element have been
  // written when it is found. They were written to the other half of the double-buffered weights and state,
  // which carry_over then overwrites with the half read: several chunks, each with tiles before and after.
  it('without reductions, skipped steps leave exactly what the finite steps alone would', async () => {
    const plain = program(`lr = 0.1
def train(w, g, m, v):
    m = interpolate(g, m, 0.9)
    v = interpolate(square(g), v, 0.999)
    return lr * m / (sqrt(v / (1 - 0.999 ** step)) + 1e-8), m, v
`);
    const sizes = [5000, 3, 2100];
    const options = {
      params: sizes.map((n, i) => ({ name: `p${i}`, shape: [n] })),
      weights: sizes.map((n) => new Float32Array(n).fill(1)),
      maxChunkElements: 4096,
      maxWorkgroups: 2, // each pass's workgroups loop over several tiles, carry_over's too
      keepUpdate: true,
    };
    const [skipping, reference] = await Promise.all([
      WgslRunner.create(gpu!.device, plain, options),
      WgslRunner.create(gpu!.device, plain, options),
    ]);
    expect(skipping.module.manifest.passes.map((p) => p.entryPoint)).toEqual([
      'apply_step',
      'carry_over',
      'finish_step',
    ]);
    expect(skipping.layout.chunks.length).toBeGreaterThan(1);
    const gradient = (k: number) => sizes.map((n, t) => new Float32Array(n).map((_, i) => Math.sin(i + 7 * k + t)));
    const bad = new Set([1, 3, 4]); // steps 2, 4 and 5 (an odd and an even run of skips)
    for (let k = 0; k < 7; k++) {
      const g = gradient(k);
      if (bad.has(k)) g[2][2099] = NaN;
      else reference.step(g);
      skipping.step(g);
      if (bad.has(k)) {
        const s = await skipping.read();
        expect(
          s.update!.every((u) => u.every((x) => x === 0)),
          'the update of a skipped step is zero',
        ).toBe(true);
      }
    }
    const [got, want] = [await skipping.read(), await reference.read()];
    expect([got.step, got.skipped, got.seen]).toEqual([want.step, 3, 1]);
    expect(got.w).toEqual(want.w);
    expect(got.state).toEqual(want.state);
    expect(got.w[0][0]).not.toBe(1);
    skipping.destroy();
    reference.destroy();
  });

  // Flag bit 1 relies on the GPU producing Inf for 3e38² (lavapipe does; WGSL does not promise it).
  it("the 'ignore' policy runs no check: the step is applied and its non-finite result flagged", async () => {
    const r = await runner({ policy: 'ignore' });
    const g = ones(0.5);
    g[1][5] = 3e38;
    g[1][6] = 3e38;
    r.step(g);
    const s = await r.read();
    expect(s.step).toBe(2);
    expect(s.skipped).toBe(0);
    expect(s.seen).toBe(2);
    r.destroy();
  });

  describe.each([
    ['without reductions (apply_step checks)', 'def train(w, g, m, lr):\n    m = 0.9 * m + lr * g\n    return m, m\n'],
    [
      'with a reduction (stage 1 checks)',
      'def train(w, g, m, lr):\n    m = 0.9 * m + lr * g\n    return m * norm(w), m\n',
    ],
  ])('a non-finite per-step input, %s, is a non-finite gradient', (_, source) => {
    const p = program(source);
    /** Three steps, the second with a bad input or a bad gradient; the status and values after each. */
    async function run(policy: RunnerOptions['policy'], bad: 'input' | 'gradient', value: number) {
      const r = await WgslRunner.create(gpu!.device, p, { params, weights: ones(1), policy });
      const seen = [];
      try {
        for (let k = 0; k < 3; k++) {
          const g = ones(0.5);
          if (k === 1 && bad === 'gradient') g[1][17] = value;
          r.step(g, [k === 1 && bad === 'input' ? value : 0.1]);
          await r.sync(); // throws the 'error' policy's NonFiniteError
          seen.push(await r.read().then(({ step, skipped, seen, w, state }) => ({ step, skipped, seen, w, state })));
        }
        return seen;
      } catch (e) {
        return e instanceof NonFiniteError ? { error: e.status } : e;
      } finally {
        r.destroy();
      }
    }

    it.each([NaN, Infinity])("under 'skip' and 'error' (%s)", async (value) => {
      for (const policy of ['skip', 'error'] as const) {
        const [byInput, byGradient] = [await run(policy, 'input', value), await run(policy, 'gradient', value)];
        expect(byInput, policy).toEqual(byGradient);
      }
      expect(await run('skip', 'input', value)).toMatchObject([
        { step: 2 },
        { step: 2, skipped: 1, seen: 1 },
        { step: 3 },
      ]);
      expect(await run('error', 'input', value)).toMatchObject({ error: { step: 2, skipped: 1, seen: 1 } });
    });

    it("under 'ignore' the input reaches the arithmetic", async () => {
      const [, second] = (await run('ignore', 'input', NaN)) as { step: number; w: Float32Array[] }[];
      expect(second.step).toBe(3);
      expect(second.w[0][0]).toBeNaN();
    });
  });

  // The host computes what depends on `step` (compiler/scalars.ts) before it can have read back a skip: the
  // kernel picks the row for its own counter among the rows written for the numbers below the host's.
  it.each([
    [3, 0],
    [9, 4],
  ])('%i skipped steps not yet read back: the next step uses its own number (flag bits %i)', async (skips, bits) => {
    const r = await WgslRunner.create(gpu!.device, program('def train(w, g):\n    return g * step\n'), {
      params,
      weights: ones(1),
    });
    const bad = ones(0.5);
    bad[0][0] = NaN;
    r.step(ones(0.5)); // step 1: w = 1 − 0.5
    for (let k = 0; k < skips; k++) r.step(bad);
    r.step(ones(0.5)); // step 2: w = 0.5 − 2 · 0.5
    const s = await r.read();
    expect([s.step, s.skipped, s.seen]).toEqual([3, skips, 1 | bits]);
    if (bits === 0) expect(s.w[1][0]).toBe(-0.5);
    r.destroy();
  });
});
