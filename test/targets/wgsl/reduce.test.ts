// Reductions as GPU passes: per-tensor norms must see exactly one tensor's elements, global ones all of them,
// across tiles, chunks (a tensor split between two buffer bindings) and grid-stride loops (fewer workgroups
// than tiles), and a reduction of a value that depends on another reduction (two stages).

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import type { Program } from '../../../compiler/ir.ts';
import { Interpreter } from '../../../runtime/interpreter.ts';
import { compareTensors, TOLERANCE } from '../../../runtime/compare.ts';
import { openEngine } from '../../../runtime/engines.ts';
import { NO_DECAY_FOR_VECTORS } from '../../../runtime/hypers.ts';
import { DEFAULT_TILE } from '../../../compiler/targets/wgsl-tiles.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { differential, rng } from './harness.ts';
import { testGpu } from './gpu.ts';
import { programOf } from '../../fixtures/compile.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const program = (source: string): Program => programOf(source);

const ALL_REDUCTIONS = program(`lr = 0.01
def train(w, g, m):
    n = norm(g)
    gn = global_norm(g)
    d = dot(g, w)
    c = cosine_sim(g, w)
    u = clip_by_global_norm(g, 0.5)
    r = norm(u + w)
    update = lr * (u / (r + 1) + n * d * c * 0.001 + gn * 0.001 * w)
    m = m + g * n
    return update, m
`);

const SIZES = [1000, 3, 0, 517, 4096, 1];

describe.skipIf(!gpu)('reductions on the WGSL target', () => {
  it('every reduction, two stages, over six tensors', async () => {
    expect(await differential(gpu!.device, { program: ALL_REDUCTIONS, sizes: SIZES, steps: 4, seed: 3 })).toMatchObject(
      { ok: true },
    );
  });

  // x (stage 1) is read by the step after y (stage 2) is written: the two materialized values need two
  // regions of `sc` at once (the second at i + C.state_stride).
  it('two materialized values alive at once, in two regions of the scratch buffer', async () => {
    const p = program(
      'def train(w, g):\n    x = g / (norm(g) + 1)\n    y = x / (global_norm(x) + 1)\n    z = y / (norm(y) + 1)\n    return 0.1 * (z + x)\n',
    );
    expect(compileProgram(p, 'wgsl').code).toContain('sc[i + 1u * C.state_stride] = ');
    expect(await differential(gpu!.device, { program: p, sizes: [37, 0, 300], steps: 3, seed: 6 })).toMatchObject({
      ok: true,
    });
  });

  it('a scalar update (a norm: the same for every element of a tensor)', async () => {
    const p = program('def train(w, g):\n    return 0.01 * norm(g)\n');
    expect(await differential(gpu!.device, { program: p, sizes: [37, 0, 300], steps: 2, seed: 7 })).toMatchObject({
      ok: true,
    });
  });

  it('the same with tensors split across chunks of 1,000 elements', async () => {
    const result = await differential(gpu!.device, {
      program: ALL_REDUCTIONS,
      sizes: SIZES,
      steps: 4,
      seed: 4,
      kernel: { maxChunkElements: 1000 },
    });
    expect(result).toMatchObject({ ok: true });
  });

  it('the same with at most 3 workgroups per dispatch (grid-stride loops)', async () => {
    const result = await differential(gpu!.device, {
      program: ALL_REDUCTIONS,
      sizes: SIZES,
      steps: 4,
      seed: 5,
      kernel: { maxWorkgroups: 3 },
    });
    expect(result).toMatchObject({ ok: true });
  });

  // size counts a tensor's elements, not its padding to a multiple of 4 (3, 517, 1) or its other chunk.
  it('sum, mean and size see one tensor, whole across chunks and without its padding', async () => {
    const p = program(
      'def train(w, g, m):\n    m = m * 0 + size(g) + mean(abs(g)) + 0.001 * sum(abs(w))\n    return 0.001 * g + 0.0001 * m, m\n',
    );
    for (const kernel of [{}, { maxChunkElements: 1000 }]) {
      const result = await differential(gpu!.device, { program: p, sizes: SIZES, steps: 2, seed: 12, kernel });
      expect(result, JSON.stringify(kernel)).toMatchObject({ ok: true });
    }
  });

  // 16.8M parameters need more than 65,535 workgroups of 64 threads even at one vec4 per thread; the kernel's
  // tiles (1,024 elements) and grid-stride loops keep every dispatch under the limit, here capped at 4,096.
  it('a model of 16.8M parameters, a global reduction over all of them, 4,096 workgroups per dispatch', async () => {
    const p = program('lr = 0.5\ndef train(w, g):\n    update = lr * clip_by_global_norm(g, 100)\n    return update\n');
    const sizes = [65_536 * 256 - 100, 300];
    const random = rng(9);
    const w = sizes.map((n) => Float32Array.from({ length: n }, () => random() - 0.5));
    const g = sizes.map((n) => Float32Array.from({ length: n }, () => random() - 0.5));
    const params = sizes.map((n, i) => ({ name: `p${i}`, shape: [n] }));
    // 64 × 4 tiles, whatever the adapter: more tiles than 4 dispatches of 4,096 workgroups take at once.
    const runner = await WgslRunner.create(gpu!.device, p, {
      params,
      weights: w,
      maxWorkgroups: 4096,
      tile: DEFAULT_TILE,
    });
    expect(Math.ceil((sizes[0] + sizes[1]) / 4 / 64)).toBeGreaterThan(65_535);
    expect(runner.layout.tileCount).toBeGreaterThan(4 * 4096);
    runner.step(g);
    const got = await runner.read();
    runner.destroy();
    const ref = new Interpreter(
      p,
      w.map((t) => Float64Array.from(t)),
      { precision: 'float32' },
    );
    ref.step(g.map((t) => Float64Array.from(t)));
    expect(compareTensors(ref.w, got.w, TOLERANCE.wgsl)).toBeNull();
  }, 120_000);
});

