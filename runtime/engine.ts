// What runs an optimizer program, step by step, over a model's variables: the reference interpreter, the tfjs
// target or the fused WGSL kernel, behind one interface (runtime/engines.ts opens them by name). `optic step`,
// the semantics tests and training drive every engine the same way: open it with the initial weights, state
// and hyperparameter values, step it with host gradients, read weights and state back.

import type { Program } from '../compiler/ir.ts';
import type { MathMode } from '../compiler/ops.ts';
import type { HyperGroup, HyperValues, ParamInfo } from './hypers.ts';
import type { Precision } from './interp.ts';

export type EngineName = 'interp' | 'tfjs' | 'wgsl';

export interface EngineInit {
  /** The model's variables: names (for hyperparameter groups) and shapes. */
  params: readonly ParamInfo[];
  /** Initial weights, one flat array per variable. */
  w: readonly ArrayLike<number>[];
  /** Initial state, [slot][variable]; zeros when absent. */
  state?: readonly (readonly ArrayLike<number>[])[];
  /** Hyperparameter values by name and per-variable groups (runtime/hypers.ts); declared defaults fill the rest. */
  hypers?: HyperValues<number>;
  groups?: readonly HyperGroup<number>[];
  /** The counter of the first step (default 1). */
  step?: number;
  /** Keep each step's update, for `read()` to return (costs memory on the compiled engines). */
  keepUpdate?: boolean;
  /** IEEE (default) or Hero's protected division, logarithms and square roots, on every engine. */
  math?: MathMode;
  /** interp: its arithmetic (default float64); the compiled engines compute in float32. */
  precision?: Precision;
  /** tfjs: switch to this tfjs backend first ('best': the best available); tfjs's current one when absent. */
  tfjsBackend?: string;
  /** wgsl: the device to run on (not destroyed with the engine); a new one when absent. */
  device?: GPUDevice;
  /** wgsl: let non-finite gradients through instead of skipping the step (the runner's 'ignore' policy). */
  ignoreNonFinite?: boolean;
  /** Where an engine says what it chose (a backend, an adapter). */
  note?: (message: string) => void;
}

/** What `read()` returns: host copies. */
export interface EngineSnapshot {
  /** The counter of the next step: a step the engine skipped (a non-finite gradient on WGSL) does not count. */
  step: number;
  w: Float64Array[];
  /** [slot][variable] */
  state: Float64Array[][];
  /** The last step's update per variable (keepUpdate only). */
  update?: Float64Array[];
}

export interface Engine {
  /** One step with these gradients (one per variable) and per-step inputs: w ← w − update. */
  step(g: readonly ArrayLike<number>[], inputs?: readonly number[]): Promise<void>;
  /** Weights, state and the counter (waits for the engine). */
  read(): Promise<EngineSnapshot>;
  /** Releases what the engine holds (tensors, GPU buffers). */
  dispose(): void;
}

export type OpenEngine = (program: Program, init: EngineInit) => Promise<Engine>;

/**
 * A failure that is the environment's or the input's, not a bug in optic (no WebGPU adapter, an unknown tfjs
 * backend): a command reports its message as a user error.
 */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}
