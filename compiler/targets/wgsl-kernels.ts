// The kernel templates of the WGSL target. Every elementwise kernel walks tiles (wgsl-tiles.ts): a tile is up
// to workgroup × perThread vec4s (by default 64 × 4 = 256 vec4s, 1,024 elements) of one parameter tensor
// inside one chunk, one workgroup per tile, in a grid-stride loop so that no dispatch needs more than 65,535
// workgroups. The tile table (`tab`) says which tensor a tile belongs to, so per-tensor hyperparameters and
// per-tensor reductions need no search; everything scalar (hyperparameters, step, reductions' results) is
// computed once per tile. Measurements behind the choices: results/wgsl-speed.md.

import type { ValueId } from '../ir.ts';
import {
  type Body,
  type Context,
  emitBody,
  lineIndex,
  lineStateAt,
  scratchAt,
  stateAt,
  weightAt,
} from './wgsl-body.ts';
import { eachLine, indent, lineSums, merged } from './wgsl-lines.ts';
import type { Plan, SumSlot } from './wgsl-plan.ts';
import {
  ARGS,
  checkGradient,
  checkOpen,
  eachVec4,
  seeNonFinite,
  seenClose,
  seenOpen,
  skipClose,
  type TileShape,
  tileOpen,
} from './wgsl-tiles.ts';

/** Where the step kernel writes a program output: `target` (a vec4 place), or `target = from - value` for the weights. */
export interface Output {
  readonly target: string;
  readonly id: ValueId;
  readonly from?: string;
}

/**
 * What apply_step is: the program's step with its non-finite checks, the same step without them
 * (WgslOptions.checks false: `optic bench`'s measure of what the checks cost), or its traffic twin.
 */
export type StepKind = 'checked' | 'unchecked' | 'traffic';

/**
 * The fused step: every output of the program, then w <- w - update and the new state, in one pass, from the
 * half of weights and state it reads to the half it writes. Without reductions it also checks the gradient
 * (flag bit 0, under P.check): it cannot know before it writes, and needs not, since it writes the other half.
 */
