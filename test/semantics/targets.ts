// The targets the semantics tests run the representative optimizers on, as one table: the interpreter
// (float64), the tfjs target on tfjs's cpu backend, and the WGSL runner (when a WebGPU adapter exists; in
// CI a missing adapter fails, test/targets/wgsl/gpu.ts). Each test file calls `setUpTargets()` once.

import { afterAll, beforeAll } from 'vitest';
import type { Program } from '../../compiler/ir.ts';
import { TOLERANCE, type Tolerance } from '../../runtime/compare.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';
import { interpStepper, tfjsStepper, wgslStepper, type Stepper, type Values } from './steppers.ts';

export interface Target {
  name: string;
  tolerance: Tolerance;
  /** A stepper, or undefined when this machine lacks the target (never in CI). */
  make(program: Program, w0: readonly Float64Array[], values: Values): Promise<Stepper | undefined>;
}

let gpu: Gpu | undefined;

export function setUpTargets(): void {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    gpu = await testGpu();
  });
  afterAll(() => gpu?.destroy());
}

export const TARGETS: readonly Target[] = [
  { name: 'interpreter', tolerance: TOLERANCE.float64, make: async (p, w0, v) => interpStepper(p, w0, v) },
  { name: 'tfjs cpu', tolerance: TOLERANCE['tfjs-cpu'], make: async (p, w0, v) => tfjsStepper(p, w0, v) },
  {
    name: 'WGSL',
    tolerance: TOLERANCE.wgsl,
    make: async (p, w0, v) => (gpu ? wgslStepper(gpu.device, p, w0, v) : undefined),
  },
];
