// Common-subexpression elimination: two nodes with the same op and the same arguments are one value
// (every op is a pure function of its arguments, reductions included). Commutative operators match in
// either order: IEEE addition, multiplication, max and min give the same result for (x, y) and (y, x),
// −0 and NaN included. Duplicate leaves merge too: lowering makes a node per literal.

import { isLeaf, type Node, type Program, type ValueId } from '../ir.ts';
import type { OpName } from '../ops.ts';
import { describe } from '../print.ts';
import { lineOf, rebuild, type LogEntry, type PassResult } from './pass.ts';

export const COMMUTATIVE: ReadonlySet<OpName> = new Set<OpName>(['add', 'mul', 'max', 'min']);

export function cse(program: Program): PassResult {
  const log: LogEntry[] = [];
  const seen = new Map<string, { id: ValueId; old: Node }>();
  const { program: out } = rebuild(program, (node, args, _b, keep) => {
    const key = keyOf(node, args);
    const hit = seen.get(key);
    if (!hit) {
      const id = keep();
      seen.set(key, { id, old: node });
      return id;
    }
    if (!isLeaf(node.op) && node.name !== undefined) {
      const same = hit.old.name ?? describe(program, hit.old.id).text;
      log.push({
        pass: 'cse',
        message: `${node.name} = ${describe(program, node.id).text} is the same value as ${same}`,
        line: lineOf(node),
      });
    }
    return hit.id;
  });
  return { program: out, log };
}

/** -0 and 0 are different constants; every NaN is the same one. */
function keyOf(node: Node, args: readonly ValueId[]): string {
  const ordered = COMMUTATIVE.has(node.op as OpName) ? [...args].sort((a, b) => a - b) : args;
  // An absent value or index is spelled 'undefined', which no number is.
  // Stryker disable next-line UnaryOperator,StringLiteral: any spelling that keeps −0 and 0 apart merges the same
  const value = Object.is(node.value, -0) ? '-0' : String(node.value);
  return `${node.op}|${ordered.join(',')}|${value}|${node.index}`;
}
