// 'optic/tfjs': optic programs as TensorFlow.js optimizers (tf.train.Optimizer subclasses), built at run time
// from a Program (no file written), registered with tf.serialization, and the schedules and groups they take.
// tfjs-core is a peer dependency: the user's @tensorflow/tfjs, tfjs-node or tfjs-node-gpu provides it.
//
//   import { readProgram } from 'optic';
//   import { tfjsOptimizer } from 'optic/tfjs';
//   model.compile({ optimizer: tfjsOptimizer(readProgram('lion.opt'), { hypers: { lr: 1e-4 } }), loss: 'meanSquaredError' });

export * from '../tfjs/index.ts';
export { tfjsModule } from '../tfjs/module.ts';
export { HyperError } from '../hypers.ts';
