// Unchanged state is zero: a state slot returned exactly as it came in (`return update, m, v` with v never
// assigned, as in the paper's Step 3) keeps its initial value, zero, at every step. Its reads become the
// constant 0, and the other passes fold what follows. The state output itself stays (it is part of the
// program's interface), and a slot is left alone where a tensor is required (norm(v) would not type-check on
// a scalar 0). There is no other copy to propagate: lowering binds `x = y` to y's value.
//
// Exact from zero state, which is how every runner starts a program (DESIGN.md §1) and what `equiv` checks.

import { liveNodes, type Program } from '../ir.ts';
import { verify } from '../verify.ts';
import { rebuild, type LogEntry, type PassResult } from './pass.ts';

export function zeroState(program: Program): PassResult {
  const log: LogEntry[] = [];
  let current = program;
  program.signature.state.forEach((slot, k) => {
    const out = current.nodes[current.outputs.state[k]];
    if (!(out.op === 'state' && out.index === k)) return;
    const live = liveNodes(current);
    const read =
      current.nodes.some((n) => live.has(n.id) && n.args.some((a) => isSlot(current, a, k))) ||
      isSlot(current, current.outputs.update, k);
    if (!read) return;
    const next = zeroSlot(current, k);
    if (verify(next).length > 0) return;
    log.push({
      pass: 'zero-state',
      message: `state slot ${slot} is returned unchanged, so it is always 0: its reads become 0`,
    });
    current = next;
  });
  return { program: current, log };
}

function isSlot(program: Program, id: number, k: number): boolean {
  const n = program.nodes[id];
  return n.op === 'state' && n.index === k;
}

/** Replaces every read of slot k (not the slot's own output) by a constant 0. */
function zeroSlot(program: Program, k: number): Program {
  let zero: number | undefined;
  const { program: out } = rebuild(program, (node, _args, b, keep) => {
    if (node.op !== 'state' || node.index !== k) return keep();
    zero ??= b.constant(0);
    return zero;
  });
  // The output must stay the slot's own (tensor) leaf: a leaf re-created for it alone.
  const leaf = program.nodes[program.outputs.state[k]];
  const fixed = { ...out, nodes: [...out.nodes, { ...leaf, id: out.nodes.length, args: [] }] };
  const state = out.outputs.state.map((id, j) => (j === k ? fixed.nodes.length - 1 : id));
  return { ...fixed, outputs: { ...out.outputs, state } };
}
