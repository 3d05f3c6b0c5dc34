// `optic bench`'s measurements (issue 11): for each size (n parameters in --tensors tensors, model.ts) and
// program, every step a user would compare: the fused WGSL kernel and its traffic twin (the same reads and
// writes, trivial arithmetic: the device's limit for the program), the tfjs target and tf.train.adam (for
// Adam) on each tfjs backend, a plain loop (js-loop.ts) and the reference interpreter (small sizes only).
// tfjs has one current backend and moves a tensor's data to it when another backend's op touches it, so
// the implementations of one size, every program's, are timed interleaved (measure.ts) in one phase per tfjs
// backend; the fused step, the loop and the interpreter run in the first phase, beside tfjs on webgpu.
// Every implementation takes as many steps with the same gradients; at the end its weights are compared with
// the interpreter's (float64) under the tolerance table's row for it (not the twin's: it computes nothing).

import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Program } from '../../compiler/ir.ts';
import { DEFAULT_TILE, type TileShape, tileFor, tileName } from '../../compiler/targets/wgsl-tiles.ts';
import { compileSource } from '../../compiler/pipeline.ts';
import { instantiateStep } from '../tfjs/index.ts';
import { pipelines } from '../webgpu/pipelines.ts';
import { compareTensors, TOLERANCE, type Tolerance } from '../compare.ts';
import { type TFJS_BACKENDS, useTfjsBackend } from '../tfjs/backends.ts';
import { loopKind, type LoopKind } from './js-loop.ts';
import { measure, spread, type Spread } from './measure.ts';
import { benchModel } from './model.ts';
import { interpVariant, jsLoopVariant, tfAdamVariant, tfjsVariant, wgslVariant, type StepVariant } from './variants.ts';

export interface BenchProgram {
  readonly name: string;
  /** The source text and its file name, for the compile times. */
  readonly source: string;
  readonly file: string;
  readonly program: Program;
}

export interface BenchOptions {
  programs: readonly BenchProgram[];
  params: readonly number[];
  /** Tensors the parameters are split into (model.ts). */
  tensors: number;
  /** Timed steps per implementation (spread over interleaved rounds). */
  steps: number;
  /** The largest size the interpreter (float64 JavaScript, slow) runs at. */
  interpLimit: number;
  /** Where progress goes (stderr). */
  note?: (message: string) => void;
  /** The implementations to time (default: every one). */
  implementations?: readonly Implementation[];
  /**
   * The WGSL kernels' tile shapes (default: the target's): each WGSL implementation is timed at each, in the
   * same rounds; the ratios are the first shape's.
   */
  tiles?: readonly TileShape[];
}

/**
 * Everything the bench can time. 'wgsl-unchecked' is the fused step without its non-finite checks (what they
 * cost); 'traffic-twin' its reads and writes alone (what the device allows).
 */
export const IMPLEMENTATIONS = [
  'wgsl',
  'wgsl-unchecked',
  'traffic-twin',
  'tfjs',
  'tf.train.adam',
  'js-loop',
  'interp',
] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];
/** The tfjs backends the bench tries, in the order of its phases. */
export const BENCH_BACKENDS = ['webgpu', 'wasm', 'cpu'] as const satisfies readonly (typeof TFJS_BACKENDS)[number][];
type Backend = (typeof BENCH_BACKENDS)[number];

export interface BenchRow {
  program: string;
  params: number;
  tensors: number;
  implementation: Implementation;
  /** The tfjs backend; 'webgpu' for the fused step (tfjs's webgpu device); 'js' for the loop and the interpreter. */
  backend: Backend | 'js';
  /** The WGSL kernels' tile shape (`64x4`: threads per workgroup × vec4s per thread); null for the others. */
  tile: string | null;
  /** Milliseconds per step: wall time, and this process's CPU time (lavapipe's threads included). */
  wall: Spread;
  cpu: Spread;
  /**
   * Milliseconds per step on the device, from GPU timestamps written at the begin and end of the step's
   * compute pass (the fused WGSL steps and the twin, where the adapter offers 'timestamp-query'); else null.
   */
  gpu: Spread | null;
  samples: number;
  /** Wall milliseconds per step of each round, in order: rounds of one interleaved set are paired (measure.ts). */
  rounds: readonly number[];
  /** Steps taken in all (warm-up included): as many for every implementation of a program and size. */
  steps: number;
  /** Whether the final weights are the interpreter's within the tolerance table; null where it did not run. */
  agrees: boolean | null;
}

