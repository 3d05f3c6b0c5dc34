// How the WGSL target's elementwise kernels (wgsl-kernels.ts) walk their work: a tile is up
// to workgroup × perThread vec4s of one parameter tensor inside one chunk, one workgroup per tile, in a
// grid-stride loop. These are the lines every such kernel opens and closes with: the tile loop, the vec4 loop,
// and the non-finite checks folded into them. Measurements behind the choices: results/wgsl-speed.md.

import { inputField } from './wgsl-body.ts';
import { indent } from './wgsl-lines.ts';
import type { Plan } from './wgsl-plan.ts';

/** How elementwise kernels cut the work: threads per workgroup (a power of 2) and vec4s per thread per tile. */
export interface TileShape {
  readonly workgroup: number;
  readonly perThread: number;
  /** Write each thread's vec4s out one after the other instead of looping over them. */
  readonly unroll?: boolean;
}

/** The target's tile when none is asked for: 64 threads × 4 vec4s (1,024 floats a workgroup), for GPUs. */
export const DEFAULT_TILE: TileShape = { workgroup: 64, perThread: 4 };

/**
 * The tile for CPU adapters (WebGPU's fallback adapters: Mesa's lavapipe, SwiftShader, WARP): 64 × 16. A
 * workgroup there is a loop on one core, and each tile opens by loading its tensor's hyperparameters and
 * per-step scalars once per lane; 4× the elements per tile spread that over 4× the work. On lavapipe,
 * idle, 1.3–1.6× faster steps than 64 × 4 for AdamW, Lion and Adam, with 1 tensor and with 64, and their
 * traffic twins 1.2–1.3× (results/bench/README.md, session 10). Not the GPU default: on a GPU it would leave
 * a quarter of the workgroups to hide memory latency with (not measured here: no GPU).
 */
export const CPU_TILE: TileShape = { workgroup: 64, perThread: 16 };

/** The tile for a device's adapter (GPUDevice.adapterInfo; absent in older browsers: the GPU default). */
export const tileFor = (adapter: { readonly isFallbackAdapter?: boolean } | undefined): TileShape =>
  adapter?.isFallbackAdapter ? CPU_TILE : DEFAULT_TILE;
export const tileVec4s = (shape: TileShape) => shape.workgroup * shape.perThread;
/** A tile shape as the command line writes it: threads per workgroup × vec4s per thread, `64x4`. */
export const tileName = (tile: TileShape) => `${tile.workgroup}x${tile.perThread}`;

export const ARGS =
  '@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lane: u32';

/**
 * Lines opening the tile loop: `tile`, `t` (its tensor), `h` (its hyperparameters), its extent, the sums rows;
 * with rows or cols values (`lines`), the tensor's R×C view and where its line sums and line state live, and the
 * rows [r0, r1) and columns [c0, c1) this tile computes (a tensor's tiles share them out in order).
 */
export function tileOpen(slotCount: number, lines: boolean): string[] {
  return [
    'for (var k = wg.x; k < C.tile_count; k += nwg.x) {',
    '  let tile = C.tile_begin + k;',
    '  let t = tab[4u * tile];',
    ...(lines
      ? [
          '  let tb = P.tensor_base + P.tensor_stride * t;',
          '  let h = tb + 6u;',
          '  let t_tile0 = tab[tb];',
          '  let t_tiles = tab[tb + 1u];',
          '  let t_r = tab[tb + 2u];',
          '  let t_c = tab[tb + 3u];',
          '  let t_lines = tab[tb + 4u];',
          '  let t_rc = tab[tb + 5u];',
          '  let t_first = tab[4u * t_tile0 + 1u];',
          '  let per_r = (t_r + t_tiles - 1u) / t_tiles;',
          '  let r0 = min(t_r, (tile - t_tile0) * per_r);',
          '  let r1 = min(t_r, r0 + per_r);',
          '  let per_c = (t_c + t_tiles - 1u) / t_tiles;',
          '  let c0 = min(t_c, (tile - t_tile0) * per_c);',
          '  let c1 = min(t_c, c0 + per_c);',
          '  // The half of the rows and cols state a step reads; finish_step flips `parity` after a step taken.',
          '  let rc_in = P.rc_base + ctl.parity * P.rc_half;',
          '  let rc_out = P.rc_base + (1u - ctl.parity) * P.rc_half;',
        ]
      : ['  let h = P.tensor_base + P.tensor_stride * t + 2u;']),
    '  let first = tab[4u * tile + 1u];',
    '  let count = tab[4u * tile + 2u];',
    '  let elements = tab[4u * tile + 3u];',
    ...(slotCount > 0
      ? [`  let tensor_row = t * ${slotCount}u;`, `  let global_row = P.n_tensors * ${slotCount}u;`]
      : []),
  ];
}

