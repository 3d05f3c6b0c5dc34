// The reference interpreter as a stateful optimizer (interp.ts evaluates one step): state at zero for the
// parameter tensors' shapes, then step after step with the weights updated in place.

import { slotType, type Program } from '../compiler/ir.ts';
import { matrixView, valueLength } from '../compiler/shape.ts';
import { type HyperValues, hyperSpec, hyperValues } from './hypers.ts';
import { type EvalOptions, evaluate, type StepOutputs } from './interp.ts';

/**
 * Every state slot at zero, [slot][tensor], for parameter tensors like `w` (of these shapes; absent, 1-D): as
 * many numbers per tensor as the slot's type holds (a rows slot of a 1000×1000 matrix: 1,000).
 */
export function zeroState(
  program: Program,
  w: readonly { readonly length: number }[],
  shapes?: readonly (readonly number[])[],
): Float64Array[][] {
  const views = w.map((t, i) => matrixView(shapes?.[i] ?? [t.length]));
  return program.signature.state.map((_, k) =>
    views.map((view) => new Float64Array(valueLength(slotType(program.signature, k), view))),
  );
}

export interface RunOptions extends EvalOptions {
  /** Each parameter tensor's shape (StepInputs `shapes`); absent, each is 1-D. */
  shapes?: readonly (readonly number[])[];
  /** Hyperparameter values by name; declared defaults fill the rest (runtime/hypers.ts). */
  hypers?: HyperValues<number>;
  /** Per-tensor hyperparameter values ([tensor][hyper]) for parameter groups (runtime/hypers.ts). */
  hypersPerTensor?: readonly (readonly number[])[];
  /** The first step's counter (default 1). */
  step?: number;
}

/**
 * A stateful optimizer over the interpreter, as a training loop uses it (seeds/000, Program 2): state starts
 * at zero, each `step(g)` computes the update, applies `w ← w − update` and advances the step counter.
 */
export class Interpreter {
  readonly w: Float64Array[];
  state: Float64Array[][];
  stateTaint?: Uint8Array[][];
  stateNear?: Uint8Array[][];
  stepCount: number;
  hypers: number[];

  constructor(
    readonly program: Program,
    w: readonly Float64Array[],
    private readonly options: RunOptions = {},
  ) {
    // In float32 mode the weights are float32 from the start, as a float32 target holds them.
    const round = options.precision === 'float32' ? Math.fround : (x: number) => x;
    this.w = w.map((t) => Float64Array.from(t, round));
    this.state = zeroState(program, w, options.shapes);
    this.stepCount = options.step ?? 1;
    this.hypers = hyperValues(hyperSpec(program), options.hypers);
  }

  /** One step with gradient `g` and this step's scalar inputs; returns the update that was applied. */
  step(g: readonly Float64Array[], inputs: readonly number[] = []): StepOutputs {
    const out = evaluate(
      this.program,
      {
        w: this.w,
        g,
        shapes: this.options.shapes,
        state: this.state,
        inputs,
        hypers: this.hypers,
        hypersPerTensor: this.options.hypersPerTensor,
        step: this.stepCount,
        stateTaint: this.stateTaint,
        stateNear: this.stateNear,
      },
      this.options,
    );
    const round = this.options.precision === 'float32' ? Math.fround : (x: number) => x;
    this.w.forEach((t, i) => {
      for (let j = 0; j < t.length; j++) t[j] = round(t[j] - out.update[i][j]);
    });
    this.state = out.state;
    this.stateTaint = out.stateTaint;
    this.stateNear = out.stateNear;
    this.stepCount++;
    return out;
  }
}