describe.skipIf(!gpu)('per-tensor hyperparameter groups on the WGSL target', () => {
  it('no decay for vectors and a larger lr for kernels, in one dispatch, with per-tensor norms (LAMB)', async () => {
    const { program: lamb } = compile(readFileSync('programs/lamb.opt', 'utf8'), 'lamb.opt');
    const decay = lamb!.signature.hypers.find((h) => /λ|decay/.test(h.name))!.name;
    const groups = [NO_DECAY_FOR_VECTORS(decay), { match: '*.kernel', set: { lr: 0.05 } }];
    const sizes = [300, 7, 1030, 64];
    const hypers = { [decay]: 0.1 };
    const result = await differential(gpu!.device, { program: lamb!, sizes, steps: 4, seed: 11, hypers, groups });
    expect(result).toMatchObject({ ok: true });
    // The groups are visible at this tolerance: the kernels' decay moves them beyond it (an optimizer that
    // dropped a group, or gave the vectors the kernels' row, would fail the differential).
    const random = rng(3);
    const tensors = () => sizes.map((n) => Float64Array.from({ length: n }, () => 2 * random() - 1));
    const params = sizes.map((n, i) => ({ name: `layer${i}.${i % 2 ? 'bias' : 'kernel'}`, shape: [n] }));
    const w = tensors();
    const runs = await Promise.all(
      [groups, [{ match: '*', set: { [decay]: 0 } }]].map((g) =>
        openEngine('interp', lamb!, { params, w, hypers, groups: g, precision: 'float32' }),
      ),
    );
    for (let s = 0; s < 4; s++) {
      const g = tensors();
      for (const run of runs) await run.step(g);
    }
    const [withDecay, without] = await Promise.all(runs.map((run) => run.read()));
    expect(compareTensors([withDecay.w[0]], [without.w[0]], TOLERANCE.wgsl), 'a kernel').not.toBeNull();
    expect(compareTensors([withDecay.w[1]], [without.w[1]], TOLERANCE.wgsl), 'a bias').toBeNull();
  });

  it('a non-finite hyperparameter is refused', async () => {
    const params = [{ name: 'p', shape: [4] }];
    await expect(WgslRunner.create(gpu!.device, ALL_REDUCTIONS, { params, hypers: { lr: Infinity } })).rejects.toThrow(
      /'lr' is Infinity/,
    );
  });
});

/** `n` chained reductions, each stage reading the value the one before computed. */
const chained = (n: number, global = false) =>
  program(
    [
      'def train(w, g, m):',
      '    x = g + 0.5 * m',
      ...Array.from({ length: n }, (_, k) => `    x = x / (${global && k % 2 ? 'global_norm' : 'norm'}(x) + 1)`),
      '    m = 0.9 * m + x',
      '    return 0.1 * x, m',
      '',
    ].join('\n'),
  );

describe('chained reductions', () => {
  // Each stage's tile pass writes the values later passes read (the `sc` binding) instead of every pass
  // recomputing the chain before it: 50 such statements took 120 s on lavapipe, 300 made 5.6 MB of WGSL.
  it('kernels and WGSL bytes grow linearly with the number of reductions (10, 20, 40)', () => {
    const sizes = [10, 20, 40].map((n) => {
      const { code, manifest } = compileProgram(chained(n), 'wgsl');
      expect(manifest.passes).toHaveLength(2 * n + 2);
      return code.length;
    });
    expect(sizes[2] - sizes[1]).toBeLessThanOrEqual(2.2 * (sizes[1] - sizes[0]));
  });

  // A driver compiles each pipeline through the whole module it is given: with one module for 2n + 2 passes,
  // 50 chained norms took 183 s to create on lavapipe; with a module per pass, 1 s.
  it('each pass is its own shader module, holding no other entry point', () => {
    const { manifest, passCode } = compileProgram(chained(40), 'wgsl');
    for (const { entryPoint } of manifest.passes) {
      const entries = [...passCode[entryPoint].matchAll(/@compute[^\n]*\nfn (\w+)\(/g)].map((m) => m[1]);
      expect(entries).toEqual([entryPoint]);
    }
  });

  it.skipIf(!gpu)('8 chained per-tensor and global norms match the interpreter, across chunks', async () => {
    const result = await differential(gpu!.device, {
      program: chained(8, true),
      sizes: SIZES,
      steps: 3,
      seed: 8,
      kernel: { maxChunkElements: 1000 },
    });
    expect(result).toMatchObject({ ok: true });
  });
});
