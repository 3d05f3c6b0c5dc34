// A compiled WGSL kernel: what `optic compile --target wgsl --format json` writes, and all a host needs to run
// a program's fused step — the WGSL module (whole, and each pass alone), its manifest (bindings, layouts, the
// signature with its defaults, the per-step scalars), and the program's file name and fingerprint (a saved
// optimizer's class name and check). Nothing here imports the compiler: a page loads a kernel and runs it
// (kernel-runner.ts, kernel-optimizer.ts) without optic's parser or passes in its bundle.

import type { WgslModule } from '../../compiler/targets/wgsl.ts';
import { type Manifest, MANIFEST_FORMAT } from '../../compiler/targets/wgsl-interface.ts';

export const KERNEL_FORMAT = 'optic-wgsl-kernel/1';

export interface WgslKernel extends WgslModule {
  readonly format: typeof KERNEL_FORMAT;
  /** The program's file name: messages, and the class a WgslOptimizer of it is saved as (`OpticWgslLion`). */
  readonly file: string;
  readonly className: string;
  /** A fingerprint of the program as printed: a saved config names it, and loading checks it. */
  readonly fingerprint: string;
}

/** What running a kernel needs of its program: the file (for messages) and the signature (a Program has both). */
export interface KernelProgram {
  readonly file: string;
  readonly signature: Manifest['signature'];
}

export const kernelProgram = (kernel: WgslKernel): KernelProgram => ({
  file: kernel.file,
  signature: kernel.manifest.signature,
});

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * A kernel read from JSON (a bundler's import of the file, or `await (await fetch(url)).json()`), checked for
 * the parts a host reads before it trusts them; anything else is an Error saying what is wrong.
 */
export function readKernel(value: unknown): WgslKernel {
  const fail = (what: string) => {
    throw new Error(`not an optic WGSL kernel (optic compile --target wgsl --format json): ${what}`);
  };
  if (!isRecord(value)) return fail('expected an object');
  if (value.format !== KERNEL_FORMAT) return fail(`format is ${JSON.stringify(value.format)}, not '${KERNEL_FORMAT}'`);
  for (const key of ['file', 'className', 'fingerprint', 'code'])
    if (typeof value[key] !== 'string') fail(`'${key}' is not a string`);
  const { manifest, passCode } = value;
  if (!(isRecord(manifest) && Array.isArray(manifest.passes) && isRecord(manifest.signature)))
    return fail("'manifest' has no passes or signature");
  // A kernel compiled by an older optic binds and lays out its buffers otherwise (optic-wgsl/1 had no halves).
  if (manifest.format !== MANIFEST_FORMAT)
    fail(`its manifest is ${JSON.stringify(manifest.format)}, this optic runs '${MANIFEST_FORMAT}': compile it again`);
  if (!isRecord(passCode)) return fail("'passCode' is not an object");
  for (const pass of manifest.passes as { entryPoint?: unknown }[])
    if (typeof passCode[String(pass.entryPoint)] !== 'string') fail(`no code for the pass ${String(pass.entryPoint)}`);
  return value as unknown as WgslKernel;
}
