// This machine's memory bandwidth from one core: a 64 MiB Float32Array copied (TypedArray.set, a memcpy) 30
// times; bytes moved counts the read and the write. Run: node copy.mjs (session 11: copy-idle.txt).
const n = 1 << 24;
const src = new Float32Array(n).fill(1);
const dst = new Float32Array(n);
const times = [];
for (let r = 0; r < 30; r++) {
  const t0 = performance.now();
  dst.set(src);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[15];
console.log(`64 MiB copy: median ${median.toFixed(2)} ms, ${((2 * 4 * n) / median / 1e6).toFixed(1)} GB/s (read + write), best ${((2 * 4 * n) / times[0] / 1e6).toFixed(1)} GB/s`);
