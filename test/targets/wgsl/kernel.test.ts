// A compiled kernel without its program (runtime/webgpu/kernel.ts, kernel-optimizer.ts): what `optic compile
// --target wgsl --format json` wrote, read back from JSON, is checked before use, and a KernelOptimizer of it
// is the program's WgslOptimizer to tfjs's serialization: the same class name, and each loads the other's
// saved config (hyperparameters, schedules, groups; a config of another program is refused). No GPU needed.

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { warmupCosineDecay } from '../../../runtime/schedules.ts';
import { compileKernel, kernelJson } from '../../../runtime/webgpu/compile.ts';
import { readKernel, type WgslKernel } from '../../../runtime/webgpu/kernel.ts';
import { KernelOptimizer, kernelOptimizerClass } from '../../../runtime/webgpu/kernel-optimizer.ts';
import { WgslOptimizer } from '../../../runtime/webgpu/optimizer.ts';

const program = (source: string) => compile(source, 'my_sgd.opt').program!;
const SGD = program('lr = 0.1\nλ = 0.5\n\ndef train(w, g):\n    return lr * (g + λ * w)\n');
// Read inside the tests, not here: a readKernel that throws would otherwise fail the file at import, which
// Stryker counts as no test at all.
const kernel = JSON.parse(kernelJson(compileKernel(SGD))) as WgslKernel;

describe('a kernel read from JSON', () => {
  it('is refused, saying why, when it is not one', () => {
    expect(readKernel(kernel)).toBe(kernel);
    const why = (value: unknown) => () => readKernel(value);
    for (const value of [null, 'kernel', 3]) expect(why(value)).toThrow(': expected an object');
    for (const key of ['file', 'className', 'fingerprint', 'code'])
      expect(why({ ...kernel, [key]: undefined })).toThrow(`'${key}' is not a string`);
    for (const manifest of [
      { ...kernel.manifest, passes: {} },
      { ...kernel.manifest, signature: undefined },
      { ...kernel.manifest, signature: null },
      null,
    ])
      expect(why({ ...kernel, manifest })).toThrow("'manifest' has no passes or signature");
    for (const passCode of [null, 'code']) expect(why({ ...kernel, passCode })).toThrow("'passCode' is not an object");
    expect(why([])).toThrow(
      "not an optic WGSL kernel (optic compile --target wgsl --format json): format is undefined, not 'optic-wgsl-kernel/1'",
    );
    expect(why({ ...kernel, file: 3 })).toThrow("'file' is not a string");
    expect(why({ ...kernel, format: 'optic-wgsl/1' })).toThrow(`format is "optic-wgsl/1", not 'optic-wgsl-kernel/1'`);
    expect(why({ ...kernel, passCode: { ...kernel.passCode, apply_step: undefined } })).toThrow(
      'no code for the pass apply_step',
    );
    expect(why({ ...kernel, manifest: {} })).toThrow("'manifest' has no passes or signature");
    expect(why({ ...kernel, manifest: { ...kernel.manifest, format: 'optic-wgsl/1' } })).toThrow(
      `its manifest is "optic-wgsl/1", this optic runs 'optic-wgsl/4': compile it again`,
    );
  });

  it('checks hyperparameters by the manifest, with the messages of a WgslOptimizer of the program', () => {
    const thrown = (make: () => unknown) => {
      try {
        make();
      } catch (e) {
        return (e as Error).message;
      }
    };
    const lamda = { hypers: { lamda: 1 } };
    const message = thrown(() => new WgslOptimizer(SGD, lamda));
    expect(message).toBe("'lamda' is not a hyperparameter of my_sgd.opt (hyperparameters: lr, λ)");
    expect(thrown(() => new KernelOptimizer(kernel, lamda))).toBe(message);
  });

  it("is saved as its program's WgslOptimizer, and each loads the other's config", () => {
    const cls = kernelOptimizerClass(kernel);
    expect(cls.className).toBe('OpticWgslMySgd');
    const lr = warmupCosineDecay({ peak: 1e-2, warmupSteps: 3, decaySteps: 10 });
    const options = { hypers: { lr }, groups: [{ match: '*_bias', set: { λ: 0 } }] };
    const fromProgram = new WgslOptimizer(SGD, options);
    expect(fromProgram.getClassName()).toBe('OpticWgslMySgd');
    // What tf.loadLayersModel does with a saved optimizer: the registered class's fromConfig.
    const registered = tf.serialization.SerializationMap.getMap().classNameMap.OpticWgslMySgd;
    expect(registered[0]).toBe(cls);
    const loaded = cls.fromConfig(cls, fromProgram.getConfig());
    expect(loaded).toBeInstanceOf(cls);
    expect(loaded.getConfig()).toEqual(fromProgram.getConfig());
    expect((loaded.hypers.lr as (s: number) => number)(4)).toBe(lr(4));
    const other = new KernelOptimizer(
      readKernel(JSON.parse(kernelJson(compileKernel(program('def train(w, g):\n    return g\n'))))),
    );
    expect(() => cls.fromConfig(cls, other.getConfig())).toThrow(/saved by a different version of the program/);
  });
});
