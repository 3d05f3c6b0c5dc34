// The fused WGSL kernel as a TensorFlow.js optimizer, without any setup: the part of 'optic/webgpu' that
// 'optic/browser' shares (in a browser the page sets tfjs's webgpu backend itself; in Node, useTfjsBackend).

export {
  WgslOptimizer,
  type WgslOptimizerClass,
  type WgslOptimizerOptions,
  wgslOptimizerClass,
} from '../webgpu/optimizer.ts';
export { type ControlStatus, type NonFinitePolicy, NonFiniteError } from '../webgpu/monitor.ts';
