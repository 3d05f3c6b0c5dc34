// The IR verifier: the invariants every pass must keep. Tests run it after lowering and after every pass;
// a failure is a compiler bug, so it reports plain strings, not user diagnostics.

import { isLeaf, resultType, slotType, type Program } from './ir.ts';
import { accepts, OPS, type OpName } from './ops.ts';

const LEAF_TYPES = {
  w: 'tensor',
  g: 'tensor',
  state: 'tensor',
  input: 'scalar',
  hyper: 'scalar',
  step: 'scalar',
  const: 'scalar',
} as const;

/** Returns the list of violated invariants (empty when the program is well formed). */
export function verify(program: Program): string[] {
  const problems: string[] = [];
  const { nodes, signature, outputs } = program;
  nodes.forEach((node, i) => {
    const where = `node ${i} (${node.op})`;
    // fold reads a node's value as its constant value: only a constant may have one.
    if (node.op !== 'const' && node.value !== undefined) problems.push(`${where}: only a constant has a value`);
    if (node.id !== i) problems.push(`${where}: id ${node.id} is not its index`);
    for (const a of node.args) {
      if (!(Number.isInteger(a) && a >= 0 && a < i)) problems.push(`${where}: argument ${a} is not defined before use`);
    }
    if (isLeaf(node.op)) {
      if (node.args.length !== 0) problems.push(`${where}: a leaf has arguments`);
      const type = node.op === 'state' ? slotType(signature, node.index!) : LEAF_TYPES[node.op];
      if (node.type !== type) problems.push(`${where}: leaf type ${node.type}, expected ${type}`);
      if (node.op === 'const' && typeof node.value !== 'number') problems.push(`${where}: constant without a value`);
      const list =
        node.op === 'state'
          ? signature.state
          : node.op === 'input'
            ? signature.inputs
            : node.op === 'hyper'
              ? signature.hypers
              : undefined;
      if (list && !(Number.isInteger(node.index) && node.index! >= 0 && node.index! < list.length)) {
        problems.push(`${where}: index ${node.index} out of range`);
      }
      return;
    }
    const def = OPS.get(node.op as OpName)!;
    if (node.args.length !== def.arity) problems.push(`${where}: ${node.args.length} arguments, expected ${def.arity}`);
    if (node.args.some((a) => a >= i)) return;
    const argTypes = node.args.map((a) => nodes[a].type);
    def.argTypes.forEach((want, k) => {
      if (!accepts(want, argTypes[k])) problems.push(`${where}: argument ${k} is a ${argTypes[k]}, expected a ${want}`);
    });
    const type = resultType(node.op as OpName, argTypes);
    if (node.type !== type) problems.push(`${where}: type ${node.type}, expected ${type}`);
  });
  const inRange = (id: number) => Number.isInteger(id) && id >= 0 && id < nodes.length;
  if (!inRange(outputs.update)) problems.push(`update output ${outputs.update} is not a node`);
  if (outputs.state.length !== signature.state.length) {
    problems.push(`${outputs.state.length} state outputs for ${signature.state.length} state slots`);
  }
  outputs.state.forEach((id, k) => {
    if (!inRange(id)) problems.push(`state output ${k} (${id}) is not a node`);
    else if (![slotType(signature, k), 'scalar'].includes(nodes[id].type))
      problems.push(`state output ${k} is a ${nodes[id].type}, slot type ${slotType(signature, k)}`);
  });
  if (signature.stateTypes && signature.stateTypes.length !== signature.state.length)
    problems.push(`${signature.stateTypes.length} state types for ${signature.state.length} state slots`);
  if (inRange(outputs.update) && !['tensor', 'scalar'].includes(nodes[outputs.update].type))
    problems.push(`the update is a ${nodes[outputs.update].type}`);
  return problems;
}
