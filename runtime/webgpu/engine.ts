// The WGSL runner as an engine (runtime/engine.ts), float32: the fused kernel on a WebGPU device, the one
// given or a new one. A step whose gradient holds a NaN or ±Inf is skipped on the GPU (the runner's 'skip'
// policy, optax's apply_if_finite) unless `ignoreNonFinite`; `read()` then shows a counter that did not move.

import type { Program } from '../../compiler/ir.ts';
import { type Engine, EngineError, type EngineInit, NOTHING_TO_REPEAT } from '../engine.ts';
import { openGpu } from './device.ts';
import { WgslRunner } from './runner.ts';

export async function wgslEngine(program: Program, init: EngineInit): Promise<Engine> {
  const gpu = init.device
    ? undefined
    : await openGpu().catch((e: Error) => {
        throw new EngineError(e.message);
      });
  const device = init.device ?? gpu!.device;
  let runner: WgslRunner;
  try {
    runner = await WgslRunner.create(device, program, {
      params: init.params,
      weights: init.w,
      hypers: init.hypers,
      groups: init.groups,
      step: init.step,
      keepUpdate: init.keepUpdate,
      math: init.math,
      level: init.level,
      ...init.kernel,
      policy: init.ignoreNonFinite ? 'ignore' : 'skip',
    });
  } catch (e) {
    gpu?.destroy();
    throw e;
  }
  if (init.state) runner.write({ state: init.state });
  let stepped = false;
  return {
    async step(g, inputs = []) {
      runner.step(g, inputs);
      stepped = true;
    },
    async repeatStep(inputs = []) {
      if (!stepped) throw new Error(NOTHING_TO_REPEAT);
      runner.stepOnGpu(inputs); // the gradient buffers still hold the last step's
    },
    settle: () => device.queue.onSubmittedWorkDone(),
    async read() {
      const snap = await runner.read();
      const f64 = (ts: readonly Float32Array[]) => ts.map((t) => Float64Array.from(t));
      return {
        step: snap.step,
        w: f64(snap.w),
        state: snap.state.map(f64),
        ...(snap.update ? { update: f64(snap.update) } : {}),
      };
    },
    async load(state) {
      runner.setState(state);
    },
    dispose() {
      runner.destroy();
      gpu?.destroy();
    },
  };
}
