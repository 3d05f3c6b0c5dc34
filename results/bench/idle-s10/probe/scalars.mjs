// Probe: does it matter on this adapter where an elementwise kernel's per-tensor scalars come from? One Adam
// step over N floats cut into tiles of 64 threads × 16 vec4s, the 8 scalars per tile (β1, 1 − β1, β2, 1 − β2,
// two bias corrections, ε, lr) read at the top of each tile:
//   storage8 – from a read-only storage buffer at the tile's tensor (optic's `tab`, as the WGSL target does);
//   storage7 – the same with ε a constant (7 loaded);
//   uniform8 – from a uniform buffer, array<vec4u, 1024>, at the tile's tensor;
//   const8   – the 8 as WGSL constants (nothing loaded: the floor).
// Kernels interleaved round by round; the ratio per round, median with p10–p90.
// Usage: node results/bench/idle-s10/probe/scalars.mjs [rounds=60] [steps per round=5] [floats=1048576]

import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const [rounds = 60, steps = 5, n = 1 << 20] = process.argv.slice(2).map(Number);
const TENSORS = 64;
const TILE = 64 * 16; // vec4s
const vec4s = n / 4;
const tiles = [];
const per = Math.ceil(vec4s / TENSORS);
for (let t = 0; t < TENSORS; t++)
  for (let f = t * per; f < Math.min(vec4s, (t + 1) * per); f += TILE)
    tiles.push(t, f, Math.min(TILE, Math.min(vec4s, (t + 1) * per) - f), 0);
const nTiles = tiles.length / 4;
const scalars = [0.9, 0.1, 0.999, 0.001, 1 / (1 - 0.9 ** 3), 1 / (1 - 0.999 ** 3), 1e-7, 1e-3];

const source = (kind) => {
  const load = (k) =>
    kind === 'const8' || (kind === 'storage7' && k === 6)
      ? `${scalars[k].toExponential(9)}f`
      : kind === 'uniform8'
        ? `bitcast<f32>(utab[2u * t + ${k >> 2}u][${k & 3}u])`
        : `bitcast<f32>(tab[${4 * nTiles}u + 8u * t + ${k}u])`;
  return `
@group(0) @binding(0) var<storage, read> tab: array<u32>;
@group(0) @binding(1) var<storage, read_write> w: array<vec4f>;
@group(0) @binding(2) var<storage, read> g: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> st: array<vec4f>;
@group(0) @binding(4) var<uniform> utab: array<vec4u, 1024>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lane: u32) {
  for (var k = wg.x; k < ${nTiles}u; k += nwg.x) {
    let t = tab[4u * k];
    let first = tab[4u * k + 1u];
    let count = tab[4u * k + 2u];
    ${scalars.map((_, k) => `let s${k} = ${load(k)};`).join('\n    ')}
    for (var q = lane; q < count; q += 64u) {
      let i = first + q;
      let gi = g[i];
      let m = s0 * st[i] + s1 * gi;
      let v = s2 * st[i + ${vec4s}u] + s3 * (gi * gi);
      let u = (m * s4) / (sqrt(v * s5) + s6) * s7;
      st[i] = m;
      st[i + ${vec4s}u] = v;
      w[i] = w[i] - u;
    }
  }
}`;
};

const gpu = create([]);
const adapter = await gpu.requestAdapter();
const device = await adapter.requestDevice();
const buffer = (size, usage, data) => {
  const b = device.createBuffer({ size, usage: usage | GPUBufferUsage.COPY_DST });
  if (data) device.queue.writeBuffer(b, 0, data);
  return b;
};
const table = new Uint32Array(4 * nTiles + 8 * TENSORS);
table.set(tiles);
const bits = new Uint32Array(Float32Array.from(scalars).buffer);
for (let t = 0; t < TENSORS; t++) table.set(bits, 4 * nTiles + 8 * t);
const utab = new Uint32Array(4096);
for (let t = 0; t < TENSORS; t++) utab.set(bits, 8 * t);
const S = GPUBufferUsage.STORAGE;
const buffers = [
  buffer(table.byteLength, S, table),
  buffer(4 * n, S, new Float32Array(n).fill(0.5)),
  buffer(4 * n, S, Float32Array.from({ length: n }, (_, i) => (((i * 7) % 11) - 5) * 2e-3)),
  buffer(8 * n, S),
  buffer(utab.byteLength, GPUBufferUsage.UNIFORM, utab),
];
const kinds = ['storage8', 'storage7', 'uniform8', 'const8'];
const pipelines = {};
for (const kind of kinds) {
  const module = device.createShaderModule({ code: source(kind) });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  // 'auto' layouts keep only the bindings a kernel uses.
  const used = kind === 'uniform8' ? [0, 1, 2, 3, 4] : [0, 1, 2, 3];
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: used.map((b) => ({ binding: b, resource: { buffer: buffers[b] } })),
  });
  pipelines[kind] = { pipeline, bindGroup };
}
const run = async (kind) => {
  const { pipeline, bindGroup } = pipelines[kind];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.min(nTiles, 256));
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  }
  return (performance.now() - t0) / steps;
};
for (const kind of kinds) await run(kind); // warm-up
const times = Object.fromEntries(kinds.map((k) => [k, []]));
for (let r = 0; r < rounds; r++) for (const kind of r % 2 ? [...kinds].reverse() : kinds) times[kind].push(await run(kind));
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.round((xs.length - 1) * p)];
const fmt = (xs) => `${q(xs, 0.5).toFixed(2)} (${q(xs, 0.1).toFixed(2)}–${q(xs, 0.9).toFixed(2)})`;
console.log(`${n} floats, ${TENSORS} tensors, ${nTiles} tiles, ${rounds} rounds of ${steps} steps; adapter ${adapter.info.description}`);
for (const kind of kinds) {
  const ratio = times.storage8.map((s, r) => s / times[kind][r]);
  console.log(`${kind.padEnd(9)} ms ${fmt(times[kind])}   storage8 ÷ this ${fmt(ratio)}`);
}
device.destroy();
