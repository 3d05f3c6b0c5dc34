// IR → WGSL: one shader module with every pass of a step as an entry point, plus a manifest of its bindings
// (wgsl-manifest.ts). A step is: for each reduction stage a tile pass and a combine pass (stage 1's also tests
// the gradient for NaN and ±Inf by bit pattern), then apply_step (the whole program fused: w ← w − update and
// the new state; with reductions in place, skipped when stage 1 found the gradient non-finite; without, it
// tests the gradient itself while it writes, so it reads one half of the double-buffered weights and state
// and writes the other), then, without reductions, carry_over (a skipped step copies the half it read over
// the half it wrote: nothing changed; dispatched indirectly, with workgroups only when apply_step skipped
// the step), then finish_step (the step counter, on the GPU, so that a skipped step
// needs no round trip). The kernels do no
// arithmetic with the counter: what depends on the step is computed by the host in float64 (compiler/
// scalars.ts), and the counter only picks the row of those values written for its step number. Nothing
// depends on the model's size: one pipeline per program serves any model.
//
// Rows and cols values (a tensor's R×C view: `sum_rows`, `mean_cols`, state slots of R or C numbers): a
// tensor's tiles share out its rows and columns; the tile pass of a row or column reduction's stage sums
// each of its rows (C contiguous elements) and columns (R elements, C apart) into the tensor's line sums in
// `sums`, never read back; later passes read them at an element's row `e / C` and column `e % C`, or per row
// and column (per-tensor sums of rows or cols values: those tiles' partials; the new rows and cols state:
// written by apply_step once per row and column into the other half of their double-buffered place in
// `sums`, which finish_step makes current unless the step was skipped). A stage with only row and column
// reductions has no combine pass.

import type { Program } from '../ir.ts';
import type { MathMode } from '../ops.ts';
import { emitBody, stateAt, trafficBody, weightAt } from './wgsl-body.ts';
import { carryKernel, combineKernel, finishKernel, type Output, reduceKernel, stepKernel } from './wgsl-kernels.ts';
import { declarations, manifest as makeManifest, type Manifest } from './wgsl-manifest.ts';
import { helperSource, type WgslType } from './wgsl-ops.ts';
import { reciprocalDivisors } from './wgsl-lower.ts';
import { mangle, plan as makePlan } from './wgsl-plan.ts';
import { DEFAULT_TILE, type TileShape } from './wgsl-tiles.ts';

export interface WgslOptions {
  math?: MathMode;
  /** Also store each step's update in a buffer (the manifest's `packed.update`), for hosts that print it. */
  writeUpdate?: boolean;
  /** Threads per workgroup and vec4s per thread of the elementwise kernels (a scheduling choice; see results/wgsl-speed.md). */
  tile?: TileShape;
  /**
   * The traffic twin (`optic bench`'s limit): apply_step reads and writes what the program's does, with each
   * output the sum of the tensors read and no non-finite checks; every other pass is the program's own.
   */
  traffic?: boolean;
  /**
   * false: apply_step without its non-finite checks (no flag bits 0 and 1 from it, so a NaN is neither skipped
   * nor reported): only for `optic bench`, to measure what the checks cost. Default true.
   */
  checks?: boolean;
}

export interface WgslModule {
  readonly code: string;
  readonly manifest: Manifest;
  /**
   * Each entry point alone with the declarations and helpers (valid WGSL each): a host compiles one shader
   * module per pass, since a driver compiling a pipeline works through the whole module it is given, and a
   * program with n reduction stages has 2n + 2 pipelines.
   */
  readonly passCode: Readonly<Record<string, string>>;
}

