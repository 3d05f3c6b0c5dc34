// The WGSL target's plan (compiler/targets/wgsl-plan.ts) read directly, with no adapter: which reductions run
// in which stage and what they sum, which row and column reductions are line sums, which folded constants
// must be uniforms, and which values a later pass reads from the scratch buffer, in which region. The expected
// values follow from the rules the file's comments state, worked out by hand for each program.

import { describe, expect, it } from 'vitest';
import { IRBuilder, type Program, type ValueId } from '../../../compiler/ir.ts';
import type { OpName } from '../../../compiler/ops.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { axisUse, literal, neededBy, plan, tileRoots } from '../../../compiler/targets/wgsl-plan.ts';
import { printWgsl } from '../../../compiler/targets/wgsl.ts';
import { programOf } from '../../fixtures/compile.ts';

const source = (...lines: string[]) => `def train(w, g):\n${lines.map((l) => `    ${l}\n`).join('')}`;

/** The ids of a program's nodes with op `op`, in program order (the order of the source's statements). */
const idsOf = (program: Program, op: string): ValueId[] => program.nodes.filter((n) => n.op === op).map((n) => n.id);

describe('stages and line reductions', () => {
  it('a reduction no output reads gets no stage and no sums', () => {
    const p = plan(programOf(source('a = norm(g)', 'return 0.1 * g')));
    expect(p.stages).toEqual([]);
    expect(p.slotCount).toBe(0);
  });

  // sum_rows(g) is a line reduction (stage 1); sum_rows of that rows value is the value itself (no sums);
  // sum_cols and mean_cols of it sum its R numbers per tensor (stage 2, the mean also counts them).
  it('axis reductions of a rows value: the value itself along its axis, a per-tensor sum across it', () => {
    const program = programOf(source('r = sum_rows(g)', 'return g * sum_rows(r) + sum_cols(r) + mean_cols(r)'));
    const [rows, same] = idsOf(program, 'sum_rows');
    const [across] = idsOf(program, 'sum_cols');
    const [mean] = idsOf(program, 'mean_cols');
    expect(axisUse(program, program.nodes[rows])).toBe('line');
    expect(axisUse(program, program.nodes[same])).toBe('identity');
    expect(axisUse(program, program.nodes[across])).toBe('across');
    expect(axisUse(program, program.nodes[mean])).toBe('across');

    const p = plan(program);
    expect(p.lineStages).toEqual([[{ node: rows, axis: 'rows', mean: false, index: 0 }], []]);
    expect([...p.lineOf.keys()]).toEqual([rows]);
    expect(p.lineSums).toEqual({ rows: 1, cols: 0 });
    expect(p.stages).toEqual([
      [],
      [
        { slot: 0, node: across, pair: [0], global: false, domain: 'rows' },
        { slot: 1, node: mean, pair: [0], global: false, domain: 'rows' },
        { slot: 2, node: mean, pair: [], global: false, domain: 'rows' },
      ],
    ]);
    expect(p.stage.get(same)).toBe(1);
    expect(p.slotCount).toBe(3);
  });

  it('a cols value the same way: sum_cols of it is itself, mean_rows of it a mean over its C numbers', () => {
    const program = programOf(source('c = mean_cols(g)', 'return g * sum_cols(c) + mean_rows(c)'));
    const [line] = idsOf(program, 'mean_cols');
    const [same] = idsOf(program, 'sum_cols');
    const [mean] = idsOf(program, 'mean_rows');
    expect(axisUse(program, program.nodes[same])).toBe('identity');
    const p = plan(program);
    expect(p.lineStages).toEqual([[{ node: line, axis: 'cols', mean: true, index: 0 }], []]);
    expect(p.lineSums).toEqual({ rows: 0, cols: 1 });
    expect(p.stages[1]).toEqual([
      { slot: 0, node: mean, pair: [0], global: false, domain: 'cols' },
      { slot: 1, node: mean, pair: [], global: false, domain: 'cols' },
    ]);
  });

  // `lines` says the module has rows or cols values; these programs have no rows or cols state slot, so only
  // the values themselves can tell.
  it.each([
    ['rows', 'return g * sum_rows(g)'],
    ['cols', 'return g * sum_cols(g)'],
  ])('a module with %s values but no such state has lines', (_, statement) => {
    const p = plan(programOf(source(statement)));
    expect(p.lines).toBe(true);
    expect(p.stateSlots).toEqual([]);
    expect(p.lineStages).toHaveLength(p.stages.length);
  });

  it('a module with neither has none', () => {
    expect(plan(programOf(source('return g * norm(g)'))).lines).toBe(false);
  });

  it('a global reduction of a rows value is refused (the type checker refuses it first; IR built by hand)', () => {
    const b = new IRBuilder();
    b.leaf('w', 'tensor', { name: 'w' });
    const g = b.leaf('g', 'tensor', { name: 'g' });
    const rows = b.apply('sum_rows' as OpName, [g]);
    const update = b.apply('mul' as OpName, [g, b.apply('global_norm' as OpName, [rows])]);
    const program: Program = {
      file: 'rows.opt',
      signature: { fn: 'train', w: 'w', g: 'g', state: [], inputs: [], hypers: [] },
      nodes: b.nodes,
      outputs: { update, state: [] },
    };
    expect(() => plan(program)).toThrow('wgsl: global_norm of a rows value: global reductions take tensors');
  });
});