export function stepKernel(
  plan: Plan,
  outputs: readonly Output[],
  body: Body,
  shape: TileShape,
  kind: StepKind = 'checked',
): string {
  if (kind === 'traffic') return twinKernel(outputs, body, shape, plan.lines);
  const checked = kind === 'checked';
  const check = checked && plan.stages.length === 0;
  const value = (id: ValueId) => {
    const v = body.value(id);
    return plan.program.nodes[id].type === 'scalar' ? `vec4f(${v})` : v;
  };
  const results = outputs.map((o, k) => `let out${k} = ${value(o.id)};`);
  const exponents = outputs.map((_, k) => `exponent_bits(out${k})`).reduce((a, b) => `max(${a}, ${b})`);
  // The new rows and cols state: once per row and column, by the tiles that own them, into the other half.
  const bodies: Body[] = [body];
  const lineOutputs = (['rows', 'cols'] as const).flatMap((axis) => {
    const slots = plan.stateSlots.flatMap((s, k) => (s.type === axis ? [k] : []));
    if (slots.length === 0) return [];
    const ids = slots.map((k) => plan.program.outputs.state[k]);
    const lineBody = emitBody(plan, ids, plan.stages.length, axis);
    bodies.push(lineBody);
    return [
      `// The new ${axis} state, once per ${axis === 'rows' ? 'row' : 'column'}.`,
      ...eachLine(axis, shape, [
        ...lineBody.lines,
        ...slots.map((k, j) => `${lineStateAt(plan, k, 'out', 'ln')} = ${lineBody.value(ids[j])};`),
        ...(checked ? slots.map((_, j) => seeNonFinite(`exponent_bits(vec4f(${lineBody.value(ids[j])}))`)) : []),
      ]),
    ];
  });
  const scalarLines = lineOutputs.length > 0 ? merged(bodies, body).scalarLines : body.scalarLines;
  // The module's prelude writes the helpers of `body`: those of the rows and cols bodies too.
  for (const b of bodies) {
    for (const h of b.helpers) body.helpers.add(h);
    for (const t of b.helperTypes) body.helperTypes.add(t);
  }
  const reduces = plan.stages.length > 0;
  return [
    check
      ? '// The step, and the gradient check: flag bit 0 on a non-finite gradient or input (when P.check is set).'
      : checked
        ? '// The step. Skipped entirely when stage 1 of the reductions raised flag bit 0 this step.'
        : '// The step without its non-finite checks (bench only: what they cost).',
    `@compute @workgroup_size(${shape.workgroup})`,
    `fn apply_step(${ARGS}) {`,
    ...(check ? indent(checkOpen(plan, 'seen_g'), '  ') : []),
    ...(reduces ? ['  if ((atomicLoad(&ctl.flag) & 1u) != 0u) { return; }'] : []),
    ...(checked ? indent(seenOpen, '  ') : []),
    ...indent(tileOpen(plan.slotCount, plan.lines), '  '),
    ...indent(scalarLines, '    '),
    ...indent(
      eachVec4(shape, [
        ...body.lines,
        ...results,
        ...(check ? [checkGradient('seen_g', body.gradient)] : []),
        ...(checked ? [seeNonFinite(exponents, 'valid')] : []),
        ...outputs.map((o, k) => `${o.target} = ${o.from ? `${o.from} - ` : ''}out${k};`),
      ]),
      '    ',
    ),
    ...indent(lineOutputs, '    '),
    '  }',
    ...(check ? indent(skipClose, '  ') : []),
    ...(checked
      ? [
          '  // Flag bit 1: the step produced a NaN or an infinity (reported when the step is applied: finish_step).',
          ...indent(seenClose(2), '  '),
        ]
      : []),
    ...(plan.perStep.outputs.length > 0
      ? [
          "  // Flag bit 2: the host did not have this step's per-step scalars (too many unread skipped steps).",
          '  if (wg.x == 0u && lane == 0u && P.assumed_step - ctl.step >= P.per_step_rows) { atomicOr(&ctl.flag, 4u); }',
        ]
      : []),
    '}',
  ].join('\n');
}

/** The traffic twin's step (WgslOptions.traffic): the tile loop, the loads and the stores, nothing else. */
function twinKernel(outputs: readonly Output[], body: Body, shape: TileShape, lines: boolean): string {
  return [
    '// The traffic twin of the step: the same reads and writes, each output the sum of the tensors read.',
    `@compute @workgroup_size(${shape.workgroup})`,
    `fn apply_step(${ARGS}) {`,
    ...indent(tileOpen(0, lines), '  '),
    ...indent(
      eachVec4(shape, [
        ...body.lines,
        ...outputs.map((o) => `${o.target} = ${o.from ? `${o.from} - ` : ''}${body.value(o.id)};`),
      ]),
      '    ',
    ),
    '  }',
    '}',
  ].join('\n');
}

