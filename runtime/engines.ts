// The engines by name (runtime/engine.ts): adding a target is adding one entry. The compiled ones are loaded
// on demand: tfjs and Dawn take a moment to import.

import type { Program } from '../compiler/ir.ts';
import type { Engine, EngineInit, EngineName, OpenEngine } from './engine.ts';
import { hyperSpec, hypersPerTensor } from './hypers.ts';
import { Interpreter } from './interp.ts';

/** The reference interpreter (float64, or float32 rounding every op). */
async function interp(program: Program, init: EngineInit): Promise<Engine> {
  const table = hypersPerTensor(hyperSpec(program), init.params, init.hypers, init.groups);
  const run = new Interpreter(
    program,
    init.w.map((t) => Float64Array.from(t)),
    { hypers: init.hypers, hypersPerTensor: table, step: init.step, precision: init.precision, math: init.math },
  );
  if (init.state) run.state = init.state.map((slot) => slot.map((t) => Float64Array.from(t)));
  let update: Float64Array[] | undefined;
  return {
    async step(g, inputs = []) {
      update = run.step(
        g.map((t) => Float64Array.from(t)),
        inputs,
      ).update;
    },
    read: async () => ({
      step: run.stepCount,
      w: run.w.map((t) => Float64Array.from(t)),
      state: run.state.map((slot) => slot.map((t) => Float64Array.from(t))),
      ...(update ? { update } : {}),
    }),
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
