// tfjs's own Adam as a training baseline: `tf.train.adam` in place of a program path (`optic train
// tf.train.adam`, `optic compare programs/adamw.opt tf.train.adam`) trains the same model, data and loop with
// tf.train.adam, so that a compiled program's time per epoch can be set against tfjs's (issue 9: at most 1.1×).
// Its hyperparameters take tfjs's defaults and the programs' names, so `--set lr=…` means the same thing.

import * as tf from '@tensorflow/tfjs-core';
import { checkHypers, type HyperSpec } from '../hypers.ts';

export const BASELINE = 'tf.train.adam';

/** tf.train.adam's defaults (ε: tfjs's backend epsilon, 1e-7 for float32). */
export const BASELINE_HYPERS: Readonly<Record<string, number>> = { lr: 0.001, β1: 0.9, β2: 0.999, ε: 1e-7 };

/** Its hyperparameters as a program's are described, for the --set checks every command makes. */
export const BASELINE_SPEC: HyperSpec = {
  file: BASELINE,
  hypers: Object.entries(BASELINE_HYPERS).map(([name, value]) => ({ name, default: value })),
};

export const isBaseline = (program: string): boolean => program === BASELINE;

/** The hyperparameter values `--set` gives over the defaults; a HyperError for a name tf.train.adam lacks. */
export function baselineValues(set: Readonly<Record<string, number>>): Record<string, number> {
  checkHypers(BASELINE_SPEC, set);
  return { ...BASELINE_HYPERS, ...set };
}

export function baselineOptimizer(values: Readonly<Record<string, number>>): tf.Optimizer {
  return tf.train.adam(values.lr, values.β1, values.β2, values.ε);
}
