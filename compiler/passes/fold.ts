// Constant folding: an elementwise op whose arguments are all constants becomes its value, computed with
// the op table's float64 semantics, the same function the interpreter runs, so the result is the one the
// program would compute (a float32 target may differ from it by rounding, as it does from the reference).
//
// A non-finite result stays unfolded: the language has no literal for NaN or ±Inf, and the WGSL target
// cannot take one (a shader compile error, DESIGN.md §1), so `1 / 0` is kept as the division it is.
// Folding computes with the math mode's semantics (ops.ts `semantics`): under Hero's protected math,
// 1 / -1e-8 is 1 / (-1e-8 + 1e-8) = Inf, which stays unfolded, not the IEEE -1e8.

import { isLeaf, type Program } from '../ir.ts';
import { OPS, type OpName, semantics } from '../ops.ts';
import { describe, literal } from '../print.ts';
import { lineOf, type PassContext, rebuild, type LogEntry, type PassResult } from './pass.ts';

// Stryker disable next-line ObjectLiteral,StringLiteral: semantics() takes any mode but 'protected' as IEEE
export function fold(program: Program, { math }: Pick<PassContext, 'math'> = { math: 'ieee' }): PassResult {
  const log: LogEntry[] = [];
  const { program: out } = rebuild(program, (node, args, b, keep) => {
    if (isLeaf(node.op)) return keep();
    const def = OPS.get(node.op as OpName)!;
    const values = args.map((a) => b.nodes[a].value); // only constants have a value
    if (def.kind !== 'elementwise' || values.some((v) => v === undefined)) return keep();
    const value = semantics(def, math)(...(values as number[]));
    if (!Number.isFinite(value)) return keep();
    // Negated literals (`-0.5` lowers to negative(0.5)) fold silently: only statements are worth a line.
    if (node.name !== undefined) {
      log.push({
        pass: 'fold',
        message: `${node.name} = ${describe(program, node.id).text} is the constant ${literal(value).text}`,
        line: lineOf(node),
      });
    }
    return b.constant(value, {
      ...(node.name !== undefined && { name: node.name }),
      ...(node.span && { span: node.span }),
    });
  });
  return { program: out, log };
}
