// A program compiled to its WGSL kernel (kernel.ts): the module and manifest, the class name a WgslOptimizer
// of it is saved as and the program's fingerprint. What `optic compile --target wgsl --format json` writes
// and what a WgslOptimizer built from a Program runs.

import type { Program } from '../../compiler/ir.ts';
import { compileProgram, type TargetOptions } from '../../compiler/pipeline.ts';
import { printProgram } from '../../compiler/print.ts';
import { className, fingerprint } from '../../compiler/targets/tfjs-names.ts';
import { KERNEL_FORMAT, type WgslKernel } from './kernel.ts';

export function compileKernel(program: Program, options: TargetOptions<'wgsl'> = {}): WgslKernel {
  const { code, manifest, passCode } = compileProgram(program, 'wgsl', options);
  return {
    format: KERNEL_FORMAT,
    file: program.file,
    // `OpticWgslLion` for lion.opt; the tfjs target's class is `OpticLion`.
    className: className(program.file).replace(/^Optic/, 'OpticWgsl'),
    fingerprint: fingerprint(printProgram(program)),
    code,
    manifest,
    passCode,
  };
}

/**
 * The kernel as JSON text. JSON has no −0, NaN or infinities: a kernel whose per-step scalars use such a
 * constant is refused with a sentence rather than written wrong (the WGSL's own constants travel as bits).
 */
export function kernelJson(kernel: WgslKernel): string {
  const inexact = kernel.manifest.perStep.nodes.find(
    (n) => n.value !== undefined && (!Number.isFinite(n.value) || Object.is(n.value, -0)),
  );
  if (inexact)
    throw new Error(
      `${kernel.file}: a per-step constant is ${Object.is(inexact.value, -0) ? '-0' : inexact.value}, which JSON cannot hold: the kernel cannot be written as JSON`,
    );
  return `${JSON.stringify(kernel, null, 2)}\n`;
}