/** One stage's tile pass: each tile's partial sums of the stage's reductions, by a workgroup tree. */
export function reduceKernel(
  plan: Plan,
  stage: number,
  slots: readonly SumSlot[],
  shape: TileShape,
): { code: string; body: Body } {
  const args = (slot: SumSlot) => slot.pair.map((k) => plan.program.nodes[slot.node].args[k]);
  const inDomain = (d: Context) =>
    slots.flatMap((slot, j) => (slot.domain === (d === 'element' ? 'tensor' : d) ? [j] : []));
  // The values of the previous stage later passes read: written here, the first pass that can compute them.
  const written = [...plan.scratch].filter(([id]) => plan.stage.get(id) === stage - 1);
  const elementSlots = inDomain('element');
  const body = emitBody(
    plan,
    [...elementSlots.flatMap((j) => args(slots[j])), ...written.map(([id]) => id)],
    stage - 1,
  );
  const writes = written.map(([id, region]) => `${scratchAt(region)} = ${body.value(id)};`);
  const n = slots.length;
  const factor = (b: Body, ids: readonly ValueId[], one: string) =>
    ids.length === 0 ? one : ids.map((id) => b.value(id)).join(' * ');
  const products = elementSlots.map(
    (j) => `p${j} += dot(select(vec4f(0f), ${factor(body, args(slots[j]), 'vec4f(1f)')}, valid), vec4f(1f));`,
  );
  // Rows and columns: the line sums of the stage's row and column reductions, and the partial sums of its
  // per-tensor reductions of rows and cols values, over the tile's rows and columns.
  const bodies: Body[] = [body];
  const lineParts = (['rows', 'cols'] as const).flatMap((axis) => {
    const lines = plan.lineStages[stage - 1].filter((l) => l.axis === axis);
    const sumArgs = lines.map((l) => plan.program.nodes[l.node].args[0]);
    const lineBody = emitBody(plan, sumArgs, stage - 1);
    const domain = inDomain(axis);
    const valueBody = emitBody(
      plan,
      domain.flatMap((j) => args(slots[j])),
      stage - 1,
      axis,
    );
    bodies.push(lineBody, valueBody);
    if (lines.length === 0 && domain.length === 0) return [];
    const target = (j: number) => lineIndex('t_lines', plan.lineSums, axis, lines[j].index, 'ln');
    const what = [
      ...(lines.length > 0 ? [axis === 'rows' ? 'row sums' : 'column sums'] : []),
      ...(domain.length > 0 ? [`per-tensor sums of ${axis} values`] : []),
    ];
    return [
      `// The tile's ${axis}: ${what.join(', and ')}.`,
      ...eachLine(axis, shape, [
        '{',
        ...indent(lineSums(axis, lineBody, sumArgs, target), '  '),
        '}',
        ...valueBody.lines,
        ...domain.map((j) => `p${j} += ${factor(valueBody, args(slots[j]), '1f')};`),
      ]),
    ];
  });
  const all = merged(bodies, body);
  // Stage 1 reads every tile before anything is written: it checks the gradient (apply_step then need not).
  const check = stage === 1;
  const code = [
    `// Stage ${stage}, tile pass: the partial sums of each tile (written to the partials part of \`sums\`).`,
    ...(check ? ['// Also raises flag bit 0 on a non-finite gradient or input (when P.check is set).'] : []),
    `@compute @workgroup_size(${shape.workgroup})`,
    `fn reduce_tiles_${stage}(${ARGS}) {`,
    ...(check ? indent(checkOpen(plan), '  ') : []),
    ...indent(tileOpen(plan.slotCount, plan.lines), '  '),
    ...indent(all.scalarLines, '    '),
    ...slots.map((_, j) => `    var p${j} = 0f;`),
    // A stage whose sums are all over rows and columns (factored Adafactor's mean(vr)) reads no element here.
    ...(products.length + writes.length > 0 || check
      ? indent(
          eachVec4(shape, [
            ...body.lines,
            ...products,
            ...writes,
            ...(check ? [checkGradient('seen', body.gradient)] : []),
          ]),
          '    ',
        )
      : []),
    ...indent(lineParts, '    '),
    ...indent(
      treeReduce(
        shape.workgroup,
        n,
        (j) => `p${j}`,
        (j) => `sums[P.part_base + tile * ${plan.slotCount}u + ${slots[j].slot}u]`,
      ),
      '    ',
    ),
    '  }',
    ...(check ? indent(seenClose(1, 'P.check != 0u'), '  ') : []),
    '}',
  ].join('\n');
  return { code, body: all };
}

