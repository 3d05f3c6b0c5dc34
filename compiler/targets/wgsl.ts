// IR → WGSL: one shader module with every pass of a step as an entry point, plus a manifest of its bindings
// (wgsl-manifest.ts). A step is: check_gradient (non-finite test by bit pattern; in a program with reductions
// the first stage's tile pass does it instead), then for each reduction stage a tile pass and a combine pass, then apply_step (the whole program fused, w ← w − update and the new
// state written in place), then finish_step (the step counter, on the GPU, so that a skipped step needs no
// round trip). Nothing depends on the model's size: one pipeline per program serves any model.

import type { Program, ValueId } from '../ir.ts';
import type { MathMode } from '../ops.ts';
import { simplify } from '../passes/simplify.ts';
import { emitBody, stateBinding } from './wgsl-body.ts';
import {
  checkKernel,
  combineKernel,
  DEFAULT_TILE,
  finishKernel,
  reduceKernel,
  stepKernel,
  type TileShape,
} from './wgsl-kernels.ts';
import { manifest, paramsFields, type Manifest, type Pass } from './wgsl-manifest.ts';
import { helperSource, type WgslType } from './wgsl-ops.ts';
import { mangle, plan as makePlan } from './wgsl-plan.ts';

export interface WgslOptions {
  math?: MathMode;
  /** Run the exact-level simplifier first (dead code, copies, constants, common subexpressions); default true. */
  simplify?: boolean;
  /** Also store each step's update in a buffer `upd` (binding 7 + state slots), for hosts that print it. */
  writeUpdate?: boolean;
  /** Threads per workgroup and vec4s per thread of the elementwise kernels (a scheduling choice; see results/wgsl-speed.md). */
  tile?: TileShape;
}

export interface WgslModule {
  readonly code: string;
  readonly manifest: Manifest;
}

export function emitWgsl(source: Program, options: WgslOptions = {}): WgslModule {
  const program = options.simplify === false ? source : simplify(source, 'exact').program;
  const plan = makePlan(program, options.math ?? 'ieee');
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
  const sig = program.signature;
  const outputs: { target: string; id: ValueId }[] = [
    { target: 'w', id: program.outputs.update },
    ...program.outputs.state.map((id, k) => ({ target: stateBinding(sig.state, k), id })),
    ...(options.writeUpdate ? [{ target: 'upd', id: program.outputs.update }] : []),
  ];
  const stepBody = emitBody(
    plan,
    outputs.map((o) => o.id),
    plan.stages.length,
  );
  const stages = plan.stages.map((slots, s) => {
    const reduce = reduceKernel(plan, s + 1, slots, shape);
    return { reduce, combine: combineKernel(plan, s + 1, slots, shape) };
  });
  const bodies = [stepBody, ...stages.map((s) => s.reduce.body)];
  const helpers = new Set(bodies.flatMap((b) => [...b.helpers]));
  const types = new Set<WgslType>(bodies.flatMap((b) => [...b.helperTypes]));
  const passes: Pass[] = [
    ...(stages.length === 0
      ? [
          {
            entryPoint: 'check_gradient',
            dispatch: 'tiles' as const,
            doc: 'skip and error policies only: flag bit 0 on a non-finite gradient',
          },
        ]
      : []),
    ...stages.flatMap((_, s) => [
      {
        entryPoint: `reduce_tiles_${s + 1}`,
        dispatch: 'tiles' as const,
        doc: `reduction stage ${s + 1}: partial sums per tile`,
      },
      {
        entryPoint: `combine_${s + 1}`,
        dispatch: 'rows' as const,
        doc: `reduction stage ${s + 1}: sums per tensor and global`,
      },
    ]),
    { entryPoint: 'apply_step', dispatch: 'tiles', doc: 'the fused step' },
    { entryPoint: 'finish_step', dispatch: 'one', doc: 'advance the step counter, clear the flag' },
  ];
  const accRows = Math.max(1, ...plan.stages.map((s) => s.length));
  const code = `${[
    header(program),
    declarations(plan, accRows * shape.workgroup, options.writeUpdate ?? false),
    helperSource(helpers, [...types].sort()),
    NON_FINITE,
    checkKernel(shape),
    ...stages.flatMap((s) => [s.reduce.code, s.combine]),
    stepKernel(plan, outputs, stepBody, shape),
    finishKernel(),
  ]
    .filter((part) => part !== '')
    .join('\n\n')}\n`;
  return { code, manifest: manifest(plan, passes, options.writeUpdate ?? false, shape) };
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

function declarations(plan: ReturnType<typeof makePlan>, accSize: number, writeUpdate: boolean): string {
  const sig = plan.program.signature;
  const params = paramsFields(plan).map((f) => `  ${f.name}: ${f.type},`);
  return [
    `struct Params {\n${params.join('\n')}\n}`,
    'struct Chunk {\n  tile_begin: u32,\n  tile_count: u32,\n}',
    'struct Control {\n  flag: atomic<u32>,\n  step: u32,\n  skipped: u32,\n  seen: u32,\n}',
    [
      '@group(0) @binding(0) var<uniform> P: Params;',
      '@group(0) @binding(1) var<uniform> C: Chunk;',
      '@group(0) @binding(2) var<storage, read> tab: array<u32>;',
      '@group(0) @binding(3) var<storage, read_write> ctl: Control;',
      '@group(0) @binding(4) var<storage, read_write> sums: array<f32>;',
      '@group(0) @binding(5) var<storage, read_write> w: array<vec4f>;',
      '@group(0) @binding(6) var<storage, read> g: array<vec4f>;',
      ...sig.state.map(
        (_, k) => `@group(0) @binding(${7 + k}) var<storage, read_write> ${stateBinding(sig.state, k)}: array<vec4f>;`,
      ),
      ...(writeUpdate
        ? [`@group(0) @binding(${7 + sig.state.length}) var<storage, read_write> upd: array<vec4f>;`]
        : []),
    ].join('\n'),
    `var<workgroup> acc: array<f32, ${accSize}>;`,
  ].join('\n\n');
}

const NON_FINITE = `// A value is NaN or an infinity when its exponent bits are all set.
fn exponent_bits(x: vec4f) -> vec4u {
  return bitcast<vec4u>(x) & vec4u(0x7f800000u);
}`;
