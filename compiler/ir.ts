// The IR: a typed SSA graph in one flat array. Every value is a Node; a node's arguments are ids of nodes
// that come before it, so the array is a topological order and evaluating it front to back is correct.
// Nodes are immutable; passes build a new Program with an IRBuilder. It does not intern (hash-cons) nodes:
// lowering keeps a node per literal and call, with its span, faithful to the source, and merging equal values
// is a pass of its own (passes/cse.ts), which knows commutative operators and says what it merged.
//
// Leaves are the program's inputs: the weights `w`, the gradient `g`, the old value of each state slot, the
// per-step scalar inputs (seeds/000 passes `lr` this way), hyperparameters, the step counter, and constants.

import type { Span } from '../grammar/diagnostics.ts';
import { OPS, type OpName } from './ops.ts';

/**
 * A parameter tensor of shape [d0, …, dk-1] is seen as a matrix R×C, C = its last dimension (1 for a scalar), R =
 * the product of the others (numpy's `reshape(-1, shape[-1])`). A `tensor` value has R·C numbers per parameter
 * tensor, `rows` one per row (R×1), `cols` one per column (1×C), `scalar` one. Elementwise ops broadcast as numpy
 * does: tensor ⊕ rows/cols → tensor, rows ⊕ cols → tensor (the outer combination), x ⊕ x → x, x ⊕ scalar → x.
 */
export type Type = 'tensor' | 'rows' | 'cols' | 'scalar';
/** What a state slot holds: a value per element, per row or per column of each parameter tensor. */
export type SlotType = Exclude<Type, 'scalar'>;
export type ValueId = number;

export type LeafOp = 'w' | 'g' | 'state' | 'input' | 'hyper' | 'step' | 'const';

export interface Node {
  readonly id: ValueId;
  readonly op: LeafOp | OpName;
  readonly args: readonly ValueId[];
  readonly type: Type;
  /** `const`: the value. */
  readonly value?: number;
  /** `state`, `input`, `hyper`: the index into the signature's list. */
  readonly index?: number;
  /** The source variable this value was assigned to, for readable printing and diagnostics. */
  readonly name?: string;
  readonly span?: Span;
}

export interface Hyper {
  readonly name: string;
  /** The declared default (`lr = 1e-4` before the def), if any. */
  readonly default?: number;
}

export interface Signature {
  /** The function's name and its parameter names as written. */
  readonly fn: string;
  readonly w: string;
  readonly g: string;
  /** State slots, in parameter (and return) order; each starts at zero. */
  readonly state: readonly string[];
  /** Scalar inputs given per step (parameters that are not returned). */
  readonly inputs: readonly string[];
  /** Free names, in order of first use. */
  readonly hypers: readonly Hyper[];
  /** Each state slot's type, in slot order (types.ts: what is assigned to it); absent: every slot is a tensor. */
  readonly stateTypes?: readonly SlotType[];
}

/** State slot `k`'s type. */
export function slotType(signature: Signature, k: number): SlotType {
  return signature.stateTypes?.[k] ?? 'tensor';
}

/** Elementwise broadcasting of argument types (numpy's, on the R×C view). */
export function broadcastTypes(types: readonly Type[]): Type {
  const has = (t: Type) => types.includes(t);
  if (has('tensor') || (has('rows') && has('cols'))) return 'tensor';
  return has('rows') ? 'rows' : has('cols') ? 'cols' : 'scalar';
}

/**
 * An axis reduction's result type: `sum_rows` (axis 'rows': one value per row, summing over the columns) of a
 * tensor is rows, of rows is rows (a sum over its one column), of cols is a scalar (the sum over its C columns),
 * of a scalar the scalar; `sum_cols` the same with rows and columns exchanged (numpy's keepdims sums on R×C).
 */
export function axisType(axis: 'rows' | 'cols', arg: Type): Type {
  if (arg === 'tensor') return axis;
  if (arg === 'scalar' || arg === axis) return arg;
  return 'scalar';
}

export interface Program {
  readonly file: string;
  readonly signature: Signature;
  readonly nodes: readonly Node[];
  /** The update (w ← w − update) and the new value of each state slot, in slot order. */
  readonly outputs: { readonly update: ValueId; readonly state: readonly ValueId[] };
}

export function isLeaf(op: Node['op']): op is LeafOp {
  return !OPS.has(op as OpName);
}

/** The result type of an op applied to arguments of the given types (assumes they were type-checked). */
export function resultType(op: OpName, argTypes: readonly Type[]): Type {
  const def = OPS.get(op)!;
  if (def.result === 'broadcast') return broadcastTypes(argTypes);
  if (def.result === 'axis') return axisType(def.axis!, argTypes[0]);
  return def.result;
}

type NodeInit = Omit<Node, 'id'>;

/** Builds a Program's node array, one node per call. */
export class IRBuilder {
  readonly nodes: Node[] = [];

  leaf(op: LeafOp, type: Type, extra: Partial<Pick<Node, 'value' | 'index' | 'name' | 'span'>> = {}): ValueId {
    return this.add({ op, args: [], type, ...extra });
  }

  constant(value: number, extra: Partial<Pick<Node, 'name' | 'span'>> = {}): ValueId {
    return this.add({ op: 'const', args: [], type: 'scalar', value, ...extra });
  }

  apply(op: OpName, args: readonly ValueId[], extra: Partial<Pick<Node, 'name' | 'span'>> = {}): ValueId {
    const type = resultType(
      op,
      args.map((a) => this.nodes[a].type),
    );
    return this.add({ op, args, type, ...extra });
  }

  /** Copies a node from another program, with its arguments renumbered by `remap`. */
  copy(node: Node, remap: (id: ValueId) => ValueId): ValueId {
    const { id: _id, ...rest } = node;
    return this.add({ ...rest, args: node.args.map(remap) });
  }

  private add(init: NodeInit): ValueId {
    const id = this.nodes.length;
    this.nodes.push({ id, ...init });
    return id;
  }
}

/** The ids of the nodes the outputs depend on (everything else is dead). */
export function liveNodes(program: Program): Set<ValueId> {
  const live = new Set<ValueId>();
  const stack = [program.outputs.update, ...program.outputs.state];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...program.nodes[id].args);
  }
  return live;
}

/** Counts the non-leaf nodes that reach an output: the "size" passes must never increase. */
export function opCount(program: Program): number {
  let count = 0;
  for (const id of liveNodes(program)) if (!isLeaf(program.nodes[id].op)) count++;
  return count;
}

/** Whether any value or state slot of `program` holds one number per row or per column (not every target has them). */
export function hasRowsOrCols(program: Program): boolean {
  return (
    program.nodes.some((n) => n.type === 'rows' || n.type === 'cols') ||
    (program.signature.stateTypes ?? []).some((t) => t !== 'tensor')
  );
}
