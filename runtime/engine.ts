// What runs an optimizer program, step by step, over a model's variables: the reference interpreter, the tfjs
// target or the fused WGSL kernel, behind one interface (runtime/engines.ts opens them by name). `optic step`,
// the semantics tests, the differential harnesses, the bench and training drive every engine the same way: open
// it with the initial weights, state and hyperparameter values, step it with host gradients, read weights and
// state back, load them again (a checkpoint, or a differential continuing from the reference's values).

import type { Program } from '../compiler/ir.ts';
import type { MathMode } from '../compiler/ops.ts';
import type { PipelineOptions } from '../compiler/pipeline.ts';
import type { HyperGroup, HyperValues, ParamInfo } from './hypers.ts';
import type { Precision } from './interp.ts';
import type { RunnerOptions } from './webgpu/runner.ts';

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
  /**
   * How far the compiled engines simplify the program before emitting it (default 'exact'); 'none' runs it as
   * given, as the interpreter always does (a differential that simplifies on its own side).
   */
  level?: PipelineOptions['level'];
  /** interp: its arithmetic (default float64); the compiled engines compute in float32. */
  precision?: Precision;
  /** tfjs: switch to this tfjs backend first ('best': the best available); tfjs's current one when absent. */
  tfjsBackend?: string;
  /** wgsl: the device to run on (not destroyed with the engine); a new one when absent. */
  device?: GPUDevice;
  /** wgsl: let non-finite gradients through instead of skipping the step (the runner's 'ignore' policy). */
  ignoreNonFinite?: boolean;
  /** wgsl: the runner's scheduling knobs (tile shape, buffer stagger, device limits), for tests and the bench. */
  kernel?: Pick<RunnerOptions, 'tile' | 'stagger' | 'maxChunkElements' | 'maxWorkgroups' | 'traffic' | 'checks'>;
  /** Where an engine says what it chose (a backend, an adapter). */
  note?: (message: string) => void;
}

/** Where an engine stands: what `load()` takes (a snapshot `read()` returned will do). */
export interface EngineState {
  /** The counter of the next step. */
  step: number;
  w: readonly ArrayLike<number>[];
  /** [slot][variable] */
  state: readonly (readonly ArrayLike<number>[])[];
}

/** What `read()` returns: host copies. */
export interface EngineSnapshot extends EngineState {
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
  /**
   * One more step with the last step's gradients, which stay where the engine keeps them (on the device for
   * the compiled engines): a step as training on the device costs it, without the upload (what the bench times).
   */
  repeatStep(inputs?: readonly number[]): Promise<void>;
  /** Resolves when the engine has finished every step so far; copies nothing back (a timed step ends here). */
  settle(): Promise<void>;
  /** Weights, state and the counter (waits for the engine). */
  read(): Promise<EngineSnapshot>;
  /** Replaces weights, state and the step counter: the next step continues from `state`. */
  load(state: EngineState): Promise<void>;
  /** Releases what the engine holds (tensors, GPU buffers). */
  dispose(): void;
}

/** What `repeatStep` throws before the first step. */
export const NOTHING_TO_REPEAT = 'repeatStep: no step to repeat yet (step once with gradients first)';

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
