// Shader modules, one bind group layout and one compute pipeline per entry point, created once per
// (device, WGSL text) and cached: a model, a schedule change or a new runner of the same program creates
// none. The layout is explicit (not 'auto') so one bind group per chunk serves every pass.
//
// `pipelinesSync` exists for callers that cannot wait (tfjs's synchronous applyGradients); `pipelines`
// also checks the module's compilation messages, which only an async call can read.

import type { WgslModule } from '../../compiler/targets/wgsl.ts';

export interface Pipelines {
  /** One shader module per pass (the module's `passCode`): compile time stays linear in the passes. */
  readonly shaders: readonly GPUShaderModule[];
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
  const infos = await Promise.all(built.shaders.map((s) => s.getCompilationInfo()));
  const messages = infos
    .flatMap((info) => info.messages)
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
  const shaders: GPUShaderModule[] = [];
  for (const { entryPoint } of module.manifest.passes) {
    const shader = device.createShaderModule({ code: module.passCode[entryPoint], label: entryPoint });
    shaders.push(shader);
    byEntry.set(
      entryPoint,
      device.createComputePipeline({
        label: entryPoint,
        layout: pipelineLayout,
        compute: { module: shader, entryPoint },
      }),
    );
  }
  return { shaders, layout, byEntry };
}
