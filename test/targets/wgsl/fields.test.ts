// Struct fields by name (runtime/webgpu/fields.ts): a view writes and reads each field at the manifest's offset
// as its type, and refuses names and values the struct cannot hold; the runner's writes by name (the step
// counter, per-step inputs, special constants, the hyperparameter table) land where the kernel reads them, seen
// in the weights a step leaves.

import { afterAll, describe, expect, it } from 'vitest';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { fieldView } from '../../../runtime/webgpu/fields.ts';
import { WgslRunner } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

// Each value read by name lands in its own decimal digits of the update (g = 1): a field read at the wrong
// place shows as a wrong digit. `min(g, 1e39)` reads the special constant +Inf (no WGSL literal): were its bits
// not written, it would read 0 and the update would be 0.
const PROBE = programOf(`η = 3
def train(w, g, a, b):
    return min(g, 1e39) * (a * 1000 + b * 100 + η * 10 + step)
`);

describe('fieldView', () => {
  const { manifest } = compileProgram(PROBE, 'wgsl');

  it('writes each field at its manifest offset, as its type', () => {
    const params = fieldView(manifest, 'Params').set('n_tensors', 7).set('in1_b', 2.5);
    const at = (name: string) => manifest.params.fields.find((f) => f.name === name)!.offset;
    const data = new DataView(params.bytes);
    expect(params.bytes.byteLength).toBe(manifest.params.size);
    expect(data.getUint32(at('n_tensors'), true)).toBe(7);
    expect(data.getFloat32(at('in1_b'), true)).toBe(2.5);
    expect([params.get('n_tensors'), params.get('in1_b'), params.get('in0_a')]).toEqual([7, 2.5, 0]);
    expect(params.range('in1_b')).toEqual({ offset: at('in1_b'), bytes: Float32Array.of(2.5).buffer });
  });

  it('reads a copy of a buffer the GPU filled', () => {
    const bytes = new Uint32Array(manifest.control.size / 4);
    bytes[manifest.control.fields.find((f) => f.name === 'skipped')!.offset / 4] = 5;
    expect(fieldView(manifest, 'Control', bytes).get('skipped')).toBe(5);
  });

  it('refuses an unknown field, a u32 that is no whole number in range, and a buffer too small', () => {
    const control = fieldView(manifest, 'Control');
    expect(() => control.set('steps', 1)).toThrow(
      "Control has no field 'steps' (fields: flag, step, step_hi, skipped, seen, carry_x, carry_y, carry_z)",
    );
    for (const bad of [-1, 1.5, 2 ** 32, NaN]) expect(() => control.set('step', bad)).toThrow(/Control.step is a u32/);
    expect(() => fieldView(manifest, 'Control', new ArrayBuffer(8))).toThrow(/8 bytes, the manifest's layout needs 32/);
  });
});

describe.skipIf(!gpu)('the runner writes fields by name where the kernel reads them', () => {
  it('step counter, per-step inputs, special constant and hyperparameters, per tensor', async () => {
    const params = [
      { name: 'dense/kernel', shape: [2, 3] },
      { name: 'dense/bias', shape: [5] },
    ];
    const runner = await WgslRunner.create(gpu!.device, PROBE, {
      params,
      step: 7,
      groups: [{ match: '*/bias', set: { η: 5 } }],
    });
    const ones = params.map((p) => new Float32Array(p.shape.reduce((a, b) => a * b, 1)).fill(1));
    runner.step(ones, [1, 2]);
    let snap = await runner.read();
    expect(snap.step).toBe(8);
    expect(snap.w.map((w) => w[0])).toEqual([-1237, -1257]);
    runner.setStep(40);
    runner.step(ones, [3, 4]);
    snap = await runner.read();
    expect(snap.step).toBe(41);
    expect(snap.w.map((w) => [...new Set(w)])).toEqual([[-1237 - 3470], [-1257 - 3490]]);
    runner.destroy();
  });
});
