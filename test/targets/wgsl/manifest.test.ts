// The manifest (compiler/targets/wgsl-manifest.ts) is the module's interface: its struct offsets and bindings
// must be what the WGSL declares. Checked two ways for every program in programs/ (and a few made to have
// per-step inputs, special constants and the update buffer): the declarations parsed from the module and laid
// out by WGSL's rules (a table written here from the WGSL spec, not the compiler's), and on the GPU, where a
// probe kernel reads each field by name after the host wrote it by the manifest's offset (Dawn as the oracle).

import { afterAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../compiler/ir.ts';
import { structs, type Manifest } from '../../../compiler/targets/wgsl-manifest.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import type { WgslOptions } from '../../../compiler/targets/wgsl.ts';
import { fieldView } from '../../../runtime/webgpu/fields.ts';
import { programFile, programOf } from '../../fixtures/compile.ts';
import { PROGRAM_FILES } from '../../semantics/settings.ts';
import { testGpu } from './gpu.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const MADE: Record<string, [string, WgslOptions]> = {
  'two inputs, specials, update buffer': [
    'def train(w, g, m, lr, decay):\n    m = m + g * 1e39\n    return lr * g * 1e-45 + decay * w, m\n',
    { writeUpdate: true },
  ],
  'a reduction, protected math': [
    'def train(w, g, m, lr):\n    m = clip_by_global_norm(g, 1) + m\n    return lr * m / norm(g), m\n',
    { math: 'protected' },
  ],
};

const CASES: [string, Program, WgslOptions][] = [
  ...PROGRAM_FILES.map((f): [string, Program, WgslOptions] => [f, programFile(f), {}]),
  ...Object.entries(MADE).map(([name, [source, options]]): [string, Program, WgslOptions] => [
    name,
    programOf(source),
    options,
  ]),
];

/** Alignment and size of WGSL's host-shareable scalar and vector types (WGSL spec, "Alignment and Size"). */
const WGSL_LAYOUT: Readonly<Record<string, [align: number, size: number]>> = {
  u32: [4, 4],
  i32: [4, 4],
  f32: [4, 4],
  f16: [2, 2],
  'atomic<u32>': [4, 4],
  'atomic<i32>': [4, 4],
  vec2f: [8, 8],
  vec3f: [16, 12],
  vec4f: [16, 16],
  vec2u: [8, 8],
  vec3u: [16, 12],
  vec4u: [16, 16],
};

const roundUp = (k: number, n: number) => Math.ceil(n / k) * k;

/** Every struct the module declares, its members at the offsets WGSL gives them, and its WGSL size. */
function declaredStructs(code: string) {
  return [...code.matchAll(/^struct (\w+) \{\n([^}]*)\n\}/gm)].map(([, name, body]) => {
    let end = 0;
    let align = 1;
    const fields = body.split('\n').map((line) => {
      const [, member, type] = line.match(/^ {2}(\w+): (.+),$/) ?? [];
      const [a, size] = WGSL_LAYOUT[type] ?? [NaN, NaN];
      const offset = roundUp(a, end);
      end = offset + size;
      align = Math.max(align, a);
      return { name: member, type, offset };
    });
    return { name, fields, size: roundUp(align, end) };
  });
}

function declaredBindings(code: string) {
  return [...code.matchAll(/^@group\((\d+)\) @binding\((\d+)\) var<([^>]+)> (\w+): (.+);$/gm)].map(
    ([, group, binding, space, name, type]) => {
      const [kind, access = 'read'] = space.split(', ');
      return { group: Number(group), binding: Number(binding), name, kind, access, type };
    },
  );
}

