// Dead-statement removal: a value that reaches neither the update nor a state output goes. In SSA this
// covers every case the paper's authors removed by hand: statements never read, assignments overwritten
// before they are read, and parameters reassigned before their old value is used (seeds/000, "removing
// redundancies"). It also drops the dead nodes other passes leave behind when they replace a value.

import { isLeaf, liveNodes, type Program } from '../ir.ts';
import { describe } from '../print.ts';
import { lineOf, rebuild, type LogEntry, type PassResult } from './pass.ts';

export function dce(program: Program): PassResult {
  const live = liveNodes(program);
  const log: LogEntry[] = [];
  for (const node of program.nodes) {
    // Only statements are worth a line: a named op is what the user wrote as `name = …`.
    if (live.has(node.id) || isLeaf(node.op) || node.name === undefined) continue;
    log.push({
      pass: 'dce',
      message: `removed ${node.name} = ${describe(program, node.id).text}: nothing returned depends on it`,
      line: lineOf(node),
    });
  }
  // A dead node keeps its slot in the map but nothing refers to it: its id there is never read.
  // Stryker disable next-line UnaryOperator: that id (−1 or +1) is never read
  const { program: out } = rebuild(program, (node, _args, _b, keep) => (live.has(node.id) ? keep() : -1));
  return { program: out, log };
}