describe('folded constants and uniforms', () => {
  it('folds elementwise ops of constants in float32', () => {
    const program = programOf(source('return g * (2 * 3) + g * (1 / 3)'));
    const p = plan(program);
    const [six] = idsOf(program, 'mul');
    const [third] = idsOf(program, 'div');
    expect(p.folded.get(six)).toBe(6);
    expect(p.folded.get(third)).toBe(Math.fround(1 / 3));
  });

  it('the largest float32 and the smallest normal one are literals', () => {
    const p = plan(programOf(source('return g * 3.4028234663852886e38 + g * 1.1754943508222875e-38')));
    expect([...p.folded.values()]).toEqual([3.4028234663852886e38, 1.1754943508222875e-38]);
    expect(p.specials).toEqual([]);
  });

  it('a non-literal constant only a folded node reads is not written out', () => {
    // 1e39 is Infinity in float32; 1 / a folds to 0, a literal: the kernels never see a.
    const program = programOf(source('a = 1e39', 'return g * (1 / a)'));
    const p = plan(program);
    const [a] = idsOf(program, 'const');
    expect(p.folded.get(a)).toBe(Infinity);
    expect(p.specials).toEqual([]);
  });

  it('a non-literal update or state output is a uniform', () => {
    const update = programOf(source('return 1 / 0'));
    expect(plan(update).specials).toEqual([{ node: update.outputs.update, value: Infinity }]);
    const state = programOf('def train(w, g, m):\n    m = 1 / 0\n    return g, m\n');
    expect(plan(state).specials).toEqual([{ node: state.outputs.state[0], value: Infinity }]);
  });

  it('literal text keeps the sign of negative values and of -0', () => {
    expect(literal(-0)).toBe('(-0f)');
    expect(literal(0)).toBe('0f');
    expect(literal(-2.5)).toBe('(-2.5f)');
    expect(literal(2.5)).toBe('2.5f');
  });
});

