// The straight-line part of every kernel: one `let` per IR node a kernel needs, in IR order, with tensors as
// `vec4f` (four consecutive elements of one parameter tensor) and scalars as `f32`. The tile loop around it
// (wgsl-tiles.ts) defines `i` (this thread's vec4 in its chunk), `t` (the tile's tensor) and `h` (where that
// tensor's hyperparameters start in `tab`, followed by the per-step scalars the host computed for this step,
// compiler/scalars.ts: nothing a kernel computes depends on a step counter of its own).

import type { Node, ValueId } from '../ir.ts';
import type { OpName } from '../ops.ts';
import { EMIT, type WgslType } from './wgsl-ops.ts';
import { axisUse, def, type LineSlot, literal, mangle, neededBy, type Plan, readsScratch } from './wgsl-plan.ts';

/** Ops written with WGSL's arithmetic operators, which accept a scalar beside a vector as is. */
const MIXES = new Set<OpName>(['add', 'sub', 'mul', 'div', 'negative', 'square', 'cube', 'reciprocal', 'interpolate']);

export interface Body {
  /** Scalar nodes: the same for every element of a tile (hyperparameters, step, reductions' results). */
  readonly scalarLines: string[];
  /** Tensor nodes: one vec4 each. */
  readonly lines: string[];
  /** The WGSL expression of a node the body computed (or a literal/uniform for folded ones). */
  readonly value: (id: ValueId) => string;
  readonly helpers: Set<string>;
  readonly helperTypes: Set<WgslType>;
  /** The variable the body loads `g[i]` into, if it does (the gradient check reads it from there). */
  readonly gradient?: string;
}

/**
 * Where a body computes its values. `element`: per vec4 of a tensor (`i`), a rows or cols value as the vec4
 * of its values at the rows or columns of those four elements (gathered from `sums`); `rows` and `cols`: per
 * row or column `ln` of the tile's tensor, a rows or cols value as one f32 (no tensor value is needed there:
 * a tensor combined with rows is a tensor).
 */
export type Context = 'element' | 'rows' | 'cols';

export const typeOf = (node: Node, ctx: Context = 'element'): WgslType =>
  node.type === 'scalar' || ctx !== 'element' ? 'f32' : 'vec4f';

function nodeName(node: Node): string {
  return node.name ? `v${node.id}_${mangle(node.name)}` : `v${node.id}`;
}

/** The row of `sums` holding a reduction's values: its tensor's row, or the global row after the last tensor. */
const sumRow = (global: boolean) => (global ? 'global_row' : 'tensor_row');

/**
 * Emits the nodes needed to compute `roots`, reading the results of reductions of stage ≤ `available` from
 * `sums` (a root may not be a reduction of a later stage).
 */
export function emitBody(
  plan: Plan,
  roots: readonly ValueId[],
  available: number,
  ctx: Context = 'element',
): Body & { gathers: boolean } {
  const { program } = plan;
  const needed = neededBy(plan, roots, available);
  const body = {
    scalarLines: [] as string[],
    lines: [] as string[],
    value: (id: ValueId) => valueExpr(plan, id),
    helpers: new Set<string>(),
    helperTypes: new Set<WgslType>(),
    ctx,
    gathers: false,
    gradient: undefined as string | undefined,
  };
  // A scalar never depends on a tensor (a reduction's scalar value comes from `sums`), so the scalars can
  // be computed once per tile, before the loop over its vec4s.
  if (plan.perStep.outputs.some((o) => needed.has(o.id))) body.scalarLines.push(PER_STEP_ROW);
  for (const node of program.nodes) {
    if (!needed.has(node.id)) continue;
    const value = readsScratch(plan, node.id, available) ? scratchAt(plan.scratch.get(node.id)!) : undefined;
    const line = `let ${nodeName(node)} = ${value ?? expression(plan, node, body)};`;
    if (node.op === 'g') body.gradient = nodeName(node);
    (node.type === 'scalar' ? body.scalarLines : body.lines).push(line);
  }
  // The row and column of each of the vec4's elements, for the rows and cols values gathered.
  if (body.gathers) body.lines.unshift(...ELEMENT_LINES);
  return body;
}

/**
 * Element `el = 4 · (i − t_first) + k` of the tile's tensor is at row `el / C` and column `el % C` of its R×C
 * view: with C ≥ 4 from one division (the four elements span at most two rows), else four.
 */
