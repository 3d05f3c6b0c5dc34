// What every pass shares: its signature, its log, and `rebuild`, the one way a pass makes a new Program.
// A pass walks the old nodes front to back and says what each becomes in a fresh IRBuilder; since a node's
// arguments come before it, the new array is again a topological order. Outputs follow their nodes.

import { IRBuilder, isLeaf, type Node, type Program, type ValueId } from '../ir.ts';
import type { MathMode, OpName } from '../ops.ts';

/**
 * `exact`: same outputs on every input; `finite`: same outputs, up to rounding, wherever the original meets no
 * NaN or ±Inf and no value underflows (sqrt(square(x)) is |x| only while x² does not: |x| ≳ 1.5e-154).
 */
export type Level = 'exact' | 'finite';

export interface LogEntry {
  pass: string;
  /** One line, in the language's own terms (names and expressions as the printer writes them). */
  message: string;
  /** The source line of the statement concerned, when known. */
  line?: number;
}

export interface PassResult {
  program: Program;
  log: LogEntry[];
}

/** What a pass may assume about the program's meaning: how far it may change it, and under which arithmetic. */
export interface PassContext {
  readonly level: Level;
  readonly math: MathMode;
}

export type Pass = (program: Program, context: PassContext) => PassResult;

/** Says what `node` becomes: usually `b.copy`-like via `keep`, or the id of another new node. */
export type Visit = (node: Node, args: readonly ValueId[], b: IRBuilder, keep: () => ValueId) => ValueId;

/**
 * Builds a new program from `program`: each node is replaced by what `visit` returns (given its arguments
 * already mapped into the new program). `keep()` re-creates the node as it is, recomputing its type, which
 * may change when an argument was replaced by a value of another type.
 */
export function rebuild(program: Program, visit: Visit, b = new IRBuilder()): { program: Program; map: ValueId[] } {
  const map: ValueId[] = [];
  // One `keep` for the whole walk (not a closure per node): it re-creates the node being visited.
  let node: Node;
  let args: ValueId[];
  const keep = () => recreate(b, node, args);
  for (node of program.nodes) {
    args = node.args.map((a) => map[a]);
    map.push(visit(node, args, b, keep));
  }
  const outputs = { update: map[program.outputs.update], state: program.outputs.state.map((id) => map[id]) };
  return { program: { ...program, nodes: b.nodes, outputs }, map };
}

function recreate(b: IRBuilder, node: Node, args: readonly ValueId[]): ValueId {
  if (isLeaf(node.op)) return b.copy(node, (id) => id);
  const extra = { ...(node.name !== undefined && { name: node.name }), ...(node.span && { span: node.span }) };
  return b.apply(node.op as OpName, args, extra);
}

/** A key that identifies a program's computation (names and spans aside): for fixed points and tests. */
export function structureKey(program: Program): string {
  const nodes = program.nodes.map(
    (n) =>
      `${n.op}(${n.args.join(',')})${n.value === undefined ? '' : `=${Object.is(n.value, -0) ? '-0' : n.value}`}${n.index ?? ''}`,
  );
  return `${nodes.join(';')}->${program.outputs.update}|${program.outputs.state.join(',')}`;
}

/** The source line of a node, for log entries. */
export function lineOf(node: Node): number | undefined {
  return node.span?.line;
}
