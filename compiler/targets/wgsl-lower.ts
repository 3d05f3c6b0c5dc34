// The WGSL target's one lowering before it plans: x / s, with x a tensor, row or column value and s a scalar the
// host knows (computed by elementwise ops from hyperparameters, inputs, `step` and constants: compiler/scalars.ts),
// becomes x · (1 / s). The reciprocal is then a per-step scalar the host computes once per step in float64 (or a
// constant folded at compile time), and the device multiplies where it divided: on lavapipe an f32 division costs
// several times a multiplication (Adam's two bias corrections were a third of its step at 10^6 parameters:
// results/wgsl-speed.md).
//
// Within WGSL's own accuracy: its f32 division may be 2.5 ulp off; fl32(x · fl32(1/s)) is at most about 1.5 ulp
// from x / s wherever 1/s is a normal f32 (|s| between 2^-126 and 2^126). Outside that (s subnormal, where WGSL may
// flush it to 0 anyway, or |s| > 2^126) the two may differ; no program of the library divides by such a value.
// Not under protected math, whose division is x / (s + 1e-8).

import type { Program, ValueId } from '../ir.ts';
import type { MathMode } from '../ops.ts';
import { rebuild } from '../passes/pass.ts';
import { hostScalars } from '../scalars.ts';

export function reciprocalDivisors(program: Program, math: MathMode): Program {
  if (math !== 'ieee') return program;
  const host = hostScalars(program);
  const divides = (id: ValueId) => {
    const node = program.nodes[id];
    return node.op === 'div' && program.nodes[node.args[0]].type !== 'scalar' && host.has(node.args[1]);
  };
  if (!program.nodes.some((n) => divides(n.id))) return program;
  return rebuild(program, (node, args, b, keep) => {
    if (!divides(node.id)) return keep();
    const [x, s] = args;
    const divisor = b.nodes[s];
    const reciprocal = divisor.op === 'const' ? b.constant(1 / divisor.value!) : b.apply('div', [b.constant(1), s]);
    const extra = { ...(node.name !== undefined && { name: node.name }), ...(node.span && { span: node.span }) };
    return b.apply('mul', [x, reciprocal], extra);
  }).program;
}
