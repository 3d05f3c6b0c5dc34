// Running two programs side by side on the reference interpreter from zero state, over the same random case
// (runtime/equiv.ts's arbCase: ordinary magnitudes plus 0, −0, subnormals, huge values, NaN and ±Inf), and
// comparing every update and state slot to the bit. EMI variants must agree exactly: the same ops on the same
// values, only in another order or under other names.

import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { format } from '../../grammar/format.ts';
import type * as ast from '../../grammar/ast.ts';
import type { Case } from '../../runtime/equiv-cases.ts';
import { hyperSpec, hyperValues, own } from '../../runtime/hypers.ts';
import { evaluate } from '../../runtime/interp.ts';

export function lowered(p: ast.Program | string): Program {
  const source = typeof p === 'string' ? p : format(p);
  const { program, diagnostics } = compile(source, 'generated.opt');
  if (!program)
    throw new Error(
      `does not compile:\n${source}\n${diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code} ${d.message}`).join('\n')}`,
    );
  return program;
}

/** Hyperparameter values in signature order: the program's default, else the case's draw. */
function valuesOf(p: Program, c: Case): number[] {
  const open = p.signature.hypers.filter((h) => h.default === undefined);
  return hyperValues(hyperSpec(p), Object.fromEntries(open.map((h) => [h.name, own(c.hypers, h.name) as number])));
}

/** The outputs of every step, flattened: [step][update, ...state] of tensors. */
export function outputs(p: Program, c: Case): Float64Array[][][] {
  let w: Float64Array[] = c.w.map((t) => Float64Array.from(t));
  let state: Float64Array[][] = p.signature.state.map(() => w.map((t) => new Float64Array(t.length)));
  const hypers = valuesOf(p, c);
  return c.g.map((g, s) => {
    const out = evaluate(p, {
      w,
      g: g.map((t) => Float64Array.from(t)),
      state,
      inputs: p.signature.inputs.map((n) => c.inputs[s][n]),
      hypers,
      step: s + 1,
    });
    state = out.state;
    w = w.map((t, i) => t.map((x, j) => x - out.update[i][j]));
    return [out.update, ...out.state];
  });
}

/** The first output element whose bits differ (NaN equals NaN; 0 and −0 differ), or null. */
export function bitDifference(a: Float64Array[][][], b: Float64Array[][][]): string | null {
  for (let s = 0; s < a.length; s++) {
    for (let o = 0; o < a[s].length; o++) {
      for (let t = 0; t < a[s][o].length; t++) {
        for (let j = 0; j < a[s][o][t].length; j++) {
          const [x, y] = [a[s][o][t][j], b[s][o][t][j]];
          if (!Object.is(x, y))
            return `step ${s + 1}, ${o === 0 ? 'update' : `state ${o - 1}`}, tensor ${t}, element ${j}: ${x} vs ${y}`;
        }
      }
    }
  }
  return null;
}
