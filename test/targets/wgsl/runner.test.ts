// runtime/webgpu/runner.ts: the runner's options reach the WGSL target (keepUpdate as writeUpdate, the tile
// shape, the traffic twin, the checks, the math mode, the simplification level), and WgslRunner.createSync, the
// runner without waiting (tfjs's synchronous applyGradients), runs the module it is given or the program
// compiled as its options ask (the tile for the device's adapter where they ask for none).

import { afterAll, describe, expect, it } from 'vitest';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { tileFor, tileVec4s } from '../../../compiler/targets/wgsl-tiles.ts';
import { runnerModule, WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

// A division (protected math), a foldable `1 * g` (level 'none' keeps it), per-element state.
const MOMENTUM = programOf(
  'def train(w, g, m):\n    m = 0.9 * m + 1 * g\n    return 0.1 * m / (abs(w) + 1e-3), m\n',
  'momentum.opt',
);
const params = [{ name: 'w', shape: [6] }];

describe('runnerModule', () => {
  it.each([
    [{ keepUpdate: true }, { writeUpdate: true }],
    [{ tile: { workgroup: 32, perThread: 2 } }, { tile: { workgroup: 32, perThread: 2 } }],
    [{ traffic: true }, { traffic: true }],
    [{ checks: false }, { checks: false }],
    [{ math: 'protected' as const }, { math: 'protected' as const }],
    [{ level: 'none' as const }, { level: 'none' as const }],
  ])('%o is the WGSL target with %o, another module than the default', (option, target) => {
    const module = runnerModule(MOMENTUM, { params, ...option });
    expect(module).toEqual(compileProgram(MOMENTUM, 'wgsl', target));
    expect(module.code).not.toBe(runnerModule(MOMENTUM, { params }).code);
  });
});

describe.skipIf(!gpu)('WgslRunner.createSync', () => {
  const g = Float32Array.from({ length: 6 }, (_, i) => i - 2.5);
  const weights = [Float32Array.from({ length: 6 }, (_, i) => 0.25 * i - 1)];

  it('compiles the program as its options ask, and steps as WgslRunner.create does', async () => {
    const made = await WgslRunner.create(gpu!.device, MOMENTUM, { params, weights, keepUpdate: true });
    const sync = WgslRunner.createSync(gpu!.device, MOMENTUM, { params, weights, keepUpdate: true });
    for (const r of [made, sync]) r.step([g]);
    const [a, b] = [await made.read(), await sync.read()];
    expect(b.update).toBeDefined();
    expect(b).toEqual(a);
    expect(b.step).toBe(2);
    made.destroy();
    sync.destroy();
  });

  it("compiles for the device's adapter where the options ask for no tile; an explicit tile wins", () => {
    const auto = WgslRunner.createSync(gpu!.device, MOMENTUM, { params });
    expect(auto.module.manifest.tileVec4s).toBe(tileVec4s(tileFor(gpu!.device.adapterInfo)));
    auto.destroy();
    const tile = { workgroup: 32, perThread: 2 };
    const fixed = WgslRunner.createSync(gpu!.device, MOMENTUM, { params, tile });
    expect(fixed.module.manifest.tileVec4s).toBe(64);
    fixed.destroy();
  });

  it('runs the module it is given instead', async () => {
    const module = runnerModule(MOMENTUM, { params, keepUpdate: true });
    const runner = WgslRunner.createSync(gpu!.device, MOMENTUM, { params, weights }, module);
    runner.step([g]);
    const { update } = await runner.read();
    // Without the module the options would compile one that keeps no update.
    expect(update?.[0].length).toBe(6);
    expect(update?.[0][0]).toBeCloseTo((0.1 * -2.5) / (1 + 1e-3), 6);
    runner.destroy();
  });
});
