// Dawn prints two lines on stderr whenever it enumerates adapters on lavapipe: "Warning: maxDynamic{Uniform,
// Storage}BuffersPerPipelineLayout artificially reduced from 1000000 to 16 …". lavapipe reports a million dynamic
// buffers per pipeline layout; Dawn clamps every adapter's limits to its own 16 (dawn/native/Limits.cpp) and
// says so through dawn::WarningLog, whose destructor is an unconditional fprintf(stderr) (dawn/common/Log.cpp:
// only the compile-time DAWN_DISABLE_LOGGING silences it). No toggle, limit or logging callback reaches it, and
// optic uses no dynamic offsets, so the lines are noise. They are printed synchronously inside
// GPU.requestAdapter(), so fd 2 is pointed at /dev/null around that call. Node cannot dup2: fd 2 is closed and
// /dev/null opened (the lowest free descriptor, 2), then stderr reopened through /proc/self/fd from a copy made
// first. Only where a reopened copy is the same stream: on Linux, and when stderr is a pipe or a character
// device (a terminal, /dev/null), which have no file offset. Stderr redirected to a regular file or a socket is
// left alone (the two lines then reach it): a reopened regular file would write at its own offset.

import { closeSync, constants, existsSync, fstatSync, openSync } from 'node:fs';

const STDERR = 2;
const self = (fd: number) => `/proc/self/fd/${fd}`;

/**
 * A second descriptor of stderr's stream, or undefined where fd 2 cannot be swapped and put back without changing
 * where a byte written to it lands (or a pipe has no reader left, where a blocking open would wait forever).
 */
function copyOfStderr(): number | undefined {
  if (process.platform !== 'linux' || !existsSync('/proc/self/fd')) return undefined;
  try {
    const stat = fstatSync(STDERR);
    if (!stat.isFIFO() && !stat.isCharacterDevice()) return undefined;
    closeSync(openSync(self(STDERR), constants.O_WRONLY | constants.O_NONBLOCK)); // ENXIO: no reader
    return openSync(self(STDERR), constants.O_WRONLY);
  } catch {
    return undefined;
  }
}

/** Runs `f` (synchronous) with fd 2 on /dev/null where that can be undone exactly; otherwise just runs it. */
export function withoutStderr<T>(f: () => T): T {
  const saved = copyOfStderr();
  if (saved === undefined) return f();
  closeSync(STDERR);
  const nul = openSync('/dev/null', constants.O_WRONLY); // the lowest free descriptor: 2
  try {
    return f();
  } finally {
    closeSync(nul);
    openSync(self(saved), constants.O_WRONLY); // 2 again
    closeSync(saved);
  }
}

/** `gpu` with a requestAdapter that keeps Dawn's limit warnings off stderr (the other members unchanged). */
export function quietGpu(gpu: GPU): GPU {
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  Object.defineProperty(gpu, 'requestAdapter', {
    value: (options?: GPURequestAdapterOptions) => withoutStderr(() => requestAdapter(options)),
    configurable: true,
  });
  return gpu;
}
