// Dawn's poll loop three ways, one dispatch of 1024 to 4M threads awaited 30-300 times each: spin (Dawn's own:
// setImmediate), timer (setTimeout 0 once a wait is 0.2 ms old), nap (Atomics.wait slices, what optic does).
// Run from this folder: npx tsx modes.mts (session 11, idle: modes-idle.txt).
import { openGpu } from '../../../../runtime/webgpu/device.ts';
const original = globalThis.setImmediate;
let mode = 'spin';
const cell = new Int32Array(new SharedArrayBuffer(4));
let streak: number | undefined; let again = false;
// Marked as optic's own wrapper (runtime/webgpu/polling.ts), so that openGpu does not wrap this one again.
(globalThis as any).setImmediate = Object.assign(function (fn: any, ...args: any[]) {
  if (mode === 'spin' || args.length || fn.name !== '' || fn.length !== 0) return original(fn, ...args);
  const now = performance.now(); streak ??= now; again = true; const elapsed = now - streak;
  const run = () => { again = false; fn(); if (!again) streak = undefined; };
  if (elapsed < 0.2) return original(run);
  if (mode === 'timer') return setTimeout(run, 0);
  return original(() => { Atomics.wait(cell, 0, 0, Math.min(1, Math.max(0.05, elapsed / 10))); run(); });
}, { [Symbol.for('optic.spacedDawnPolls')]: true });
const { device, destroy } = await openGpu();
const n = 1 << 22;
const buf = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE });
const code = `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x + id.y * 32768u * 64u; if (i >= ${n}u) { return; }
  var x = a[i]; for (var k = 0u; k < 4u; k++) { x = sqrt(x * x + 1.0) / (x + 2.0); } a[i] = x; }`;
const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
const step = (x: number, y: number) => { const e = device.createCommandEncoder(); const p = e.beginComputePass(); p.setPipeline(pipeline); p.setBindGroup(0, bg); p.dispatchWorkgroups(x, y); p.end(); device.queue.submit([e.finish()]); };
for (let i = 0; i < 3; i++) { step(32768, 2); await device.queue.onSubmittedWorkDone(); }
for (const [x, y] of [[16, 1], [1024, 1], [8192, 1], [32768, 2]]) {
  for (const m of ['spin', 'timer', 'nap', 'spin', 'timer', 'nap']) {
    mode = m;
    const walls: number[] = []; const c0 = process.cpuUsage(); const t00 = performance.now();
    const reps = x < 8192 ? 300 : 30;
    for (let i = 0; i < reps; i++) { const t0 = performance.now(); step(x, y); await device.queue.onSubmittedWorkDone(); walls.push(performance.now() - t0); }
    const c = process.cpuUsage(c0); const total = performance.now() - t00;
    walls.sort((a, b) => a - b);
    console.log(`${x * y * 64} threads ${m.padEnd(5)} median ${walls[reps >> 1].toFixed(3)} ms  cpu/wall ${((c.user + c.system) / 1000 / total).toFixed(2)}`);
  }
}
destroy();
