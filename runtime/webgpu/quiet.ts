// Dawn prints two lines on stderr whenever it enumerates adapters on lavapipe: "Warning: maxDynamic{Uniform,
// Storage}BuffersPerPipelineLayout artificially reduced from 1000000 to 16 …". lavapipe reports a million dynamic
// buffers per pipeline layout; Dawn clamps every adapter's limits to its own 16 (dawn/native/Limits.cpp) and
// says so through dawn::WarningLog, whose destructor is an unconditional fprintf(stderr) (dawn/common/Log.cpp:
// only the compile-time DAWN_DISABLE_LOGGING silences it). No toggle, limit or logging callback reaches it, and
// optic uses no dynamic offsets, so the lines are noise. They are printed synchronously inside
// GPU.requestAdapter(), so fd 2 is pointed at /dev/null around that call. Node cannot dup2: fd 2 is closed and
// /dev/null opened (the lowest free descriptor, 2), then stderr reopened through /proc/self/fd from a copy made
// first. Only where a reopened copy is the same stream: on Linux, and when stderr is a pipe or a character
// device (a terminal, /dev/null), which have no file offset, or a regular file opened to append (`2>>log`), where
// every write goes to the end. Stderr on another regular file (`2>log`) or a socket (what Node's child_process
// gives a child) is left alone and the two lines reach it: a reopened file would write at an offset of its own,
// over what stdout writes through the original (`>log 2>&1`), and a socket cannot be reopened.

import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';

const STDERR = 2;
const self = (fd: number) => `/proc/self/fd/${fd}`;

/** How to open stderr again so that it is the same stream, or undefined where no open can be. */
function reopenMode(): number | undefined {
  const stat = fstatSync(STDERR);
  if (stat.isFIFO() || stat.isCharacterDevice()) return constants.O_WRONLY;
  if (!stat.isFile()) return undefined;
  const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${STDERR}`, 'utf8'))?.[1];
  return flags !== undefined && (parseInt(flags, 8) & constants.O_APPEND) !== 0
    ? constants.O_WRONLY | constants.O_APPEND
    : undefined;
}

/**
 * A second descriptor of stderr's stream and how to open it again, or undefined where fd 2 cannot be swapped and
 * put back exactly (or a pipe has no reader left, where a blocking open would wait forever).
 */
function copyOfStderr(): { fd: number; mode: number } | undefined {
  if (process.platform !== 'linux' || !existsSync('/proc/self/fd')) return undefined;
  try {
    const mode = reopenMode();
    if (mode === undefined) return undefined;
    closeSync(openSync(self(STDERR), mode | constants.O_NONBLOCK)); // ENXIO: a pipe without a reader
    return { fd: openSync(self(STDERR), mode), mode };
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
    openSync(self(saved.fd), saved.mode); // 2 again
    closeSync(saved.fd);
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
