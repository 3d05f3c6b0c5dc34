// runtime/webgpu/pipelines.ts: a module's pipelines are built once per device and WGSL text, and a shader
// WebGPU rejects (a compiler bug) is an error quoting WebGPU's messages (each error's line:column, warnings
// left out, or the validation error when the shader compiled but does not fit its bindings), after which the
// module is built afresh on the next request. The device is opened inside the tests (gpuInTests).

import { afterAll, describe, expect, it } from 'vitest';
import type { WgslModule } from '../../../compiler/targets/wgsl.ts';
import { pipelines, pipelinesSync } from '../../../runtime/webgpu/pipelines.ts';
import { runnerModule } from '../../../runtime/webgpu/runner.ts';
import { programOf } from '../../fixtures/compile.ts';
import { gpuInTests } from './gpu.ts';

const gpu = gpuInTests();
afterAll(() => gpu.destroy());

const SGD = programOf('def train(w, g):\n    return 0.1 * g\n', 'sgd.opt');
const module = runnerModule(SGD, { params: [{ name: 'w', shape: [5] }] });

/** The module with its first pass's shader replaced by `body` (and its text, the cache's key, with it). */
function withShader(name: string, body: (entry: string) => string): WgslModule {
  const entry = module.manifest.passes[0].entryPoint;
  return { ...module, code: `${module.code}\n// ${name}`, passCode: { ...module.passCode, [entry]: body(entry) } };
}

const REJECTS = 'optic: the WGSL target produced a shader WebGPU rejects (a compiler bug):\n';

describe('pipelines', () => {
  it('are built once per device and WGSL text: the same request returns the same objects', async (ctx) => {
    const { device } = await gpu.open(ctx);
    const built = pipelinesSync(device, module);
    expect(pipelinesSync(device, module)).toBe(built);
    expect(await pipelines(device, module)).toBe(built);
    expect(built.shaders).toHaveLength(module.manifest.passes.length);
    expect([...built.byEntry.keys()]).toEqual(module.manifest.passes.map((p) => p.entryPoint));
    const other = withShader(
      'the same shaders, other text',
      () => module.passCode[module.manifest.passes[0].entryPoint],
    );
    expect(await pipelines(device, other)).not.toBe(built);
  });

  it("refuses a shader that does not compile with each error's line:column, and builds it afresh later", async (ctx) => {
    const { device } = await gpu.open(ctx);
    const bad = withShader('two errors', (entry) =>
      [`@compute @workgroup_size(1) fn ${entry}() {`, '  let x = ;', '  let y = ;', '}', ''].join('\n'),
    );
    device.pushErrorScope('validation');
    const first = pipelinesSync(device, bad);
    expect(await device.popErrorScope()).not.toBeNull();
    // pipelines() finds the cached build, checks it and drops it: the next request builds again.
    await expect(pipelines(device, bad)).rejects.toThrow(
      new Error(
        `${REJECTS}2:11: missing initializer for 'let' declaration\n3:11: missing initializer for 'let' declaration`,
      ),
    );
    device.pushErrorScope('validation');
    expect(pipelinesSync(device, bad)).not.toBe(first);
    await device.popErrorScope();
    expect(await pipelines(device, module)).toBe(pipelinesSync(device, module));
  });

  it('lists errors only: a warning alone is accepted, and left out beside an error', async (ctx) => {
    const { device } = await gpu.open(ctx);
    const unreachable = (entry: string) => `@compute @workgroup_size(1) fn ${entry}() {\n  return;\n  let x = 1;\n}\n`;
    const warned = withShader('a warning', unreachable);
    expect(await pipelines(device, warned)).toBe(pipelinesSync(device, warned));
    const both = withShader(
      'a warning and an error',
      (entry) => `${unreachable(entry)}fn f() -> f32 {\n  return 1u;\n}\n`,
    );
    await expect(pipelines(device, both)).rejects.toThrow(
      new Error(
        `${REJECTS}6:3: return statement type must match its function return type, returned 'u32', expected 'f32'`,
      ),
    );
  });

  it("gives WebGPU's validation error for a shader that compiles but does not fit the module's bindings", async (ctx) => {
    const { device } = await gpu.open(ctx);
    const unbound = withShader('binding 99', (entry) =>
      [
        '@group(0) @binding(99) var<storage, read_write> x: array<f32>;',
        `@compute @workgroup_size(1) fn ${entry}() { x[0] = 1.0; }`,
        '',
      ].join('\n'),
    );
    // The bind group layout's label names it in WebGPU's message.
    await expect(pipelines(device, unbound)).rejects.toThrow(
      `${REJECTS}Binding doesn't exist in [BindGroupLayoutInternal "optic step"].\n - While validating`,
    );
  });
});
