// What the op table's row builders (compiler/ops.ts: unary, binary, perTensor, perAxis) put in every row of their
// kind: one parameter name and one argument type per argument (the program generator draws an argument per
// entry of argTypes; the type checker and verify() check one per entry), and the result type the type checker
// and verify() give a call. A wrong field in a builder breaks every op of its kind, which the rows' own tests
// (ops.test.ts, the interpreter's) need not notice: argTypes 'any' is what the type checker assumes anyway.

import { describe, expect, it } from 'vitest';
import { resultType, type Type } from '../../compiler/ir.ts';
import { OPS, type OpName } from '../../compiler/ops.ts';

const rows = [...OPS.values()];
const ofKind = (kind: string, arity?: number) =>
  rows.filter((d) => d.kind === kind && (arity === undefined || d.arity === arity)).map((d) => d.name as OpName);

describe('the rows of the op table', () => {
  it('every row lists one parameter name and one argument type per argument', () => {
    for (const def of rows) {
      expect(def.params, def.name).toHaveLength(def.arity);
      expect(def.argTypes, def.name).toHaveLength(def.arity);
    }
  });

  it("elementwise ops accept any argument ('any'), and there are one-, two- and three-argument ones", () => {
    for (const arity of [1, 2, 3]) {
      const names = ofKind('elementwise', arity);
      expect(names.length, `arity ${arity}`).toBeGreaterThan(0);
      for (const name of names) expect(OPS.get(name)!.argTypes, name).toEqual(Array(arity).fill('any'));
    }
    expect(ofKind('elementwise', 1)).toEqual(expect.arrayContaining(['negative', 'sqrt', 'reciprocal']));
    expect(ofKind('elementwise', 2)).toEqual(expect.arrayContaining(['add', 'max', 'lt', 'clip']));
  });

  it('an elementwise call has the broadcast type of its arguments', () => {
    const cases: [Type[], Type][] = [
      [['scalar'], 'scalar'],
      [['tensor'], 'tensor'],
      [['rows'], 'rows'],
      [['cols'], 'cols'],
    ];
    for (const name of ofKind('elementwise', 1))
      for (const [args, want] of cases) expect(resultType(name, args), `${name}(${args})`).toBe(want);
    const pairs: [Type[], Type][] = [
      [['scalar', 'scalar'], 'scalar'],
      [['scalar', 'tensor'], 'tensor'],
      [['rows', 'scalar'], 'rows'],
      [['rows', 'cols'], 'tensor'],
    ];
    for (const name of ofKind('elementwise', 2))
      for (const [args, want] of pairs) expect(resultType(name, args), `${name}(${args})`).toBe(want);
  });

  it('norm, sum, mean and size reduce each parameter tensor (or rows or cols value) to a scalar', () => {
    expect(ofKind('tensor_reduce').sort()).toEqual(['mean', 'norm', 'size', 'sum']);
    for (const name of ofKind('tensor_reduce')) {
      expect(OPS.get(name)!.argTypes, name).toEqual(['shaped']);
      for (const arg of ['tensor', 'rows', 'cols'] as const) expect(resultType(name, [arg]), name).toBe('scalar');
    }
  });

  it('the axis reductions keep their axis', () => {
    expect(ofKind('axis_reduce').sort()).toEqual(['mean_cols', 'mean_rows', 'sum_cols', 'sum_rows']);
    for (const name of ofKind('axis_reduce')) {
      const axis = OPS.get(name)!.axis;
      expect(name.endsWith(axis!), name).toBe(true);
      expect(resultType(name, ['tensor']), name).toBe(axis);
    }
  });
});
