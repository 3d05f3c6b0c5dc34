// A program's WGSL step on a model's parameters: the program compiled to its fused kernel (compiler/
// pipeline.ts), then run by kernel-runner.ts. `WgslRunner` is that runner with the compile in front; what
// the runner does lives in KernelRunner, which a page uses with a kernel `optic compile --format json` wrote.

import type { Program } from '../../compiler/ir.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { compileProgram, type PipelineOptions } from '../../compiler/pipeline.ts';
import { type TileShape, tileFor } from '../../compiler/targets/wgsl-tiles.ts';
import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import { KernelRunner, type KernelRunnerOptions } from './kernel-runner.ts';

export type { Snapshot } from './kernel-runner.ts';

export interface RunnerOptions extends KernelRunnerOptions {
  math?: MathMode;
  /** How far to simplify the program before emitting it (default 'exact'; 'none': as given). */
  level?: PipelineOptions['level'];
  /** Keep each step's update in a buffer, for `read()` to return (costs one more write per element). */
  keepUpdate?: boolean;
  /** The kernels' tile shape (default: the one for the device's adapter, wgsl-tiles.ts `tileFor`). */
  tile?: TileShape;
  /** Run the program's traffic twin instead (WgslOptions.traffic: `optic bench`'s limit; wrong weights). */
  traffic?: boolean;
  /** false: the step without its non-finite checks (WgslOptions.checks: `optic bench`'s measure of their cost). */
  checks?: boolean;
}

/** The program's WGSL module as the runner's options ask for it (without a tile: the GPU default). */
export const runnerModule = (program: Program, options: RunnerOptions): WgslModule =>
  compileProgram(program, 'wgsl', {
    math: options.math,
    level: options.level,
    writeUpdate: options.keepUpdate,
    tile: options.tile,
    traffic: options.traffic,
    checks: options.checks,
  });

/** The options with the tile for the device's adapter where they ask for none (wgsl-tiles.ts `tileFor`). */
const forDevice = (device: GPUDevice, options: RunnerOptions): RunnerOptions => ({
  ...options,
  tile: options.tile ?? tileFor(device.adapterInfo),
});

export type WgslRunner = KernelRunner;

export const WgslRunner = {
  /** Compiles the program, creates everything and checks the shader's compilation messages and WebGPU's validation. */
  create(device: GPUDevice, program: Program, options: RunnerOptions): Promise<WgslRunner> {
    return KernelRunner.fromModule(device, program, runnerModule(program, forDevice(device, options)), options);
  },

  /** The same without waiting (for tfjs's synchronous applyGradients); errors surface as WebGPU errors. */
  createSync(device: GPUDevice, program: Program, options: RunnerOptions, module?: WgslModule): WgslRunner {
    return KernelRunner.fromModuleSync(
      device,
      program,
      module ?? runnerModule(program, forDevice(device, options)),
      options,
    );
  },
};