const ELEMENT_LINES = [
  'let el = 4u * (i - t_first);',
  'var row4 = vec4u(el) + vec4u(0u, 1u, 2u, 3u);',
  'var col4 = row4;',
  'if (t_c >= 4u) {',
  '  let row = el / t_c;',
  '  let col = vec4u(el - row * t_c) + vec4u(0u, 1u, 2u, 3u);',
  '  let wrap = col >= vec4u(t_c);',
  '  col4 = select(col, col - vec4u(t_c), wrap);',
  '  row4 = vec4u(row) + select(vec4u(0u), vec4u(1u), wrap);',
  '} else {',
  '  col4 = row4 % vec4u(t_c);',
  '  row4 = row4 / vec4u(t_c);',
  '}',
];

/**
 * Index into `sums` of a tensor's line value at `index`: `lineSums` rows slots of R numbers, then cols slots of
 * C, from `base` (t_lines for the line sums, rc_in + t_rc or rc_out + t_rc for the rows and cols state).
 */
export function lineIndex(
  base: string,
  counts: { rows: number; cols: number },
  axis: 'rows' | 'cols',
  slot: number,
  index: string,
): string {
  const offset = axis === 'rows' ? slot : counts.rows;
  const parts = [
    base,
    ...(offset > 0 ? [`${offset}u * t_r`] : []),
    ...(axis === 'cols' && slot > 0 ? [`${slot}u * t_c`] : []),
  ];
  return `sums[${parts.join(' + ')} + ${index}]`;
}

/** A rows or cols value at `ctx`: one f32 at line `ln`, or the vec4 of the rows or columns of four elements. */
function lineValue(body: { ctx: Context; gathers: boolean }, at: (index: string) => string, axis: 'rows' | 'cols') {
  if (body.ctx !== 'element') return at('ln');
  body.gathers = true;
  const v = axis === 'rows' ? 'row4' : 'col4';
  return `vec4f(${['x', 'y', 'z', 'w'].map((c) => at(`${v}.${c}`)).join(', ')})`;
}

/** Rows or cols state slot `k` (its StateSlot), in the half a step reads (`in`) or writes (`out`). */
export const lineStateAt = (plan: Plan, k: number, half: Half, index: string) => {
  const slot = plan.stateSlots[k];
  return lineIndex(`rc_${half} + t_rc`, plan.lineState, slot.type as 'rows' | 'cols', slot.index, index);
};

/** A line reduction's value at `index`: its sum, divided by the count for a mean. */
export function lineSumAt(plan: Plan, line: LineSlot, index: string): string {
  const sum = lineIndex('t_lines', plan.lineSums, line.axis, line.index, index);
  return line.mean ? `(${sum} / f32(${line.axis === 'rows' ? 't_c' : 't_r'}))` : sum;
}

/**
 * The traffic twin's body (WgslOptions.traffic): the tensors the real body reads for `roots` (leaves, and
 * values an earlier pass materialized), loaded alike, and every tensor output their sum: the same reads and
 * writes with the least arithmetic, the fair limit of a device for a program's memory traffic.
 */
export function trafficBody(plan: Plan, roots: readonly ValueId[], available: number): Body {
  const needed = neededBy(plan, roots, available);
  const loads = plan.program.nodes.filter(
    (n) => needed.has(n.id) && n.type === 'tensor' && (!def(n) || readsScratch(plan, n.id, available)),
  );
  const load = (n: Node) => (readsScratch(plan, n.id, available) ? scratchAt(plan.scratch.get(n.id)!) : leaf(plan, n));
  const sum = loads.length > 0 ? `(${loads.map(nodeName).join(' + ')})` : 'vec4f(0f)';
  return {
    scalarLines: [],
    lines: loads.map((n) => `let ${nodeName(n)} = ${load(n)};`),
    value: (id) => (plan.program.nodes[id].type === 'tensor' ? sum : 'vec4f(0f)'),
    helpers: new Set(),
    helperTypes: new Set(),
  };
}

function valueExpr(plan: Plan, id: ValueId): string {
  const v = plan.folded.get(id);
  if (v === undefined) return nodeName(plan.program.nodes[id]);
  const special = plan.specials.findIndex((s) => s.node === id);
  return special >= 0 ? `P.k${special}` : literal(v);
}

