// Structural hashing of programs (hero/core.py's HashTracker): a hash of how the outputs are computed from the
// inputs. Each value's digest is its op and its arguments' digests, in order (x - y is not y - x), so the hash
// covers only what reaches an output, which is the program after dead-code removal (passes/dce.ts), and ignores
// the names of locals, the order of independent statements and repeated leaves of one parameter. Parameters are
// known by position (w, g, state slot k, input k), hyperparameters by name (they are bound by name), constants
// by value. Programs with the same hash compute the same thing; the converse is the functional fingerprint's job
// (runtime/equiv.ts `fingerprint`).

import { isLeaf, liveNodes, type Node, type Program } from './ir.ts';

/** 64-bit FNV-1a as 16 hex digits. */
export function fnv1a(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

export function structuralHash(program: Program): string {
  const digests: string[] = [];
  for (const node of program.nodes) digests.push(fnv1a(`${label(program, node)}(${node.args.map((a) => digests[a])})`));
  const { update, state } = program.outputs;
  return fnv1a([update, ...state].map((id) => digests[id]).join('|'));
}

function label(program: Program, node: Node): string {
  switch (node.op) {
    case 'const':
      return `const ${Object.is(node.value, -0) ? '-0' : node.value}`;
    case 'hyper':
      return `hyper ${program.signature.hypers[node.index!].name}`;
    case 'state':
    case 'input':
      return `${node.op} ${node.index}`;
    default:
      return node.op;
  }
}

/** Statements (op nodes) and how many of them no output depends on: the paper's redundant statements. */
export function redundancy(program: Program): { statements: number; dead: number } {
  const live = liveNodes(program);
  const ops = program.nodes.filter((n) => !isLeaf(n.op));
  return { statements: ops.length, dead: ops.filter((n) => !live.has(n.id)).length };
}
