// The conditioning estimate (runtime/conditioning.ts) perturbs each IR op's result once, and the float32
// reference rounds it once; the targets compute some ops as several float32 ops, each rounded.
// interpolate(x, y, b) is the one whose inner roundings matter: (1 − b)·x + b·y cancels when |b| ≫ 1
// (b = −5e3, x = y = 1.8: 3e-4 off where the reference, rounding once, is exact), and perturbing only its
// result cannot see that. The estimate is therefore run on the program with interpolate written out as
// the emitters compute it (compiler/targets/tfjs-ops.ts, wgsl-ops.ts); the comparison itself still uses the program.

import { IRBuilder, isLeaf, type Program, type ValueId } from '../../compiler/ir.ts';
import type { OpName } from '../../compiler/ops.ts';

export function asEmitted(program: Program): Program {
  const b = new IRBuilder();
  const ids: ValueId[] = [];
  for (const node of program.nodes) {
    const args = node.args.map((a) => ids[a]);
    if (node.op === 'interpolate') {
      const [x, y, beta] = args;
      const oneMinus = b.apply('sub', [b.constant(1), beta]);
      ids.push(b.apply('add', [b.apply('mul', [oneMinus, x]), b.apply('mul', [beta, y])], { name: node.name }));
    } else {
      ids.push(isLeaf(node.op) ? b.copy(node, (a) => ids[a]) : b.apply(node.op as OpName, args, { name: node.name }));
    }
  }
  const { update, state } = program.outputs;
  return { ...program, nodes: b.nodes, outputs: { update: ids[update], state: state.map((s) => ids[s]) } };
}
