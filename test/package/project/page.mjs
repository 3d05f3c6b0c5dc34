// A page's script in the user's project, bundled for a browser by the package test (esbuild, platform
// 'browser': a Node module anywhere in its imports fails the build): the module `optic compile` wrote and
// 'optic/browser', with @tensorflow/tfjs and its webgpu backend.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { parseProgram, WgslOptimizer } from 'optic/browser';
import Lion from './lion.js';

/** The two optimizers a page trains with: the compiled module's, and the WGSL kernel's on webgpu. */
export async function optimizers(source) {
  await tf.setBackend('webgpu');
  const options = { hypers: { lr: 0.02 } };
  return [new Lion(options), new WgslOptimizer(parseProgram(source, 'lion.opt'), options)];
}
