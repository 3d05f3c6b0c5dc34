// The fused WGSL kernel as a TensorFlow.js optimizer, without any setup: the part of 'optic/webgpu' that
// 'optic/browser' shares (in a browser the page sets tfjs's webgpu backend itself; in Node, useTfjsBackend).
// A kernel `optic compile --target wgsl --format json` wrote runs as a KernelOptimizer (also 'optic/kernel').

export {
  WgslOptimizer,
  type WgslOptimizerClass,
  type WgslOptimizerOptions,
  wgslOptimizerClass,
} from '../webgpu/optimizer.ts';
export { type ControlStatus, type NonFinitePolicy, NonFiniteError } from '../webgpu/monitor.ts';
export { KernelOptimizer, type KernelOptimizerClass, kernelOptimizerClass } from '../webgpu/kernel-optimizer.ts';
export { readKernel, type WgslKernel } from '../webgpu/kernel.ts';