/** What a step costs before the first one (at the smallest size), by `${implementation}-${backend}`. */
export interface ColdCosts {
  program: string;
  /** Median of 5, early in the process: source text → WGSL, and → the tfjs target's step function. */
  compile_wgsl_ms: number;
  compile_tfjs_ms: number;
  /**
   * The first of those 5: for the first program, the process's first compilation, in which V8 also compiles
   * optic's own code (and Chevrotain's) from scratch.
   */
  first_compile_wgsl_ms: number;
  first_compile_tfjs_ms: number;
  /** Median of 5 after 20 rounds of compiling every program to both targets: what a long-running process pays. */
  warm_compile_wgsl_ms: number;
  warm_compile_tfjs_ms: number;
  /** Creating the WGSL module's shader modules and pipelines on the webgpu device, the first time (null: no device). */
  pipelines_wgsl_ms: number | null;
  /** Opening the implementation (compiling, pipelines, bind groups, buffers, tensors), then its first step. */
  open_ms: Record<string, number>;
  first_step_ms: Record<string, number>;
}

export interface BenchResult {
  rows: BenchRow[];
  cold: ColdCosts[];
  /** The tfjs backends that ran, with what was found ('webgpu (llvmpipe)'). */
  backends: string[];
  /** Which loop (js-loop.ts) each program is equivalent to, and whether it is Adam. */
  programs: { name: string; loop: LoopKind | null; adam: boolean }[];
  /** The WGSL kernels' tile shapes (`64x4`), the ratios' first. */
  tiles: string[];
  /** Whether tfjs's webgpu device has 'timestamp-query' (rows' `gpu` for the fused WGSL steps and the twin). */
  gpuTimestamps: boolean;
}

interface Planned extends BenchProgram {
  readonly adam: boolean;
  readonly loop?: LoopKind;
}