describe('what a pass computes and reads', () => {
  it('clip_by_global_norm read after its stage needs its scalar bound and the argument it scales', () => {
    const program = programOf('c = 0.5\ndef train(w, g):\n    return clip_by_global_norm(g, c)\n');
    const p = plan(program);
    const [clip] = idsOf(program, 'clip_by_global_norm');
    const [hyper] = idsOf(program, 'hyper');
    const g = program.nodes[clip].args[0];
    expect([...neededBy(p, [clip], 1)].sort()).toEqual([g, hyper, clip].sort());
  });

  it('a reduction read by a pass before its stage is an error', () => {
    const program = programOf(source('return g * norm(g)'));
    const [norm] = idsOf(program, 'norm');
    expect(() => neededBy(plan(program), [norm], 0)).toThrow(`wgsl: reduction ${norm} read before its stage`);
  });

  it('a value only a dead node of a later stage reads is not materialized', () => {
    const program = programOf(source('x = g / (norm(g) + 1)', 'd = x / (norm(x) + 1)', 'return 0.1 * x'));
    const p = plan(program);
    expect(p.stages).toHaveLength(1);
    expect(p.scratch.size).toBe(0);
    expect(p.scratchRegions).toBe(0);
  });

  // p, q, r: stages 1, 2, 3 (written by tile passes 2, 3, 4; each read by the next pass, r by the step, pass 5);
  // x, e: stages 1, 2 (written by passes 2, 3; x last read by pass 3, which computes e; e read by the step).
  // Taken in the order they are written (p, x, q, e, r), each takes the first region whose last reader has
  // finished before its writer: p 0, x 1, q 2, e 3, and r (written by pass 4) reuses p's region 0.
  it('scratch regions: given out in the order values are written, reused once their last reader is done', () => {
    const program = programOf(
      source(
        'p = w / (norm(w) + 1)',
        'q = p / (norm(p) + 1)',
        'r = q / (norm(q) + 1)',
        't = r * norm(r)',
        'x = g / (norm(g) + 1)',
        'e = x * norm(x)',
        'return 0.1 * (t + e)',
      ),
    );
    const [p, q, r, x] = idsOf(program, 'div');
    const [, e] = idsOf(program, 'mul');
    const plan1 = plan(program);
    expect(plan1.stages).toHaveLength(4);
    expect([...plan1.scratch].sort(([a], [b]) => a - b)).toEqual(
      [
        [p, 0],
        [x, 1],
        [q, 2],
        [e, 3],
        [r, 0],
      ].sort(([a], [b]) => a - b),
    );
    expect(plan1.scratchRegions).toBe(4);
    // Tile pass 2 sums p² and x² and writes p and x, the stage-1 values it materializes.
    expect(tileRoots(plan1, 2)).toEqual([p, p, x, x, p, x]);
  });

  // x (stage 1, written by pass 2) is read last by the step, after y (stage 2) is written by pass 3: the two
  // need two regions (the first GPU case of reduce.test.ts, here without an adapter).
  it('a value the step reads keeps its region until the step', () => {
    const program = programOf(
      source('x = g / (norm(g) + 1)', 'y = g / (norm(x) + 1)', 'return 0.1 * (x + y / (norm(y) + 1))'),
    );
    const [x, y] = idsOf(program, 'div');
    const p = plan(program);
    expect([...p.scratch]).toEqual([
      [x, 0],
      [y, 1],
    ]);
    expect(p.scratchRegions).toBe(2);
  });
});

describe('the module', () => {
  it.each([
    [
      'a stage of row sums only has no combine pass',
      'return g * sum_rows(g)',
      ['reduce_tiles_1', 'apply_step', 'finish_step'],
    ],
    [
      'a stage of per-tensor sums has one',
      'return g * norm(g)',
      ['reduce_tiles_1', 'combine_1', 'apply_step', 'finish_step'],
    ],
    ['no reduction: the step and the carry-over', 'return 0.1 * g', ['apply_step', 'carry_over', 'finish_step']],
  ])('%s', (_, statement, passes) => {
    const module = compileProgram(programOf(source(statement)), 'wgsl');
    expect(Object.keys(module.passCode)).toEqual(passes);
    for (const pass of passes) expect(module.code).toContain(`fn ${pass}(`);
  });

  it('the printed module ends with its manifest as JSON in a block comment no name can close early', () => {
    const module = compileProgram(programOf('η = 0.1\ndef train(w, g):\n    return η * g\n'), 'wgsl');
    const printed = printWgsl(module);
    expect(printed.startsWith(`${module.code}\n/* optic-manifest\n`)).toBe(true);
    expect(printed.endsWith('\n*/\n')).toBe(true);
    const block = printed.slice(module.code.length + '\n/* optic-manifest\n'.length, -'\n*/\n'.length);
    expect(block).not.toContain('*/');
    expect(JSON.parse(block)).toEqual(JSON.parse(JSON.stringify(module.manifest)));
  });
});
