// `optic step --backend wgsl`: the CLI's stepper interface (runtime/cli/backends.ts) over the WGSL runner,
// one parameter tensor, float32. A step whose gradient holds a NaN or ±Inf is skipped on the GPU (the
// runner's 'skip' policy); the command then stops with a message rather than print weights the
// interpreter would not produce.

import type { Program } from '../../compiler/ir.ts';
import type { Stepper, StepperInit } from '../cli/backends.ts';
import { CliError } from '../cli/io.ts';
import { openGpu } from './device.ts';
import { WgslRunner } from './runner.ts';

export async function wgslStepper(program: Program, init: StepperInit): Promise<Stepper> {
  const gpu = await openGpu().catch((e: Error) => {
    throw new CliError(e.message);
  });
  let runner: WgslRunner;
  try {
    runner = await WgslRunner.create(gpu.device, program, {
      params: [{ name: program.signature.w, shape: [init.w.length] }],
      weights: [init.w],
      hypers: init.hypers,
      step: init.step,
      keepUpdate: true,
    });
  } catch (e) {
    gpu.destroy();
    throw e;
  }
  runner.write({ state: init.state.map((s) => [s]) });
  let w = Float64Array.from(init.w, Math.fround);
  let state = init.state.map((s) => Float64Array.from(s, Math.fround));
  let skipped = 0;
  return {
    async step(g, inputs) {
      runner.step([g], inputs);
      const snap = await runner.read();
      if (snap.skipped > skipped) {
        throw new CliError(
          `step ${snap.step}: the gradient has a NaN or ±Inf; the WGSL kernel skips such a step (optax's apply_if_finite), so there is no result to print`,
        );
      }
      skipped = snap.skipped;
      w = Float64Array.from(snap.w[0]);
      state = snap.state.map((s) => Float64Array.from(s[0]));
      return Float64Array.from(snap.update![0]);
    },
    weights: () => w,
    state: () => state,
    dispose() {
      runner.destroy();
      gpu.destroy();
    },
  };
}