type Build = () => Promise<StepVariant>;

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const note = options.note ?? (() => undefined);
  // tf.train.adam is a fair reference for a program equivalent to Adam as tfjs computes it (programs/tfjs/
  // adam.opt), whose hyperparameters it then reads by that program's names: the loop's test (js-loop.ts).
  const planned: Planned[] = options.programs.map((p) => {
    const loop = loopKind(p.program);
    return { ...p, adam: loop === 'adam', ...(loop ? { loop } : {}) };
  });
  const available: Backend[] = [];
  const backends: string[] = [];
  for (const backend of BENCH_BACKENDS) {
    const chosen = await useTfjsBackend(backend).catch((e: Error) =>
      note(`tfjs ${backend}: not available (${e.message}); skipped`),
    );
    if (!chosen) continue;
    available.push(backend);
    backends.push(chosen.description);
  }
  const rows: BenchRow[] = [];
  const wanted = new Set<Implementation>(options.implementations ?? IMPLEMENTATIONS);
  /** Without --tiles, the one for tfjs's webgpu device's adapter (set in its phase; the target's default else). */
  let tiles = options.tiles ?? [DEFAULT_TILE];
  let gpuTimestamps = false;
  const cold = new Map(options.programs.map((p) => [p.name, compileCosts(p)]));
  warmCompileCosts(options.programs, cold);
  const smallest = Math.min(...options.params);
  for (const n of [...options.params].sort((a, b) => a - b)) {
    const { sizes } = benchModel(n, options.tensors);
    /** The interpreter's final weights by program index, the reference of every phase. */
    const reference = new Map<number, Float64Array[]>();
    for (const [phase, backend] of available.entries()) {
      await useTfjsBackend(backend);
      if (backend === 'webgpu' && n === smallest) await timePipelines(planned, cold);
      const builds: Record<string, Build> = {};
      const add = (i: number, implementation: Implementation, where: Backend | 'js', build: Build, tile = -1) => {
        if (wanted.has(implementation)) builds[`${i}/${implementation}-${where}${tile >= 0 ? `@${tile}` : ''}`] = build;
      };
      // tfjs's webgpu device, in its phase: the fused steps run on it, at the tiles for its adapter by default.
      const device = backend === 'webgpu' ? (tf.backend() as WebGPUBackend).device : undefined;
      if (device) {
        gpuTimestamps = device.features.has('timestamp-query');
        tiles = options.tiles ?? [tileFor(device.adapterInfo)];
      }
      planned.forEach((p, i) => {
        if (device) {
          tiles.forEach((tile, t) => {
            add(i, 'wgsl', 'webgpu', () => wgslVariant(device, p.program, sizes, { tile }), t);
            add(i, 'wgsl-unchecked', 'webgpu', () => wgslVariant(device, p.program, sizes, { tile, checks: false }), t);
            add(i, 'traffic-twin', 'webgpu', () => wgslVariant(device, p.program, sizes, { tile, traffic: true }), t);
          });
        }
        add(i, 'tfjs', backend, () => tfjsVariant(p.program, sizes));
        if (p.adam) add(i, 'tf.train.adam', backend, () => tfAdamVariant(sizes, p.program));
        if (phase === 0 && p.loop) add(i, 'js-loop', 'js', () => jsLoopVariant(p.loop!, p.program, sizes));
        if (phase === 0 && n <= options.interpLimit) add(i, 'interp', 'js', () => interpVariant(p.program, sizes));
      });
      if (Object.keys(builds).length === 0) continue;
      note(`${n} parameters in ${sizes.length} tensors, ${backend} phase: ${Object.keys(builds).join(', ')}`);
      const timed = await timeVariants(builds, options.steps, reference);
      for (const [key, t] of Object.entries(timed.rows)) {
        const { program, implementation, backend: where, tile } = splitKey(key);
        const p = planned[program];
        const shape = tile === undefined ? null : tileName(tiles[tile]);
        rows.push({
          program: p.name,
          params: n,
          tensors: sizes.length,
          implementation,
          backend: where,
          tile: shape,
          ...t,
        });
        if (n === smallest && (tile ?? 0) === 0)
          recordCold(cold, p.name, `${implementation}-${where}`, timed.cold[key]);
      }
    }
  }
  const programs = planned.map((p) => ({ name: p.name, loop: p.loop ?? null, adam: p.adam }));
  return { rows, cold: [...cold.values()], backends, programs, tiles: tiles.map(tileName), gpuTimestamps };
}

/**
 * `${program index}/${implementation}-${backend}`, with `@${tile index}` for the WGSL kernels: the keys of one
 * interleaved set.
 */
function splitKey(key: string): {
  program: number;
  implementation: Implementation;
  backend: Backend | 'js';
  tile?: number;
} {
  const slash = key.indexOf('/');
  const at = key.indexOf('@');
  const end = at < 0 ? key.length : at;
  const cut = key.lastIndexOf('-', end);
  return {
    program: Number(key.slice(0, slash)),
    implementation: key.slice(slash + 1, cut) as Implementation,
    backend: key.slice(cut + 1, end) as Backend | 'js',
    ...(at < 0 ? {} : { tile: Number(key.slice(at + 1)) }),
  };
}

const toWgsl = (p: BenchProgram) => compileSource(p.source, p.file, 'wgsl');
const toTfjs = (p: BenchProgram) => instantiateStep(compileSource(p.source, p.file, 'tfjs').output!.step);

/** Milliseconds of each of `n` calls. */
function times(n: number, f: () => void): number[] {
  return Array.from({ length: n }, () => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  });
}

/** 5 compilations of the source text to each target (the tfjs one up to a callable step): the first and the median. */
function compileCosts(p: BenchProgram): ColdCosts {
  const wgsl = times(5, () => toWgsl(p));
  const tfjs = times(5, () => toTfjs(p));
  return {
    program: p.name,
    compile_wgsl_ms: spread(wgsl).median,
    compile_tfjs_ms: spread(tfjs).median,
    first_compile_wgsl_ms: wgsl[0],
    first_compile_tfjs_ms: tfjs[0],
    warm_compile_wgsl_ms: Number.NaN,
    warm_compile_tfjs_ms: Number.NaN,
    pipelines_wgsl_ms: null,
    open_ms: {},
    first_step_ms: {},
  };
}

