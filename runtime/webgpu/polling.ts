// Dawn's Node binding (the `webgpu` package) settles its promises (onSubmittedWorkDone, mapAsync, …) from
// wgpuInstanceProcessEvents, which it calls from a callback handed to the global setImmediate, again and again
// for as long as any promise is pending: a busy loop, one core at 100% while the device works. On a CPU adapter
// (lavapipe) that core is one of those the step runs on: on 2 cores a compute-bound dispatch took 1.6–1.9× as
// long awaited that way as with the polls spaced out (results/bench/README.md, "Session 11").
//
// So the global setImmediate is wrapped, once per process, before an instance is made (Dawn looks it up at every
// poll). Dawn's callback is an anonymous native function of no parameters, passed without arguments; anything
// else goes straight through. A run of polls (each scheduled by the one before) stays immediate for its first
// SPIN_MS, so short waits keep their latency; after that each poll first naps, blocking the thread for a tenth of
// the run so far, between MIN_NAP_MS and MAX_NAP_MS: the core is yielded and a wait overshoots by at most about
// a tenth. The event loop runs between polls.

const SPIN_MS = 0.2;
const MIN_NAP_MS = 0.05;
const MAX_NAP_MS = 1;

/** Marks a setImmediate that already spaces Dawn's polls (a second copy of this module must not wrap it again). */
const SPACED = Symbol.for('optic.spacedDawnPolls');

/** How long to nap before the next poll of a run that began `elapsed` ms ago: 0 for none. */
export function napBeforePoll(elapsed: number): number {
  return elapsed < SPIN_MS ? 0 : Math.min(MAX_NAP_MS, Math.max(MIN_NAP_MS, elapsed / 10));
}

/** Whether `callback` (given `args`) is Dawn's poll: an anonymous native function of no parameters. */
export function isDawnPoll(callback: unknown, args: readonly unknown[]): callback is () => void {
  return (
    args.length === 0 &&
    typeof callback === 'function' &&
    callback.name === '' &&
    callback.length === 0 &&
    Function.prototype.toString.call(callback) === 'function () { [native code] }'
  );
}

type Immediate = (callback: (...args: unknown[]) => void, ...args: unknown[]) => unknown;

/** `immediate` with Dawn's polls spaced out as above; `now` in ms, `nap` blocks for the ms given. */
export function spacedImmediate(immediate: Immediate, now: () => number, nap: (ms: number) => void): Immediate {
  let since: number | undefined; // when the current run of polls began
  let again = false; // whether the poll running now scheduled the next one
  const poll = (callback: () => void, ms: number) => () => {
    if (ms > 0) nap(ms);
    again = false;
    try {
      callback();
    } finally {
      if (!again) since = undefined;
    }
  };
  const spaced = (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    if (!isDawnPoll(callback, args)) return immediate(callback, ...args);
    const t = now();
    since ??= t;
    again = true;
    return immediate(poll(callback, napBeforePoll(t - since)));
  };
  // util.promisify's custom form (setImmediate's own promise) and anything else hung on the function.
  return Object.assign(spaced, immediate, { [SPACED]: true });
}

/** Makes the global setImmediate space Dawn's polls, once per process. */
export function spaceDawnPolls(): void {
  if (SPACED in globalThis.setImmediate) return;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  globalThis.setImmediate = spacedImmediate(
    globalThis.setImmediate as Immediate,
    () => performance.now(),
    (ms) => Atomics.wait(cell, 0, 0, ms),
  ) as typeof setImmediate;
}
