// The engines by name (runtime/engine.ts): adding a target is adding one entry. The compiled ones are loaded
// on demand: tfjs and Dawn take a moment to import.

import type { Program } from '../compiler/ir.ts';
import { type Engine, type EngineInit, type EngineName, NOTHING_TO_REPEAT, type OpenEngine } from './engine.ts';
import { hyperSpec, hypersPerTensor } from './hypers.ts';
import { Interpreter } from './interpreter.ts';

/** The reference interpreter (float64, or float32 rounding every op). */
async function interp(program: Program, init: EngineInit): Promise<Engine> {
  const table = hypersPerTensor(hyperSpec(program), init.params, init.hypers, init.groups);
  const run = new Interpreter(
    program,
    init.w.map((t) => Float64Array.from(t)),
    {
      hypers: init.hypers,
      hypersPerTensor: table,
      step: init.step,
      precision: init.precision,
      math: init.math,
      shapes: init.params.map((p) => p.shape),
    },
  );
  const round = init.precision === 'float32' ? Math.fround : (x: number) => x;
  const copy = (ts: readonly ArrayLike<number>[]) => ts.map((t) => Float64Array.from(t));
  if (init.state) run.state = init.state.map(copy);
  let last: { g: Float64Array[]; update?: Float64Array[] } | undefined;
  const step = async (g: Float64Array[], inputs: readonly number[] = []) => {
    last = { g, update: run.step(g, inputs).update };
  };
  return {
    step: (g, inputs) => step(copy(g), inputs),
    async repeatStep(inputs) {
      if (!last) throw new Error(NOTHING_TO_REPEAT);
      await step(last.g, inputs);
    },
    settle: async () => {},
    read: async () => ({
      step: run.stepCount,
      w: copy(run.w),
      state: run.state.map(copy),
      ...(last?.update ? { update: last.update } : {}),
    }),
    async load(state) {
      state.w.forEach((t, i) => {
        run.w[i] = Float64Array.from(t, round);
      });
      run.state = state.state.map(copy);
      run.stepCount = state.step;
    },
    dispose: () => {},
  };
}

export const ENGINES: Readonly<Record<EngineName, OpenEngine>> = {
  interp,
  tfjs: async (program, init) => (await import('./tfjs/engine.ts')).tfjsEngine(program, init),
  wgsl: async (program, init) => (await import('./webgpu/engine.ts')).wgslEngine(program, init),
};

/** Opens engine `name` for `program`. */
export function openEngine(name: EngineName, program: Program, init: EngineInit): Promise<Engine> {
  return ENGINES[name](program, init);
}
