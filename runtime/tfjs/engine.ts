// The tfjs target as an engine (runtime/engine.ts), float32: the program runs as its optimizer class would in
// a model, one tf.Variable per model variable, state loaded with setWeights, per-step inputs set before each
// step. On tfjs's current backend, or the one `tfjsBackend` names. The last step's gradients stay on the
// backend until the next step (for `repeatStep`).

import * as tf from '@tensorflow/tfjs-core';
import { type Program, slotType } from '../../compiler/ir.ts';
import { slotShape } from '../../compiler/shape.ts';
import { type Engine, EngineError, type EngineInit, type EngineState, NOTHING_TO_REPEAT } from '../engine.ts';
import { groupMatches, type HyperGroup } from '../hypers.ts';
import { settleBackend, useTfjsBackend } from './backends.ts';
import { tfjsOptimizerClass } from './index.ts';

let instances = 0;

export async function tfjsEngine(program: Program, init: EngineInit): Promise<Engine> {
  if (init.tfjsBackend !== undefined) {
    const chosen = await useTfjsBackend(init.tfjsBackend === 'best' ? undefined : init.tfjsBackend).catch(
      (e: Error) => {
        throw new EngineError(e.message);
      },
    );
    init.note?.(`tfjs backend: ${chosen.description}`);
  }
  // tfjs's variable names are global: each engine's are its own, and groups see the model's names.
  const prefix = `optic-engine${instances++}/`;
  const names = init.params.map((p) => `${prefix}${p.name}`);
  const unprefixed = (g: HyperGroup<number>): HyperGroup<number> => ({
    set: g.set,
    match: (p) => groupMatches(g, { ...p, name: p.name.slice(prefix.length) }),
  });
  const opt = new (tfjsOptimizerClass(program, { math: init.math, level: init.level }))({
    hypers: init.hypers,
    groups: init.groups?.map(unprefixed),
    keepUpdates: init.keepUpdate,
  });
  const tensor = (data: ArrayLike<number>, t: number, shape: readonly number[] = init.params[t].shape) =>
    tf.tensor(Float32Array.from(data), [...shape], 'float32');
  /** Slot k's shape for variable t (rows [R, 1], cols [1, C]). */
  const stateShape = (k: number, t: number) => slotShape(slotType(program.signature, k), init.params[t].shape);
  const vars = init.params.map((_, t) => tf.tidy(() => tf.variable(tensor(init.w[t], t), true, names[t])));
  const slots = program.signature.state;
  /** The optimizer's counter and state (state absent: zeros, made by its first step). */
  const setState = async (step: number, state?: EngineState['state']) => {
    const weights = [
      { name: 'iter', tensor: tf.scalar(0, 'int32') },
      ...slots.flatMap((slot, k) =>
        state
          ? names.map((name, t) => ({ name: `${name}/${slot}`, tensor: tensor(state[k][t], t, stateShape(k, t)) }))
          : [],
      ),
    ];
    await opt.setWeights(weights);
    opt.setStep(step); // (not as setWeights' int32 `iter`: it wraps at 2^31)
    tf.dispose(weights.map((x) => x.tensor)); // the state variables hold their own copies
  };
  await setState(init.step ?? 1, init.state);
  const read = async (t: tf.Tensor) => Float64Array.from(await t.data());
  const zeros = (k: number) => names.map((_, t) => new Float64Array(stateShape(k, t).reduce((a, b) => a * b, 1)));
  /** The last step's gradients, kept on the backend for `repeatStep`. */
  let grads: { name: string; tensor: tf.Tensor }[] | undefined;
  const apply = (inputs: readonly number[]) => {
    program.signature.inputs.forEach((input, i) => opt.setHyper(input, inputs[i]));
    opt.applyGradients(grads!);
  };
  return {
    async step(g, inputs = []) {
      if (grads) tf.dispose(grads.map((x) => x.tensor));
      grads = g.map((data, t) => ({ name: names[t], tensor: tensor(data, t) }));
      apply(inputs);
    },
    async repeatStep(inputs = []) {
      if (!grads) throw new Error(NOTHING_TO_REPEAT);
      apply(inputs);
    },
    settle: settleBackend,
    async read() {
      const stateOf = (name: string, k: number) => opt.slots.get(name)?.[k];
      return {
        step: opt.iterations + 1,
        w: await Promise.all(vars.map(read)),
        state: await Promise.all(
          slots.map(async (_, k) =>
            names.every((n) => stateOf(n, k)) ? Promise.all(names.map((n) => read(stateOf(n, k)!))) : zeros(k),
          ),
        ),
        ...(init.keepUpdate && opt.lastUpdates.size > 0
          ? { update: await Promise.all(names.map((n) => read(opt.lastUpdates.get(n)!))) }
          : {}),
      };
    },
    async load(state) {
      vars.forEach((v, t) => tf.tidy(() => v.assign(tensor(state.w[t], t))));
      await setState(state.step, state.state);
    },
    dispose() {
      if (grads) tf.dispose(grads.map((x) => x.tensor));
      opt.dispose();
      tf.dispose(vars);
    },
  };
}
