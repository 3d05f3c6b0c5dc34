// The tfjs target's one lowering before it emits: interpolate(x, y, β) with a scalar β becomes
// (1 − β)·x + β·y, its definition (ops.ts `f64`) spelled out, so that 1 − β is a value of its own. When β
// varies per step (a hyperparameter, an input, or a function of the step counter), 1 − β is then a per-step
// scalar (compiler/scalars.ts), computed once per step on the host in float64, where the emitter of the fused
// op computed it once per variable per step on the device: one tfjs kernel per variable and interpolate.
// When β is a constant, 1 − β is folded here in float64, as the interpreter computes it. A tensor β is left
// alone: its 1 − β is per element anyway.
//
// Exact: (1 − β)·x + β·y is what the interpreter evaluates for interpolate, operation for operation.

import type { Program } from '../ir.ts';
import { rebuild } from '../passes/pass.ts';

export function expandInterpolate(program: Program): Program {
  if (!program.nodes.some((n) => n.op === 'interpolate' && program.nodes[n.args[2]].type === 'scalar')) return program;
  return rebuild(program, (node, args, b, keep) => {
    const beta = b.nodes[args[2]];
    if (node.op !== 'interpolate' || beta.type !== 'scalar') return keep();
    const [x, y] = args;
    const rest = beta.op === 'const' ? b.constant(1 - beta.value!) : b.apply('sub', [b.constant(1), beta.id]);
    const extra = { ...(node.name !== undefined && { name: node.name }), ...(node.span && { span: node.span }) };
    return b.apply('add', [b.apply('mul', [rest, x]), b.apply('mul', [beta.id, y])], extra);
  }).program;
}
