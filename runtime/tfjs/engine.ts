// The tfjs target as an engine (runtime/engine.ts), float32: the program runs as its optimizer class would in
// a model, one tf.Variable per model variable, state loaded with setWeights, per-step inputs set before each
// step. On tfjs's current backend, or the one `tfjsBackend` names.

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import { type Engine, EngineError, type EngineInit } from '../engine.ts';
import { groupMatches, type HyperGroup } from '../hypers.ts';
import { useTfjsBackend } from './backends.ts';
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
  const opt = new (tfjsOptimizerClass(program, { math: init.math }))({
    hypers: init.hypers,
    groups: init.groups?.map(unprefixed),
    keepUpdates: init.keepUpdate,
  });
  const vars = init.params.map((p, t) =>
    tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(init.w[t]), [...p.shape], 'float32'), true, names[t])),
  );
  const slots = program.signature.state;
  const initial = [
    { name: 'iter', tensor: tf.scalar((init.step ?? 1) - 1, 'int32') },
    ...slots.flatMap((slot, k) =>
      init.state
        ? names.map((name, t) => ({
            name: `${name}/${slot}`,
            tensor: tf.tensor(Float32Array.from(init.state![k][t]), [...init.params[t].shape], 'float32'),
          }))
        : [],
    ),
  ];
  await opt.setWeights(initial);
  tf.dispose(initial.map((x) => x.tensor)); // the state variables hold their own copies
  const read = async (t: tf.Tensor) => Float64Array.from(await t.data());
  const zeros = () => names.map((_, t) => new Float64Array(init.w[t].length));
  return {
    async step(g, inputs = []) {
      program.signature.inputs.forEach((input, i) => opt.setHyper(input, inputs[i]));
      const grads = g.map((data, t) => ({
        name: names[t],
        tensor: tf.tensor(Float32Array.from(data), [...init.params[t].shape], 'float32'),
      }));
      opt.applyGradients(grads);
      tf.dispose(grads.map((x) => x.tensor));
    },
    async read() {
      const stateOf = (name: string, k: number) => opt.slots.get(name)?.[k];
      return {
        step: opt.iterations + 1,
        w: await Promise.all(vars.map(read)),
        state: await Promise.all(
          slots.map(async (_, k) =>
            names.every((n) => stateOf(n, k)) ? Promise.all(names.map((n) => read(stateOf(n, k)!))) : zeros(),
          ),
        ),
        ...(init.keepUpdate && opt.lastUpdates.size > 0
          ? { update: await Promise.all(names.map((n) => read(opt.lastUpdates.get(n)!))) }
          : {}),
      };
    },
    dispose() {
      opt.dispose();
      tf.dispose(vars);
    },
  };
}
