// WgslOptimizer: the tfjs optimizer of kernel-optimizer.ts for a Program, compiled to its kernel here
// (compile.ts). A model saved with one loads after `wgslOptimizerClass(program)`, or in a page after
// `kernelOptimizerClass(kernel)` with the kernel `optic compile --target wgsl --format json` wrote.

import type { Program } from '../../compiler/ir.ts';
import { DEFAULT_TILE, tileFor } from '../../compiler/targets/wgsl-tiles.ts';
import { compileKernel } from './compile.ts';
import * as tf from '@tensorflow/tfjs-core';
import { KernelOptimizer, type KernelOptimizerClass, type WgslOptimizerOptions } from './kernel-optimizer.ts';
import type { WgslKernel } from './kernel.ts';

export type { WgslOptimizerOptions } from './kernel-optimizer.ts';

export class WgslOptimizer extends KernelOptimizer {
  /** `kernel`: the program's, compiled already (wgslOptimizerClass compiles it once for all its instances). */
  constructor(
    override readonly program: Program,
    options: WgslOptimizerOptions = {},
    kernel: WgslKernel = compileKernel(program),
  ) {
    // keepUpdates needs the kernel that also writes each step's update.
    const keeps = options.keepUpdates && kernel.manifest.packed.update === undefined;
    super(keeps ? compileKernel(program, { writeUpdate: true }) : kernel, options);
  }

  /** The kernel again with the tile shape for the device's adapter, where that is not the target's default. */
  protected override kernelFor(device: GPUDevice): WgslKernel {
    const tile = tileFor(device.adapterInfo);
    if (tile === DEFAULT_TILE) return this.kernel;
    return compileKernel(this.program, { tile, writeUpdate: this.kernel.manifest.packed.update !== undefined });
  }
}

/** A WgslOptimizer class for one program, as the tfjs target's classes are: `new (options)`, fromConfig. */
export interface WgslOptimizerClass extends KernelOptimizerClass {
  new (options?: WgslOptimizerOptions): WgslOptimizer;
  readonly program: Program;
}

/**
 * The program's WgslOptimizer class, registered with tf.serialization: the one call a process makes before
 * tf.loadLayersModel of a model saved with a WgslOptimizer of this program and `includeOptimizer`.
 */
export function wgslOptimizerClass(program: Program): WgslOptimizerClass {
  const kernel = compileKernel(program);
  class ProgramWgslOptimizer extends WgslOptimizer {
    static get kernel(): WgslKernel {
      return kernel;
    }

    static get program(): Program {
      return program;
    }

    constructor(options: WgslOptimizerOptions = {}) {
      super(program, options, kernel);
    }
  }
  tf.serialization.registerClass(ProgramWgslOptimizer);
  return ProgramWgslOptimizer;
}
