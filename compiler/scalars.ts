// Per-step scalars: the values of a program that depend only on hyperparameters, per-step inputs, the step
// counter and constants. They are the same for every element of a tensor and change at most once per step,
// so both targets take them from the host, computed once per step (and per row of the hyperparameter table)
// in float64, the interpreter's arithmetic, instead of once per element in float32 on the device: a bias
// correction `1 - 0.999 ** step` through f32 `pow` was 1.2e-4 off at step 1, and the step counter is a
// float64 on the host, never a device integer that wraps.
//
// The targets read each value in `outputs` (the per-step scalars some tensor computation or output reads)
// where they read a hyperparameter; everything the outputs are computed from stays on the host.

import { isLeaf, liveNodes, type Program, type ValueId } from './ir.ts';
import { type MathMode, OPS, type OpName, semantics } from './ops.ts';

/** One node of the host's computation: a leaf of the program or an elementwise op on earlier nodes. */
export interface ScalarNode {
  /** The program's node this computes. */
  readonly id: ValueId;
  readonly op: OpName | 'hyper' | 'input' | 'step' | 'const';
  /** Indices into `PerStep.nodes`. */
  readonly args: readonly number[];
  /** hyper, input: the index into the signature's list. */
  readonly index?: number;
  /** const: the value. */
  readonly value?: number;
}

export interface PerStep {
  readonly math: MathMode;
  /** Topologically ordered. */
  readonly nodes: readonly ScalarNode[];
  /** The values the target reads, in the order it reads them: the program's node id and the index in `nodes`. */
  readonly outputs: readonly { readonly id: ValueId; readonly at: number }[];
}

const HOST_LEAVES = new Set(['hyper', 'input', 'step', 'const']);

/**
 * The per-step scalars of `program`. A value is one when it is a scalar computed by elementwise ops from
 * hyperparameters, inputs, `step` and constants, and reads at least one of the first three (constants alone
 * fold at compile time). It is an output when a live value that is not one reads it (or the program returns
 * it); `step` itself is always an output where it is read, so no target computes with a device counter.
 */
export function perStep(program: Program, math: MathMode): PerStep {
  const live = liveNodes(program);
  const host = hostScalars(program, live);
  const isOutput = (id: ValueId) => {
    const node = program.nodes[id];
    return host.get(id) === true && node.op !== 'hyper' && node.op !== 'input';
  };
  const read = new Set<ValueId>([program.outputs.update, ...program.outputs.state].filter(isOutput));
  for (const node of program.nodes)
    if (live.has(node.id) && !host.has(node.id)) for (const a of node.args) if (isOutput(a)) read.add(a);
  const at = new Map<ValueId, number>();
  const nodes: ScalarNode[] = [];
  for (const node of program.nodes) {
    if (!host.has(node.id)) continue;
    at.set(node.id, nodes.length);
    nodes.push({
      id: node.id,
      op: node.op as ScalarNode['op'],
      args: node.args.map((a) => at.get(a)!),
      ...(node.index === undefined ? {} : { index: node.index }),
      ...(node.op === 'const' ? { value: node.value! } : {}),
    });
  }
  const outputs = [...read].sort((a, b) => a - b).map((id) => ({ id, at: at.get(id)! }));
  return { math, nodes, outputs };
}

/** The outputs' values (float64) for one row of hyperparameter values, this step's inputs and its counter. */
export function evaluatePerStep(
  p: PerStep,
  hypers: readonly number[],
  inputs: readonly number[],
  step: number,
): number[] {
  const values: number[] = [];
  for (const node of p.nodes) {
    if (node.op === 'hyper') values.push(hypers[node.index!]);
    else if (node.op === 'input') values.push(inputs[node.index!]);
    else if (node.op === 'step') values.push(step);
    else if (node.op === 'const') values.push(node.value!);
    else values.push(semantics(OPS.get(node.op)!, p.math)(...node.args.map((a) => values[a])));
  }
  return p.outputs.map((o) => values[o.at]);
}

/**
 * The scalars the host can compute (among `live`, or all nodes): those built by elementwise ops from
 * hyperparameters, inputs, `step` and constants. Each maps to whether it varies per step (false: a constant).
 */
export function hostScalars(program: Program, live?: ReadonlySet<ValueId>): Map<ValueId, boolean> {
  const host = new Map<ValueId, boolean>();
  for (const node of program.nodes) {
    if (live && !live.has(node.id)) continue;
    if (isLeaf(node.op)) {
      if (HOST_LEAVES.has(node.op)) host.set(node.id, node.op !== 'const');
      continue;
    }
    const d = OPS.get(node.op as OpName)!;
    if (d.kind === 'elementwise' && node.type === 'scalar' && node.args.every((a) => host.has(a)))
      host.set(
        node.id,
        node.args.some((a) => host.get(a)),
      );
  }
  return host;
}