/** One stage's combine pass: workgroup j < n_tensors sums tensor j's tiles, workgroup n_tensors all tiles. */
export function combineKernel(plan: Plan, stage: number, slots: readonly SumSlot[], shape: TileShape): string {
  const K = plan.slotCount;
  return [
    `// Stage ${stage}, combine pass: row j < n_tensors of \`sums\` gets tensor j's sums, row n_tensors the sums over`,
    '// every tile (the global reductions).',
    `@compute @workgroup_size(${shape.workgroup})`,
    `fn combine_${stage}(${ARGS}) {`,
    '  for (var j = wg.x; j <= P.n_tensors; j += nwg.x) {',
    '    var first = 0u;',
    '    var count = P.n_tiles;',
    '    if (j < P.n_tensors) {',
    '      first = tab[P.tensor_base + P.tensor_stride * j];',
    '      count = tab[P.tensor_base + P.tensor_stride * j + 1u];',
    '    }',
    ...slots.map((_, j) => `    var q${j} = 0f;`),
    `    for (var x = lane; x < count; x += ${shape.workgroup}u) {`,
    `      let base = P.part_base + (first + x) * ${K}u;`,
    ...slots.map((s, j) => `      q${j} += sums[base + ${s.slot}u];`),
    '    }',
    ...indent(
      treeReduce(
        shape.workgroup,
        slots.length,
        (j) => `q${j}`,
        (j) => `sums[j * ${K}u + ${slots[j].slot}u]`,
      ),
      '    ',
    ),
    '  }',
    '}',
  ].join('\n');
}

/** Sums each of `n` per-thread values over the workgroup (`acc` holds n rows of `size`) and stores lane 0's. */
function treeReduce(size: number, n: number, value: (j: number) => string, target: (j: number) => string): string[] {
  const rows = Array.from({ length: n }, (_, j) => j);
  return [
    ...rows.map((j) => `acc[${j * size}u + lane] = ${value(j)};`),
    'workgroupBarrier();',
    `for (var half = ${size / 2}u; half > 0u; half >>= 1u) {`,
    '  if (lane < half) {',
    ...rows.map((j) => `    acc[${j * size}u + lane] += acc[${j * size}u + lane + half];`),
    '  }',
    '  workgroupBarrier();',
    '}',
    'if (lane == 0u) {',
    ...rows.map((j) => `  ${target(j)} = acc[${j * size}u];`),
    '}',
    'workgroupBarrier();',
  ];
}

/**
 * After a skipped step (flag bit 0), copies the half of weights and state the step read over the half it
 * wrote, so that the host, which reads and binds the halves in turn, finds them unchanged; the update of a
 * skipped step is zero. Its dispatch is indirect: apply_step gives it workgroups only when it skips the step.
 */
export function carryKernel(plan: Plan, shape: TileShape, update?: string): string {
  const slots = plan.stateSlots.flatMap((s) => (s.type === 'tensor' ? [s.index] : []));
  return [
    '// A skipped step changes nothing: the weights and state it read are copied over those it wrote.',
    `@compute @workgroup_size(${shape.workgroup})`,
    `fn carry_over(${ARGS}) {`,
    '  for (var k = wg.x; k < C.tile_count; k += nwg.x) {',
    '    let tile = C.tile_begin + k;',
    '    let first = tab[4u * tile + 1u];',
    '    let count = tab[4u * tile + 2u];',
    `    for (var q = lane; q < count; q += ${shape.workgroup}u) {`,
    '      let i = first + q;',
    `      ${weightAt('out')} = ${weightAt('in')};`,
    ...slots.map((k) => `      ${stateAt(k, 'out')} = ${stateAt(k, 'in')};`),
    ...(update ? [`      ${update}[i] = vec4f(0f);`] : []),
    '    }',
    '  }',
    '}',
  ].join('\n');
}

/** Advances the step counter on the GPU, or counts a skipped step; clears the flag and carry_over's count. */
export function finishKernel(lines = false): string {
  return [
    '// Ends a step: the counter advances unless the step was skipped; flags accumulate in `seen` (a skipped',
    "// step's results are not reported: it changed nothing).",
    '@compute @workgroup_size(1)',
    'fn finish_step() {',
    '  var f = atomicLoad(&ctl.flag);',
    '  if ((f & 1u) == 0u) {',
    '    ctl.step += 1u;',
    '    if (ctl.step == 0u) { ctl.step_hi += 1u; }',
    ...(lines
      ? ['    ctl.parity ^= 1u; // the rows and cols state written this step is the one the next step reads']
      : []),
    '  } else {',
    '    ctl.skipped += 1u;',
    '    f &= ~2u;',
    '  }',
    '  ctl.seen |= f;',
    '  atomicStore(&ctl.flag, 0u);',
    '  atomicStore(&ctl.carry_x, 0u);',
    '}',
  ].join('\n');
}
