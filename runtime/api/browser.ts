// 'optic/browser': what of optic runs in a browser, nothing that imports a Node module (node:fs, Dawn's `webgpu`
// package, esbuild). Programs from text, the tfjs optimizers built at run time, and the fused WGSL kernel on
// tfjs's webgpu backend (the page registers @tensorflow/tfjs-backend-webgpu and sets it; navigator.gpu is the
// browser's own). A module written by `optic compile --target tfjs` needs none of this: it imports only tfjs-core.
//
//   import lionSource from './lion.opt';   // the program's text (a bundler's text loader, or fetch)
//   import { parseProgram, WgslOptimizer } from 'optic/browser';
//   await tf.setBackend('webgpu');
//   model.compile({ optimizer: new WgslOptimizer(parseProgram(lionSource, 'lion.opt'), { hypers: { lr: 1e-3 } }), … });

export { check, parseProgram, ProgramError } from './program.ts';
export * from '../tfjs/index.ts';
export { HyperError } from '../hypers.ts';
export * from './wgsl.ts';
