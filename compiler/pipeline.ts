// The compiler driver, a straight list (Halide's Lower.cpp in miniature): parse → lower → simplify(level, math)
// → target. It is the one place a program is simplified before a target emits it, so the math mode reaches
// constant folding and the rewrite rules as surely as it reaches the target's emitters: under Hero's protected
// math, `g * (1 / -1e-8)` keeps its division (1 / (-1e-8 + 1e-8) is Inf) instead of becoming `g * -1e8`.
// Targets emit what they are given; the front end (frontend.ts) never simplifies, so every command can still
// see the program as written.

import type { Diagnostic } from '../grammar/diagnostics.ts';
import { compile } from './frontend.ts';
import type { Program } from './ir.ts';
import type { MathMode } from './ops.ts';
import { simplify, type Level } from './passes/simplify.ts';
import { emitTfjs } from './targets/tfjs.ts';
import { emitWgsl } from './targets/wgsl.ts';

export interface PipelineOptions {
  /** IEEE (default) or Hero's protected division, logarithms and square root: folding, rules and targets follow it. */
  math?: MathMode;
  /** How far to simplify: 'exact' (default: NaN, ±Inf and signed zeros kept), 'finite', or 'none'. */
  level?: Level | 'none';
}

/** The targets by name; each takes its own options besides the pipeline's. */
export const TARGETS = { tfjs: emitTfjs, wgsl: emitWgsl } as const;

export type Target = keyof typeof TARGETS;
type Emit<T extends Target> = (typeof TARGETS)[T];
export type TargetOptions<T extends Target> = PipelineOptions & NonNullable<Parameters<Emit<T>>[1]>;
export type TargetOutput<T extends Target> = ReturnType<Emit<T>>;

/** The middle of the pipeline: `simplify(level, math)`, or the program itself at level 'none'. */
export function optimize(program: Program, options: PipelineOptions = {}): Program {
  const level = options.level ?? 'exact';
  return level === 'none' ? program : simplify(program, level, { math: options.math ?? 'ieee' }).program;
}

/** A lowered program through the rest of the pipeline: simplified under its math mode, then emitted. */
export function compileProgram<T extends Target>(
  program: Program,
  target: T,
  options: TargetOptions<T> = {} as TargetOptions<T>,
): TargetOutput<T> {
  const emit = TARGETS[target] as (program: Program, options: TargetOptions<T>) => TargetOutput<T>;
  return emit(optimize(program, options), options);
}

/** The whole pipeline from source text; the target's output only when the program has no errors. */
export function compileSource<T extends Target>(
  source: string,
  file: string,
  target: T,
  options: TargetOptions<T> = {} as TargetOptions<T>,
): { output?: TargetOutput<T>; diagnostics: Diagnostic[] } {
  const { program, diagnostics } = compile(source, file);
  return program ? { output: compileProgram(program, target, options), diagnostics } : { diagnostics };
}