function leaf(plan: Plan, node: Node, body?: { ctx: Context; gathers: boolean }): string {
  const sig = plan.program.signature;
  switch (node.op) {
    case 'w':
      return weightAt('in');
    case 'g':
      return 'g[i]';
    case 'state': {
      const slot = plan.stateSlots[node.index!];
      if (slot.type === 'tensor') return stateAt(slot.index);
      if (!body) throw new Error('wgsl: a rows or cols state slot read outside a body');
      return lineValue(body, (index) => lineStateAt(plan, node.index!, 'in', index), slot.type);
    }
    case 'input':
      return `P.${inputField(sig.inputs, node.index!)}`;
    case 'hyper':
      return `bitcast<f32>(tab[h + ${node.index}u])`;
  }
  throw new Error(`wgsl: unexpected leaf ${node.op}`);
}

/**
 * Where this step's per-step scalars start after the hyperparameters: the host writes them for the step
 * number it assumes and the P.per_step_rows − 1 numbers below it, since steps the GPU skipped (a non-finite
 * gradient) may not have been read back yet; row j is for the step j below the assumed one, and the GPU's own
 * counter says which row is this step's. (Further behind, apply_step raises flag bit 2.)
 */
const PER_STEP_ROW = 'let ps_row = min(P.assumed_step - ctl.step, P.per_step_rows - 1u) * P.per_step_count;';

/**
 * Weights and state of a program without reductions are double-buffered (wgsl-manifest.ts's `halves`): a step
 * reads the half its chunk's `C.w_in` and `C.st_in` point at and writes the other, so a step found non-finite
 * after some tiles were written changes nothing (the `carry_over` pass copies the read half over the written
 * one). With one half, `_in` and `_out` are both 0: the step writes in place.
 */
export type Half = 'in' | 'out';

/** The weights' vec4 `i` of this chunk, in the half a step reads (`in`) or writes (`out`). */
export const weightAt = (half: Half) => `w[C.w_${half} + i]`;

/** State slot k's vec4 `i` of this chunk: every slot of a half lives in one binding, C.state_stride vec4s apart. */
export const stateAt = (k: number, half: Half = 'in') =>
  k === 0 ? `st[C.st_${half} + i]` : `st[C.st_${half} + i + ${k}u * C.state_stride]`;

/** Region r of the materialized values (`sc`, laid out as `st`: regions C.state_stride vec4s apart). */
export const scratchAt = (r: number) => (r === 0 ? 'sc[i]' : `sc[i + ${r}u * C.state_stride]`);
export const inputField = (names: readonly string[], k: number) => `in${k}_${mangle(names[k])}`;

function expression(plan: Plan, node: Node, body: Body & { ctx: Context; gathers: boolean }): string {
  const k = plan.perStepIndex.get(node.id);
  if (k !== undefined) return `bitcast<f32>(tab[h + ${plan.program.signature.hypers.length + k}u + ps_row])`;
  const d = def(node);
  if (!d) return leaf(plan, node, body);
  const emitter = EMIT[node.op as OpName];
  const arg = (a: ValueId) => body.value(a);
  if (d.kind === 'axis_reduce') {
    const line = plan.lineOf.get(node.id);
    if (line) return lineValue(body, (index) => lineSumAt(plan, line, index), line.axis);
    if (axisUse(plan.program, node) === 'identity') return arg(node.args[0]);
    // Across a rows or cols value: the sum of its R or C numbers (the mean divides by the count).
    const sums = plan.slotsOf.get(node.id)!.map((s) => `sums[${sumRow(s.global)} + ${s.slot}u]`);
    return d.mean ? `(${sums[0]} / ${sums[1]})` : sums[0];
  }
  if (emitter.kind === 'reduce') {
    const slots = plan.slotsOf.get(node.id)!;
    const sums = slots.map((s) => `sums[${sumRow(s.global)} + ${s.slot}u]`);
    const scalars = node.args.filter((_, k) => d.argTypes[k] === 'scalar').map(arg);
    const r = emitter.finish(sums, scalars);
    return emitter.map ? emitter.map(arg(node.args[0]), r) : r;
  }
  if (emitter.kind !== 'elementwise') throw new Error(`wgsl: no emitter for ${node.op}`);
  const t = typeOf(node, body.ctx);
  const splat = t === 'vec4f' && !MIXES.has(node.op as OpName);
  const args = node.args.map((a) => (splat && plan.program.nodes[a].type === 'scalar' ? `vec4f(${arg(a)})` : arg(a)));
  for (const h of emitter.helpers ?? []) body.helpers.add(h);
  if (emitter.helpers) body.helperTypes.add(t);
  return emitter.emit(args, t, plan.math);
}
