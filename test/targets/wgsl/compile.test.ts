// runtime/webgpu/compile.ts: a program compiled to its kernel (the WGSL target's module, manifest and passes,
// the class name and fingerprint a saved WgslOptimizer carries), and the kernel as JSON text, which refuses a
// per-step constant JSON cannot hold (−0, ±Infinity, NaN) rather than write it wrong. No GPU needed.

import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { printProgram } from '../../../compiler/print.ts';
import { fingerprint } from '../../../compiler/targets/tfjs-names.ts';
import { compileKernel, kernelJson } from '../../../runtime/webgpu/compile.ts';
import { KERNEL_FORMAT, type WgslKernel } from '../../../runtime/webgpu/kernel.ts';

const program = (source: string, file = 'nets/my-lion.opt') => compile(source, file).program!;
const SCALED = program('def train(w, g):\n    return g * (step * 0.5)\n');

/** The kernel with one more per-step constant node of this value. */
function withPerStepConstant(kernel: WgslKernel, value: number): WgslKernel {
  const { perStep } = kernel.manifest;
  const node = { ...perStep.nodes.find((n) => n.value !== undefined)!, value };
  return { ...kernel, manifest: { ...kernel.manifest, perStep: { ...perStep, nodes: [...perStep.nodes, node] } } };
}

describe('compileKernel', () => {
  it("is the WGSL target's output with the file, the class name and the printed program's fingerprint", () => {
    const p = program('lr = 0.1\n\ndef train(w, g, m):\n    m = 0.9 * m + g\n    return lr * m, m\n');
    const { code, manifest, passCode } = compileProgram(p, 'wgsl');
    expect(compileKernel(p)).toEqual({
      format: KERNEL_FORMAT,
      file: 'nets/my-lion.opt',
      className: 'OpticWgslMyLion',
      fingerprint: fingerprint(printProgram(p)),
      code,
      manifest,
      passCode,
    });
  });

  it("passes the target's options on: writeUpdate adds the update buffer", () => {
    expect(compileKernel(SCALED).manifest.packed.update).toBeUndefined();
    const kept = compileKernel(SCALED, { writeUpdate: true });
    expect(kept.manifest.packed.update).toBeDefined();
    expect(kept.code).not.toBe(compileKernel(SCALED).code);
  });
});

describe('kernelJson', () => {
  it('is the kernel as indented JSON, one newline at the end', () => {
    const kernel = compileKernel(SCALED);
    const text = kernelJson(kernel);
    expect(text).toBe(`${JSON.stringify(kernel, null, 2)}\n`);
    expect(text.startsWith('{\n  "format": "optic-wgsl-kernel/1",\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(kernel);
  });

  it('keeps finite per-step constants, 0 among them', () => {
    const kernel = withPerStepConstant(compileKernel(SCALED), 0);
    expect(kernel.manifest.perStep.nodes.filter((n) => n.value !== undefined).map((n) => n.value)).toEqual([0.5, 0]);
    expect(JSON.parse(kernelJson(kernel))).toEqual(kernel);
  });

  it('refuses a per-step constant of −0, ±Infinity or NaN, naming it', () => {
    const refusal = (value: string) =>
      `nets/my-lion.opt: a per-step constant is ${value}, which JSON cannot hold: the kernel cannot be written as JSON`;
    expect(() => kernelJson(compileKernel(program('def train(w, g):\n    return g * (step * -0.0)\n')))).toThrow(
      refusal('-0'),
    );
    for (const value of [Infinity, -Infinity, Number.NaN])
      expect(() => kernelJson(withPerStepConstant(compileKernel(SCALED), value))).toThrow(refusal(String(value)));
  });
});