/**
 * `inner` once for each of this thread's vec4s of the tile, with `q` (its index in the tile), `i` (in the
 * chunk) and `valid` (its lanes inside the tensor) defined: a loop, or with `unroll` (and always for one vec4
 * per thread, where a loop that runs once still cost ~30% on lavapipe) the vec4s written out one by one.
 */
export function eachVec4(shape: TileShape, inner: readonly string[]): string[] {
  const body = [
    '  let i = first + q;',
    '  // Lanes past the end of the tensor (its padding to a multiple of 4) take no part in sums and checks.',
    '  let valid = vec4u(4u * q) + vec4u(0u, 1u, 2u, 3u) < vec4u(elements);',
    ...indent(inner, '  '),
    '}',
  ];
  if (!shape.unroll && shape.perThread > 1)
    return [`for (var q = lane; q < count; q += ${shape.workgroup}u) {`, ...body];
  const at = (k: number) => (k === 0 ? 'lane' : `lane + ${k * shape.workgroup}u`);
  return Array.from({ length: shape.perThread }, (_, k) => [
    `if (${at(k)} < count) {`,
    `  let q = ${at(k)};`,
    ...body,
  ]).flat();
}

/** A value's exponent field (`exponent_bits`) when the value is NaN or an infinity: all ones. */
const NON_FINITE = 'vec4u(0x7f800000u)';

/** Whether any lane of `exponents` (exponent fields, where `mask` holds if given) is all ones: a bool. */
export const nonFinite = (exponents: string, mask?: string) =>
  mask ? `any((${exponents} == ${NON_FINITE}) & ${mask})` : `any(${exponents} == ${NON_FINITE})`;

/**
 * Each thread keeps one bool (`seen`), whether it met a non-finite value, folded in with a non-short-circuit
 * `|` (no branch), and tests it once at the end: an atomic, or even a branch, per vec4 cost a step ~15% on
 * lavapipe. A bool, not the largest exponent field per lane (a vec4u): on lavapipe each vec4 a thread holds
 * across the loop takes four of AVX2's 16 vector registers, a bool one (Adam's checks cost less so, measured in
 * results/wgsl-speed.md).
 */
export const seenOpen = ['var seen = false;'];

/** `seen` (named `name`) |= whether `exponents` (see nonFinite) has a non-finite lane. */
export const seeNonFinite = (exponents: string, mask?: string, name = 'seen') =>
  `${name} = ${name} | ${nonFinite(exponents, mask)};`;

/**
 * The gradient check's `seen` (named `name`), starting from the per-step inputs (four per vec4): a
 * non-finite input is treated as a non-finite gradient (skipped, an error, or let through).
 */
export function checkOpen(plan: Plan, name = 'seen'): string[] {
  const sig = plan.program.signature;
  const fields = sig.inputs.map((_, k) => `P.${inputField(sig.inputs, k)}`);
  if (fields.length === 0) return [`var ${name} = false;`];
  const quads = Array.from({ length: Math.ceil(fields.length / 4) }, (_, q) => {
    const four = [...fields.slice(4 * q, 4 * q + 4), '0f', '0f', '0f'].slice(0, 4);
    return `exponent_bits(vec4f(${four.join(', ')}))`;
  });
  return [`var ${name} = ${nonFinite(quads.reduce((a, b) => `max(${a}, ${b})`))};`];
}
export const seenClose = (bit: number, when?: string, name = 'seen') => [
  `if (${when ? `${when} && ` : ''}${name}) { atomicOr(&ctl.flag, ${bit}u); }`,
];
/** Workgroups of carry_over at most: its grid-stride loop covers every tile of the chunk. */
const CARRY_WORKGROUPS = 64;
/**
 * The fused step's check, closed: a non-finite gradient or input raises flag bit 0 and sets carry_over's
 * workgroup count (its indirect dispatch's, zero otherwise: finish_step clears it), so only a skipped step
 * runs carry_over's workgroups.
 */
export const skipClose = [
  'if (P.check != 0u && seen_g) {',
  '  atomicOr(&ctl.flag, 1u);',
  `  atomicMax(&ctl.carry_x, min(${CARRY_WORKGROUPS}u, nwg.x));`,
  '}',
];
/**
 * Folds the gradient's vec4 `i` into the check's `seen` (named `name`): `g`, the value the step loaded, if it
 * did (one load instead of two).
 */
export const checkGradient = (name: string, g = 'g[i]') => seeNonFinite(`exponent_bits(${g})`, 'valid', name);
