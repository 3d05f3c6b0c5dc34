// 'optic/kernel': a compiled WGSL kernel run without optic's compiler — the file `optic compile --target wgsl
// --format json` writes (the module, each pass's code, the manifest, the program's class name and fingerprint),
// loaded and run as a TensorFlow.js optimizer on tfjs's webgpu backend, or by KernelRunner on any GPUDevice.
// No parser, no passes, no code generator, no Node module: a page bundles this and the kernel.
//
//   import lionKernel from './lion.kernel.json';   // optic compile lion.opt --target wgsl --format json -o lion.kernel.json
//   import { KernelOptimizer, readKernel } from 'optic/kernel';
//   await tf.setBackend('webgpu');
//   model.compile({ optimizer: new KernelOptimizer(readKernel(lionKernel), { hypers: { lr: 1e-3 } }), … });

export { KERNEL_FORMAT, readKernel, type WgslKernel } from '../webgpu/kernel.ts';
export {
  KernelOptimizer,
  type KernelOptimizerClass,
  kernelOptimizerClass,
  type WgslOptimizerOptions,
} from '../webgpu/kernel-optimizer.ts';
export { KernelRunner, type KernelRunnerOptions, type Snapshot } from '../webgpu/kernel-runner.ts';
export { type ControlStatus, type NonFinitePolicy, NonFiniteError } from '../webgpu/monitor.ts';
export { HyperError, type HyperGroup, type HyperValue, NO_DECAY_FOR_VECTORS } from '../hypers.ts';
export { linearDecay, type Schedule, sgdr, warmupCosineDecay } from '../schedules.ts';