/** Compile times once V8 has optimised the compiler: 20 rounds over every program and target, then 5 timed. */
function warmCompileCosts(programs: readonly BenchProgram[], cold: Map<string, ColdCosts>): void {
  for (let round = 0; round < 20; round++) {
    for (const p of programs) {
      toWgsl(p);
      toTfjs(p);
    }
  }
  for (const p of programs) {
    const entry = cold.get(p.name)!;
    entry.warm_compile_wgsl_ms = spread(times(5, () => toWgsl(p))).median;
    entry.warm_compile_tfjs_ms = spread(times(5, () => toTfjs(p))).median;
  }
}

/** The first creation of each program's pipelines on tfjs's webgpu device (pipelines.ts caches them after). */
async function timePipelines(planned: readonly BenchProgram[], cold: Map<string, ColdCosts>): Promise<void> {
  const device = (tf.backend() as WebGPUBackend).device;
  for (const p of planned) {
    const module = compileSource(p.source, p.file, 'wgsl').output!;
    const t0 = performance.now();
    await pipelines(device, module);
    cold.get(p.name)!.pipelines_wgsl_ms = performance.now() - t0;
  }
}

function recordCold(into: Map<string, ColdCosts>, program: string, key: string, cold: StepVariant['cold']) {
  const entry = into.get(program)!;
  entry.open_ms[key] = cold.open;
  entry.first_step_ms[key] = cold.first;
}

/** The tolerance table's row for an implementation's float32 (or float64) arithmetic. */
function toleranceOf(key: string): Tolerance {
  const { implementation, backend } = splitKey(key);
  if (implementation === 'interp') return TOLERANCE.float64;
  if (implementation === 'wgsl' || implementation === 'wgsl-unchecked') return TOLERANCE.wgsl;
  if (implementation === 'js-loop') return TOLERANCE['tfjs-cpu'];
  return TOLERANCE[`tfjs-${backend as Backend}`];
}

interface Timed {
  rows: Record<string, Omit<BenchRow, 'program' | 'params' | 'tensors' | 'implementation' | 'backend' | 'tile'>>;
  cold: Record<string, StepVariant['cold']>;
}

/**
 * Builds every variant, times them interleaved, then compares each one's weights with its program's
 * interpreter's: from this set when it ran here (and then kept in `reference`), else from an earlier one.
 */
async function timeVariants(
  builds: Record<string, Build>,
  steps: number,
  reference: Map<number, Float64Array[]>,
): Promise<Timed> {
  const built: Record<string, StepVariant> = {};
  const cold: Timed['cold'] = {};
  try {
    for (const [key, build] of Object.entries(builds)) {
      built[key] = await build();
      cold[key] = built[key].cold;
    }
    const perRound = Math.max(1, Math.min(5, Math.floor(steps / 3)));
    const rounds = Math.max(3, Math.ceil(steps / perRound));
    const warmup = 1;
    const timings = await measure(Object.fromEntries(Object.entries(built).map(([k, v]) => [k, () => v.run()])), {
      rounds,
      perRound,
      warmup,
    });
    const weights = Object.fromEntries(
      await Promise.all(Object.entries(built).map(async ([k, v]) => [k, await v.weights()] as const)),
    );
    for (const key of Object.keys(weights))
      if (splitKey(key).implementation === 'interp') reference.set(splitKey(key).program, weights[key]);
    const rows: Timed['rows'] = {};
    for (const [key, t] of Object.entries(timings)) {
      const expected = reference.get(splitKey(key).program);
      const comparable = expected && splitKey(key).implementation !== 'traffic-twin';
      const agrees = comparable ? compareTensors(expected, weights[key], toleranceOf(key)) === null : null;
      const steps = 1 + warmup + rounds * perRound;
      rows[key] = { wall: t.wall, cpu: t.cpu, gpu: t.gpu ?? null, samples: t.samples, rounds: t.rounds, steps, agrees };
    }
    return { rows, cold };
  } finally {
    Object.values(built).forEach((v) => v.dispose());
  }
}