describe('the manifest describes the module it comes with', () => {
  it.each(CASES)('%s: struct fields, offsets and bindings as the WGSL declares them', (_, program, options) => {
    const { code, manifest } = compileProgram(program, 'wgsl', options);
    const declared = declaredStructs(code);
    expect(declared.map((s) => s.name)).toEqual(structs(manifest).map((s) => s.struct));
    for (const s of structs(manifest)) {
      const d = declared.find((x) => x.name === s.struct)!;
      expect(
        s.fields.map((f) => ({ name: f.name, type: f.atomic ? `atomic<${f.type}>` : f.type, offset: f.offset })),
        s.struct,
      ).toEqual(d.fields);
      expect(s.size).toBeGreaterThanOrEqual(d.size);
      expect(s.size % 16).toBe(0);
    }
    expect(declaredBindings(code)).toEqual(
      manifest.bindings.map((b) => ({
        group: 0,
        binding: b.binding,
        name: b.name,
        kind: b.kind,
        access: b.access,
        type: b.type,
      })),
    );
    const packed = manifest.packed;
    const holders = [
      packed.w,
      packed.g,
      ...(packed.state ? [packed.state] : []),
      ...(packed.update ? [packed.update] : []),
    ];
    for (const name of holders) expect(manifest.bindings.find((b) => b.name === name)?.type).toBe('array<vec4f>');
    expect(manifest.params.fields.filter((f) => f.input !== undefined).map((f) => f.input)).toEqual(
      manifest.signature.inputs.map((_, k) => k),
    );
  });
});

/**
 * A compute entry point added to the module that copies every field of every struct, read by its name, into
 * `probe_out` in the manifest's field order.
 */
function probeKernel(manifest: Manifest): { code: string; count: number } {
  const lines: string[] = [];
  for (const s of structs(manifest)) {
    const v = manifest.bindings.find((b) => b.type === s.struct)!.name;
    for (const f of s.fields) {
      const read = f.atomic ? `atomicLoad(&${v}.${f.name})` : `${v}.${f.name}`;
      lines.push(`  probe_out[${lines.length}] = ${f.type === 'f32' ? `bitcast<u32>(${read})` : read};`);
    }
  }
  const code = [
    '@group(1) @binding(0) var<storage, read_write> probe_out: array<u32>;',
    '@compute @workgroup_size(1)',
    'fn probe_fields() {',
    ...lines,
    '}',
  ].join('\n');
  return { code, count: lines.length };
}

/** Distinct patterns, normal floats as f32 (so no bit is lost in a bitcast), one per field. */
const pattern = (k: number) => 0x3f800000 + 0x10203 * (k + 1);

describe.skipIf(!gpu)('on the GPU, a field written at the manifest offset is the field the kernel reads', () => {
  it.each(CASES)('%s', async (_, program, options) => {
    const device = gpu!.device;
    const { code, manifest } = compileProgram(program, 'wgsl', options);
    const probe = probeKernel(manifest);
    device.pushErrorScope('validation');
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: `${code}\n${probe.code}\n` }), entryPoint: 'probe_fields' },
    });
    const usage = { uniform: GPUBufferUsage.UNIFORM, storage: GPUBufferUsage.STORAGE };
    let k = 0;
    const expected: number[] = [];
    const entries = structs(manifest).map((s) => {
      const binding = manifest.bindings.find((b) => b.type === s.struct)!;
      const view = fieldView(manifest, s.struct);
      for (const f of s.fields) {
        view.setBits(f.name, pattern(k));
        expected.push(pattern(k++));
      }
      const buffer = device.createBuffer({ size: s.size, usage: usage[binding.kind] | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, view.bytes);
      return { binding: binding.binding, resource: { buffer } };
    });
    const out = device.createBuffer({ size: 4 * probe.count, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({
      size: 4 * probe.count,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
    const outputs = [{ binding: 0, resource: { buffer: out } }];
    pass.setBindGroup(1, device.createBindGroup({ layout: pipeline.getBindGroupLayout(1), entries: outputs }));
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, read, 0, 4 * probe.count);
    device.queue.submit([encoder.finish()]);
    expect(await device.popErrorScope()).toBeNull();
    await read.mapAsync(GPUMapMode.READ);
    expect(Array.from(new Uint32Array(read.getMappedRange()))).toEqual(expected);
    read.unmap();
    for (const e of entries) e.resource.buffer.destroy();
    [out, read].forEach((b) => b.destroy());
  });
});
