// optic programs as TensorFlow.js optimizers, at run time: the class is built from the generated step
// function (compiler/targets/tfjs.ts, instantiated with `new Function`) and optimizer.ts, the same pieces
// `optic compile --target tfjs` prints (module.ts).
//
//   const Lion = tfjsOptimizerClass(program);              // a tf.train.Optimizer subclass
//   model.compile({ optimizer: new Lion({ hypers: { lr: 1e-4 }, groups: [NO_DECAY_FOR_VECTORS('λ')] }), … });

import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../compiler/ir.ts';
import { compileProgram, type TargetOptions } from '../../compiler/pipeline.ts';
import type { TfjsOptions } from '../../compiler/targets/tfjs.ts';
import {
  defineOpticOptimizer,
  type OpticOptimizerClass,
  type OpticOptimizerOptions,
  type OpticStep,
} from './optimizer.ts';

export { linearDecay, sgdr, warmupCosineDecay, type Schedule } from '../schedules.ts';
export { NO_DECAY_FOR_VECTORS, type HyperGroup, type HyperValue } from '../hypers.ts';
export type { OpticOptimizer, OpticOptimizerClass, OpticOptimizerOptions } from './optimizer.ts';

/** The step function a generated source defines. The source is compiler output: only mangled identifiers. */
export function instantiateStep(source: string): OpticStep {
  return new Function(`${source}\nreturn opticStep;`)() as OpticStep;
}

/** The program's optimizer class, registered with tf.serialization so saved models reload with it. */
export function tfjsOptimizerClass(program: Program, options: TargetOptions<'tfjs'> = {}): OpticOptimizerClass {
  const { spec, step } = compileProgram(program, 'tfjs', options);
  const cls = defineOpticOptimizer(tf, spec, instantiateStep(step));
  tf.serialization.registerClass(cls);
  return cls;
}

/** An optimizer instance for `program`. */
export function tfjsOptimizer(program: Program, options: OpticOptimizerOptions & TfjsOptions = {}) {
  const { math, ...rest } = options;
  return new (tfjsOptimizerClass(program, { math }))(rest);
}
