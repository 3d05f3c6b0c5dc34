// Shader modules, one bind group layout and one compute pipeline per entry point, created once per
// (device, WGSL text) and cached: a model, a schedule change or a new runner of the same program creates
// none. The layout is explicit (not 'auto') so one bind group per chunk serves every pass.
//
// `pipelinesSync` exists for callers that cannot wait (tfjs's synchronous applyGradients); `pipelines`
// also checks the module's compilation messages, which only an async call can read.

import type { WgslModule } from '../../compiler/targets/wgsl.ts';

export interface Pipelines {
  readonly shader: GPUShaderModule;
  readonly layout: GPUBindGroupLayout;
  readonly byEntry: ReadonlyMap<string, GPUComputePipeline>;
}

const cache = new WeakMap<GPUDevice, Map<string, Pipelines>>();

export function pipelinesSync(device: GPUDevice, module: WgslModule): Pipelines {
  let perDevice = cache.get(device);
  if (!perDevice) cache.set(device, (perDevice = new Map()));
  let hit = perDevice.get(module.code);
  if (!hit) perDevice.set(module.code, (hit = build(device, module)));
  return hit;
}

export async function pipelines(device: GPUDevice, module: WgslModule): Promise<Pipelines> {
  device.pushErrorScope('validation');
  const built = pipelinesSync(device, module);
  const error = await device.popErrorScope();
  const info = await built.shader.getCompilationInfo();
  const messages = info.messages
    .filter((m) => m.type === 'error')
    .map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`);
  if (messages.length > 0 || error) {
    cache.get(device)?.delete(module.code);
    const text = messages.length > 0 ? messages.join('\n') : error!.message;
    throw new Error(`optic: the WGSL target produced a shader WebGPU rejects (a compiler bug):\n${text}`);
  }
  return built;
}

function build(device: GPUDevice, module: WgslModule): Pipelines {
  const shader = device.createShaderModule({ code: module.code, label: 'optic step' });
  const layout = device.createBindGroupLayout({
    label: 'optic step',
    entries: module.manifest.bindings.map((b) => ({
      binding: b.binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: b.kind === 'uniform' ? 'uniform' : b.access === 'read' ? 'read-only-storage' : 'storage' },
    })),
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const byEntry = new Map<string, GPUComputePipeline>();
  for (const pass of module.manifest.passes) {
    byEntry.set(
      pass.entryPoint,
      device.createComputePipeline({
        label: pass.entryPoint,
        layout: pipelineLayout,
        compute: { module: shader, entryPoint: pass.entryPoint },
      }),
    );
  }
  return { shader, layout, byEntry };
}
