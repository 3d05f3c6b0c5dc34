// A page's script that runs the WGSL kernel `optic compile --target wgsl --format json` wrote, through
// 'optic/kernel': bundled for a browser by the package test, which checks that no compiler came with it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { KernelOptimizer, readKernel } from 'optic/kernel';
import lionKernel from './lion.kernel.json';

/** The WGSL kernel's optimizer, on webgpu. */
export async function optimizer() {
  await tf.setBackend('webgpu');
  return new KernelOptimizer(readKernel(lionKernel), { hypers: { lr: 0.02 } });
}
