// 'optic/webgpu': the fused WGSL kernel as a TensorFlow.js optimizer on tfjs's webgpu backend, and the setup
// that turns that backend on in Node (navigator.gpu from the `webgpu` package, Dawn) or in a browser.
//
//   import { useTfjsBackend, WgslOptimizer } from 'optic/webgpu';
//   await useTfjsBackend('webgpu');
//   model.compile({ optimizer: new WgslOptimizer(readProgram('lion.opt'), { hypers: { lr: 1e-4 } }), … });
//
// A model saved with a WgslOptimizer and `includeOptimizer` loads after `wgslOptimizerClass(program)`.

export {
  settleBackend,
  TFJS_BACKENDS,
  type ChosenBackend,
  type TfjsBackendName,
  useTfjsBackend,
} from '../tfjs/backends.ts';
export * from './wgsl.ts';
export { type Gpu, type GpuOptions, NoAdapterError, openGpu } from '../webgpu/device.ts';
