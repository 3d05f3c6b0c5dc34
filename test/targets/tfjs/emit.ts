// Running one op emitter of the tfjs target (compiler/targets/tfjs-ops.ts) by itself, on tfjs's current
// backend: the op tests compare what it computes with the op table's reference semantics.

import * as tf from '@tensorflow/tfjs-core';
import type { OpName } from '../../../compiler/ops.ts';
import { numberLiteral } from '../../../compiler/targets/tfjs-names.ts';
import {
  type Arg,
  HELPERS,
  type HelperName,
  isReducer,
  TFJS_OPS,
  TFJS_PROTECTED,
} from '../../../compiler/targets/tfjs-ops.ts';

/** Evaluates one emitter over columns of argument values; `constant[k]` makes argument k a literal. */
export async function run(
  op: OpName,
  columns: number[][],
  constant: boolean[],
  protectedMath = false,
): Promise<Float32Array> {
  const pool = new Map<string, string>();
  const helpers = new Set<HelperName>();
  const ctx = {
    k: (v: number) => {
      const key = numberLiteral(v);
      if (!pool.has(key)) pool.set(key, `k${pool.size}`);
      return pool.get(key) as string;
    },
    helper: (n: HelperName) => {
      helpers.add(n);
      return n;
    },
  };
  const args: Arg[] = columns.map((col, i) =>
    constant[i] ? { code: ctx.k(col[0]), constant: col[0], scalar: true } : { code: `a[${i}]` },
  );
  const emit = (protectedMath && TFJS_PROTECTED[op]) || TFJS_OPS[op];
  if (isReducer(emit)) throw new Error(`${op} is a reduction`);
  const expr = emit(args, ctx);
  const decls = [...helpers].map((h) => `const ${h} = ${HELPERS[h](ctx)};`);
  const consts = [...pool].map(([lit, name]) => `const ${name} = tf.scalar(${lit});`);
  const fn = new Function('tf', 'a', `${consts.join('\n')}\n${decls.join('\n')}\nreturn ${expr};`);
  const result = tf.tidy(
    () =>
      fn(
        tf,
        columns.map((c) => tf.tensor1d(Float32Array.from(c))),
      ) as tf.Tensor,
  );
  const data = (await result.data()) as Float32Array;
  result.dispose();
  return data;
}