/** Emits `program` as it is: simplifying it first is the driver's part (compiler/pipeline.ts). */
export function emitWgsl(source: Program, options: WgslOptions = {}): WgslModule {
  const math = options.math ?? 'ieee';
  const program = reciprocalDivisors(source, math);
  const plan = makePlan(program, math);
  const shape = options.tile ?? DEFAULT_TILE;
  if (
    !(
      shape.workgroup >= 2 &&
      (shape.workgroup & (shape.workgroup - 1)) === 0 &&
      shape.workgroup <= 256 &&
      Number.isInteger(shape.perThread) &&
      shape.perThread >= 1
    )
  ) {
    throw new Error(
      `wgsl: a tile shape needs a power-of-2 workgroup of 2 to 256 threads and a whole number of vec4s per thread (got ${JSON.stringify(shape)})`,
    );
  }
  const manifest = makeManifest(plan, options.writeUpdate ?? false, shape);
  const { packed } = manifest;
  const outputs: Output[] = [
    { target: weightAt('out'), id: program.outputs.update, from: weightAt('in') },
    // Rows and cols state is written once per row or column (stepKernel), not per element.
    ...program.outputs.state.flatMap((id, k) => {
      const slot = plan.stateSlots[k];
      return slot.type === 'tensor' ? [{ target: stateAt(slot.index, 'out'), id }] : [];
    }),
    ...(packed.update ? [{ target: `${packed.update}[i]`, id: program.outputs.update }] : []),
  ];
  const stepBody = (options.traffic ? trafficBody : emitBody)(
    plan,
    outputs.map((o) => o.id),
    plan.stages.length,
  );
  const stages = plan.stages.map((slots, s) => {
    const reduce = reduceKernel(plan, s + 1, slots, shape);
    return { reduce, combine: combineKernel(plan, s + 1, slots, shape) };
  });
  // Before the helpers are collected: it adds those of its rows and cols bodies to stepBody's.
  const kind = options.traffic ? 'traffic' : options.checks === false ? 'unchecked' : 'checked';
  const applyStep = stepKernel(plan, outputs, stepBody, shape, kind);
  const bodies = [stepBody, ...stages.map((s) => s.reduce.body)];
  const helpers = new Set(bodies.flatMap((b) => [...b.helpers]));
  const types = new Set<WgslType>(bodies.flatMap((b) => [...b.helperTypes]));
  const accRows = Math.max(1, ...plan.stages.map((s) => s.length));
  const prelude = [
    header(program),
    declarations(manifest),
    `var<workgroup> acc: array<f32, ${accRows * shape.workgroup}>;`,
    helperSource(helpers, [...types].sort()),
    NON_FINITE,
  ];
  const kernels: [string, string][] = [
    // A stage with only row and column reductions has no per-tensor sums to combine: no combine pass.
    ...stages.flatMap((s, k): [string, string][] => [
      [`reduce_tiles_${k + 1}`, s.reduce.code],
      ...(plan.stages[k].length > 0 ? [[`combine_${k + 1}`, s.combine] as [string, string]] : []),
    ]),
    ['apply_step', applyStep],
    ...(plan.stages.length === 0 ? [['carry_over', carryKernel(plan, shape, packed.update)] as [string, string]] : []),
    ['finish_step', finishKernel(plan.lines)],
  ];
  const text = (parts: readonly string[]) => `${parts.filter((part) => part !== '').join('\n\n')}\n`;
  const passCode = Object.fromEntries(kernels.map(([entry, kernel]) => [entry, text([...prelude, kernel])]));
  return { code: text([...prelude, ...kernels.map(([, kernel]) => kernel)]), manifest, passCode };
}

/**
 * What `optic compile --target wgsl` prints: the module, then its manifest as JSON in a closing block comment
 * (every `/` escaped, a valid JSON escape, so no `*\/` in a name can end the comment): still valid WGSL.
 */
export function printWgsl({ code, manifest }: WgslModule): string {
  return `${code}\n/* optic-manifest\n${JSON.stringify(manifest, null, 2).replaceAll('/', '\\/')}\n*/\n`;
}

/** Names in comments are mangled too: no user text reaches the WGSL. */
function header(program: Program): string {
  const sig = program.signature;
  const names = (list: readonly string[]) => list.map(mangle).join(', ') || 'none';
  return [
    '// Generated by optic (WGSL target): one fused optimizer step over all parameters of a model.',
    `// train(${names([sig.w, sig.g, ...sig.state, ...sig.inputs])}); hyperparameters: ${names(sig.hypers.map((h) => h.name))}.`,
    '// Bindings and layouts: see the manifest printed beside this module.',
  ].join('\n');
}

const NON_FINITE = `// A value is NaN or an infinity when its exponent bits are all set.
fn exponent_bits(x: vec4f) -> vec4u {
  return bitcast<vec4u>(x) & vec4u(0x7f800000u);
}`;
