// `optic bench`'s measurements: for each size and program, the fused WGSL step, the tfjs target on tfjs's
// webgpu and cpu backends, and tf.train.adam beside them when the program is Adam (equivalent to
// programs/tfjs/adam.opt, tfjs's own formula). The variants of one (program, size, backend) are timed
// interleaved (measure.ts), so a passing load falls on all of them alike.

import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { equivalent } from '../equiv.ts';
import { useTfjsBackend } from '../tfjs/backends.ts';
import { shipped } from '../root.ts';
import { measure, type Spread } from './measure.ts';
import { tfAdamVariant, tfjsVariant, wgslVariant, type StepVariant } from './variants.ts';

export interface BenchProgram {
  readonly name: string;
  readonly program: Program;
}

export interface BenchOptions {
  programs: readonly BenchProgram[];
  params: readonly number[];
  /** Timed steps per variant (spread over interleaved rounds). */
  steps: number;
  /** Where progress goes (stderr). */
  note?: (message: string) => void;
}

export interface BenchRow {
  program: string;
  params: number;
  /** wgsl (fused kernel, on tfjs's webgpu device), tfjs-webgpu, tfjs-cpu, tf.train.adam-webgpu, tf.train.adam-cpu. */
  engine: string;
  /** Milliseconds per step: wall time, and this process's CPU time (lavapipe's threads included). */
  wall: Spread;
  cpu: Spread;
  samples: number;
}

type Builder = (program: Program, n: number) => Promise<StepVariant>;

const ADAM_FILE = shipped('programs/tfjs/adam.opt');

/** Adam as tf.train.adam computes it, up to rounding: then tf.train.adam is a fair reference. */
export function isAdam(program: Program): boolean {
  const reference = compileFile(ADAM_FILE).program!;
  return equivalent(program, reference, { steps: 3, trials: 20, seed: 1, states: true }).kind === 'equivalent';
}

export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  const note = options.note ?? (() => undefined);
  const adam = new Set(options.programs.filter((p) => isAdam(p.program)).map((p) => p.name));
  const rows: BenchRow[] = [];
  for (const backend of ['webgpu', 'cpu'] as const) {
    const chosen = await useTfjsBackend(backend).catch((e: Error) =>
      note(`tfjs ${backend}: not available (${e.message}); skipped`),
    );
    if (!chosen) continue;
    const engines: Record<string, Builder> = {};
    if (backend === 'webgpu') {
      const device = (tf.backend() as WebGPUBackend).device;
      engines.wgsl = (p, n) => wgslVariant(device, p, n);
    }
    engines[`tfjs-${backend}`] = tfjsVariant;
    for (const n of options.params) {
      for (const { name, program } of options.programs) {
        const builders = {
          ...engines,
          ...(adam.has(name) ? { [`tf.train.adam-${backend}`]: (_: Program, k: number) => tfAdamVariant(k) } : {}),
        };
        note(`${name}, ${n} parameters, ${chosen.description}: ${Object.keys(builders).join(', ')}`);
        rows.push(...(await timeVariants(name, program, n, builders, options.steps)));
      }
    }
  }
  return rows;
}

async function timeVariants(
  name: string,
  program: Program,
  n: number,
  builders: Record<string, Builder>,
  steps: number,
): Promise<BenchRow[]> {
  const built: Record<string, StepVariant> = {};
  try {
    for (const [engine, build] of Object.entries(builders)) built[engine] = await build(program, n);
    const perRound = Math.max(1, Math.min(5, Math.floor(steps / 3)));
    const timings = await measure(Object.fromEntries(Object.entries(built).map(([k, v]) => [k, () => v.run()])), {
      rounds: Math.max(3, Math.ceil(steps / perRound)),
      perRound,
      warmup: 1,
    });
    return Object.entries(timings).map(([engine, t]) => ({
      program: name,
      params: n,
      engine,
      wall: t.wall,
      cpu: t.cpu,
      samples: t.samples,
    }));
  } finally {
    Object.values(built).forEach((v) => v.dispose());
  }
}

/** A fixed-width table: one row per measurement, with the step time relative to the fused WGSL step's. */
export function formatBench(rows: readonly BenchRow[]): string {
  const wgsl = (r: BenchRow) =>
    rows.find((x) => x.engine === 'wgsl' && x.program === r.program && x.params === r.params);
  const ms = (x: number) => x.toFixed(2);
  const table = [['program', 'params', 'engine', 'wall ms (median)', 'p10–p90', 'cpu ms', '× wgsl']];
  for (const r of rows) {
    const base = wgsl(r);
    table.push([
      r.program,
      String(r.params),
      r.engine,
      ms(r.wall.median),
      `${ms(r.wall.p10)}–${ms(r.wall.p90)}`,
      ms(r.cpu.median),
      base ? (r.wall.median / base.wall.median).toFixed(1) : '–',
    ]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  return `${table
    .map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n')}\n`;
}
