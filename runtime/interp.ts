// The reference interpreter: the oracle every pass and target is tested against. It evaluates a Program's
// nodes front to back over many parameter tensors at once (a model's variables), so per-tensor reductions
// (`norm`) see one tensor and global reductions (`global_norm`, `clip_by_global_norm`, `dot`, `cosine_sim`)
// see all of them. Arithmetic is float64 IEEE; the float32 mode rounds every input and every op's result
// to float32, which is what a float32 target computes up to the order of its reductions, except the per-step
// scalars (compiler/scalars.ts: bias corrections), which the targets compute on the host in float64 and
// round once, and so does the float32 mode.
//
// Two optional per-element mark channels ride along (runtime/marks.ts):
// - trackNonFinite: set where any value the element was computed from (in this step or, through the state,
//   an earlier one) was NaN or ±Inf. `optic equiv --finite` compares only unmarked elements.
// - nearTolerance: set where the computation passed within that tolerance of a discontinuity, pole or
//   domain edge (ops.ts `near`). `optic equiv` skips those elements (the differential tests of float32
//   targets decide per element by Monte Carlo arithmetic instead: runtime/conditioning.ts).
//
// runtime/interpreter.ts runs it as a stateful optimizer, step after step.

import {
  axisType,
  broadcastTypes,
  type Node,
  type Program,
  slotType,
  type Type,
  type ValueId,
} from '../compiler/ir.ts';
import { type MatrixView, matrixView, valueLength } from '../compiler/shape.ts';
import { type MathMode, OPS, type OpDef, type OpName, op, semantics } from '../compiler/ops.ts';
import { perStep } from '../compiler/scalars.ts';
import { type Channel, type Marks, MarkSet } from './marks.ts';
import { mulberry32 } from './random.ts';

export type Precision = 'float64' | 'float32';

export interface EvalOptions {
  precision?: Precision;
  math?: MathMode;
  trackNonFinite?: boolean;
  nearTolerance?: number;
  /**
   * Monte Carlo arithmetic (Parker 1997; Verificarlo): every op's result is multiplied by 1 + δ with δ drawn
   * uniformly from [−relative, relative] by a PRNG seeded with `seed`. Reruns with different seeds show how
   * far rounding-sized errors can move each output (runtime/conditioning.ts).
   */
  perturb?: {
    relative: number;
    /** The relative perturbation of op `op`'s result x at `args`, when not `relative` (a target's error model). */
    relativeOf?: (op: string, args: readonly number[], x: number) => number;
    seed: number;
    /** Also perturb each op's operands: for targets that compute one of our ops as several (interpolate). */
    operands?: boolean;
    /** Also perturb the step's inputs (weights, gradients, state, scalars). */
    inputs?: boolean;
  };
}

/** Everything one step reads. Tensors are lists over the model's parameter tensors. */
export interface StepInputs {
  w: readonly Float64Array[];
  g: readonly Float64Array[];
  /**
   * Each parameter tensor's shape (its data is row-major); absent, each is 1-D. Rows and columns are those of its
   * R×C view (ir.ts `matrixView`).
   */
  shapes?: readonly (readonly number[])[];
  /** state[slot][tensor]: as many numbers as the slot's type holds for that tensor (ir.ts `valueLength`). */
  state: readonly (readonly Float64Array[])[];
  /** Per-step scalar inputs, in signature order. */
  inputs: readonly number[];
  /** Hyperparameter values, in signature order. */
  hypers: readonly number[];
  /** Per-tensor hyperparameter values ([tensor][hyper]), for parameter groups; overrides `hypers`. */
  hypersPerTensor?: readonly (readonly number[])[];
  /** The 1-based step counter. */
  step: number;
  /** Marks of the incoming state: [slot][tensor]. */
  stateTaint?: readonly (readonly Uint8Array[])[];
  stateNear?: readonly (readonly Uint8Array[])[];
}

export interface StepOutputs {
  update: Float64Array[];
  state: Float64Array[][];
  /** trackNonFinite only: 1 where the element's computation met a NaN or ±Inf. */
  updateTaint?: Uint8Array[];
  stateTaint?: Uint8Array[][];
  /** nearTolerance only: 1 where the element's computation passed near a discontinuity. */
  updateNear?: Uint8Array[];
  stateNear?: Uint8Array[][];
}

/** A value: per parameter tensor, either an array (tensor, rows, cols) or a number (scalar), with its marks. */
type Value =
  | { kind: Exclude<Type, 'scalar'>; data: Float64Array[]; marks: Marks<Uint8Array[]> }
  | { kind: 'scalar'; data: number[]; marks: Marks<boolean[]> };

/**
 * Float32 mode models the compiled targets, which compute the per-step scalars (compiler/scalars.ts) on the
 * host in float64 from the unrounded hyperparameters and inputs, and round each once: so here. The values the
 * rest of the program reads, by node id, each rounded once, with its marks from the float64 computation.
 */
function hostScalars(program: Program, inputs: StepInputs, options: EvalOptions): Map<ValueId, Value> {
  const out = new Map<ValueId, Value>();
  if (options.precision !== 'float32') return out;
  const { outputs, nodes } = perStep(program, options.math ?? 'ieee');
  const exact = new Context(inputs, { ...options, precision: 'float64', perturb: undefined });
  const values: Value[] = [];
  for (const { id } of nodes) values[id] = exact.node(program.nodes[id], values);
  for (const { id } of outputs) {
    const v = values[id] as Extract<Value, { kind: 'scalar' }>;
    out.set(id, { kind: 'scalar', data: v.data.map(Math.fround), marks: v.marks });
  }
  return out;
}

/** Evaluates one step of `program`. Pure: the inputs are not modified. */
export function evaluate(program: Program, inputs: StepInputs, options: EvalOptions = {}): StepOutputs {
  const ctx = new Context(inputs, options);
  const host = hostScalars(program, inputs, options);
  const values: Value[] = [];
  for (const node of program.nodes) values.push(host.get(node.id) ?? ctx.node(node, values));
  const update = ctx.materialize(values[program.outputs.update], 'tensor');
  const state = program.outputs.state.map((id, k) =>
    ctx.keepEmpty(ctx.materialize(values[id], slotType(program.signature, k)), k),
  );
  const result: StepOutputs = { update: update.data, state: state.map((s) => s.data) };
  if (options.trackNonFinite) {
    result.updateTaint = update.marks.nonFinite;
    result.stateTaint = state.map((s) => s.marks.nonFinite!);
  }
  if (options.nearTolerance !== undefined) {
    result.updateNear = update.marks.near;
    result.stateNear = state.map((s) => s.marks.near!);
  }
  return result;
}

class Context {
  private readonly round: (x: number) => number;
  /** Rounds op `op`'s result (and perturbs it first under Monte Carlo arithmetic). */
  private readonly result: (x: number, op?: string, args?: readonly number[]) => number;
  /** Perturbs an op's operand (Monte Carlo arithmetic with `operands`). */
  private readonly operand?: (x: number) => number;
  /** Rounds a step input (and perturbs it first when asked). */
  private readonly input: (x: number) => number;
  private readonly sizes: number[];
  private readonly views: MatrixView[];
  private readonly marks: MarkSet;

  constructor(
    private readonly inputs: StepInputs,
    private readonly options: EvalOptions,
  ) {
    this.round = options.precision === 'float32' ? Math.fround : (x) => x;
    this.result = this.round;
    this.input = this.round;
    if (options.perturb) {
      const random = mulberry32(options.perturb.seed);
      const { relative, relativeOf } = options.perturb;
      const perturb = (x: number, op?: string, args: readonly number[] = []) =>
        x * (1 + (op !== undefined && relativeOf ? relativeOf(op, args, x) : relative) * (2 * random() - 1));
      this.result = (x, op, args) => this.round(perturb(x, op, args));
      if (options.perturb.operands) this.operand = (x) => perturb(x);
      if (options.perturb.inputs) this.input = (x) => this.result(x);
    }
    this.sizes = inputs.w.map((t) => t.length);
    this.views = inputs.w.map((t, i) => {
      const view = matrixView(inputs.shapes?.[i] ?? [t.length]);
      if (view.rows * view.cols !== t.length)
        throw new Error(`interp: tensor ${i} has ${t.length} elements but shape [${inputs.shapes![i].join(', ')}]`);
      return view;
    });
    const channels: Channel[] = [];
    if (options.trackNonFinite) channels.push('nonFinite');
    if (options.nearTolerance !== undefined) channels.push('near');
    this.marks = new MarkSet(channels, options.nearTolerance ?? 0);
  }

  node(node: Node, values: readonly Value[]): Value {
    const { inputs } = this;
    switch (node.op) {
      case 'w':
        return this.tensor(inputs.w);
      case 'g':
        return this.tensor(inputs.g);
      case 'state': {
        const k = node.index!;
        const incoming = { nonFinite: inputs.stateTaint?.[k], near: inputs.stateNear?.[k] };
        return this.tensor(inputs.state[k], incoming, node.type as ArrayValue['kind']);
      }
      case 'input':
        return this.scalar(this.sizes.map(() => inputs.inputs[node.index!]));
      case 'hyper':
        return this.scalar(this.sizes.map((_, t) => (inputs.hypersPerTensor?.[t] ?? inputs.hypers)[node.index!]));
      case 'step':
        return this.scalar(this.sizes.map(() => inputs.step));
      case 'const':
        return this.scalar(this.sizes.map(() => node.value!));
    }
    const def = OPS.get(node.op as OpName)!;
    const args = node.args.map((a) => values[a]);
    if (def.kind === 'elementwise') return this.elementwise(def, semantics(def, this.options.math ?? 'ieee'), args);
    if (def.kind === 'axis_reduce') return this.axisReduction(def, args[0]);
    return this.reduction(def, args);
  }

  private tensor(
    data: readonly Float64Array[],
    incoming: Marks<readonly Uint8Array[] | undefined> = {},
    kind: ArrayValue['kind'] = 'tensor',
  ): Value {
    const rounded = data.map((t) => Float64Array.from(t, this.input));
    return { kind, data: rounded, marks: this.marks.leafTensor(rounded, incoming) };
  }

  /** Per parameter tensor, the index into a `from` value of each element of a `to` value (numpy broadcasting). */
  private indexer(from: Type, to: Type, t: number): (j: number) => number {
    if (from === to) return (j) => j;
    const { cols } = this.views[t];
    if (from === 'scalar') return () => 0;
    if (to === 'tensor') return from === 'rows' ? (j) => Math.floor(j / cols) : (j) => j % cols;
    throw new Error(`interp: cannot broadcast ${from} to ${to}`);
  }

  private scalar(xs: number[]): Value {
    const data = xs.map(this.input);
    return { kind: 'scalar', data, marks: this.marks.leafScalar(data) };
  }

  private elementwise(def: OpDef | undefined, f: (...xs: number[]) => number, args: Value[]): Value {
    const kind = broadcastTypes(args.map((a) => a.kind));
    if (kind === 'scalar') {
      const operand = this.operand ?? ((x: number) => x);
      const data = this.sizes.map((_, t) => {
        const xs = args.map((a) => operand(a.data[t] as number));
        return this.result(f(...xs), def?.name, xs);
      });
      const marks = this.marks.scalar(this.sizes.length, (t) => ({
        result: data[t],
        args: args.map((a) => a.data[t] as number),
        def,
        from: args.map((a) => (a as ScalarValue).marks),
      }));
      return { kind: 'scalar', data, marks };
    }
    const sizes = this.views.map((view) => valueLength(kind, view));
    const index = this.views.map((_, t) => args.map((a) => this.indexer(a.kind, kind, t)));
    const at = (k: number, t: number, j: number) => {
      const a = args[k];
      return a.kind === 'scalar' ? a.data[t] : a.data[t][index[t][k](j)];
    };
    const xs: number[] = new Array(args.length);
    const data = sizes.map((n, t) => {
      const out = new Float64Array(n);
      // Per argument: its number (a scalar), its array read in place (the result's own type), or broadcast.
      const read = args.map((a, k) => {
        if (a.kind === 'scalar') return () => a.data[t];
        const src = a.data[t];
        const at = index[t][k];
        return a.kind === kind ? (j: number) => src[j] : (j: number) => src[at(j)];
      });
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < args.length; k++) xs[k] = read[k](j);
        if (this.operand) for (let k = 0; k < args.length; k++) xs[k] = this.operand(xs[k]);
        out[j] = this.result(f(...xs), def?.name, xs);
      }
      return out;
    });
    const marks = this.marks.tensor(sizes, (t, j) => ({
      result: data[t][j],
      args: args.map((_, k) => at(k, t, j)),
      def,
      from: args.map((a) => a.marks),
      index: args.map((_, k) => index[t][k](j)),
      t,
      j,
    }));
    return { kind, data, marks };
  }

  /**
   * sum_rows, mean_rows, sum_cols, mean_cols (ir.ts `axisType`): on a tensor, a sum over each row's columns (or
   * each column's rows), rounded, then divided by their count for a mean (0 / 0 = NaN for an empty axis); on a
   * value that already has one number per row (or column), or a scalar, the identity; on the other axis's
   * values, the per-tensor sum or mean.
   */
  private axisReduction(def: OpDef, x: Value): Value {
    const kind = axisType(def.axis!, x.kind);
    if (kind === x.kind) return x;
    if (kind === 'scalar') return this.reduction(op(def.mean ? 'mean' : 'sum'), [x]);
    const arg = x as ArrayValue;
    const byRow = def.axis === 'rows';
    const data = this.views.map(({ rows, cols }, t) => {
      const out = new Float64Array(byRow ? rows : cols);
      const xs = arg.data[t];
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[byRow ? i : j] += xs[i * cols + j];
      const count = byRow ? cols : rows;
      return out.map((s) => (def.mean ? this.result(this.result(s) / count) : this.result(s)));
    });
    const members = (t: number, k: number): number[] => {
      const { rows, cols } = this.views[t];
      return byRow
        ? Array.from({ length: cols }, (_, j) => k * cols + j)
        : Array.from({ length: rows }, (_, i) => i * cols + k);
    };
    return { kind, data, marks: this.marks.grouped(data, arg.marks, members) };
  }

  private reduction(def: OpDef, args: Value[]): Value {
    const { sums, finish, map } = def.reduce!;
    const reduced = def.argTypes.flatMap((type, k) => (type !== 'scalar' ? [args[k] as ArrayValue] : []));
    const perTensor = this.sizes.map((_, t) =>
      sums.map((product) =>
        this.result(
          sumOfProducts(
            product.map((i) => (args[i] as ArrayValue).data[t]),
            reduced[0].data[t].length,
          ),
        ),
      ),
    );
    const global = def.kind === 'global_reduce';
    const partial = global
      ? this.sizes.map(() => sums.map((_, s) => this.result(perTensor.reduce((acc, p) => acc + p[s], 0))))
      : perTensor;
    const scalarArgs = def.argTypes.flatMap((type, k) => (type === 'scalar' ? [args[k] as ScalarValue] : []));
    const data = partial.map((p, t) =>
      this.result(
        finish(
          p,
          scalarArgs.map((a) => a.data[t]),
        ),
      ),
    );
    const marks = this.marks.reduction(
      this.sizes,
      global,
      reduced.map((a) => a.marks),
      (t) => ({
        result: data[t],
        sums: partial[t],
        scalars: scalarArgs.map((a) => a.data[t]),
        reduce: def.reduce!,
        from: scalarArgs.map((a) => a.marks),
      }),
    );
    const result: Value = { kind: 'scalar', data, marks };
    return map ? this.elementwise(undefined, map, [args[0], result]) : result;
  }

  /** Broadcasts an output (an update, or a state written as a scalar expression) to the type it is stored as. */
  materialize(v: Value, kind: ArrayValue['kind']): { data: Float64Array[]; marks: Marks<Uint8Array[]> } {
    if (v.kind === kind) return v;
    const sizes = this.views.map((view) => valueLength(kind, view));
    if (v.kind === 'scalar') {
      const data = sizes.map((n, t) => new Float64Array(n).fill(v.data[t]));
      return { data, marks: this.marks.broadcast(sizes, v.marks) };
    }
    const index = this.views.map((_, t) => this.indexer(v.kind, kind, t));
    const data = sizes.map((n, t) => Float64Array.from({ length: n }, (_, j) => v.data[t][index[t](j)]));
    const marks = this.marks.grouped(data, v.marks, (t, j) => [index[t](j)]);
    return { data, marks };
  }

  /**
   * A parameter tensor with no elements takes no step, on every engine (the tfjs optimizer and the WGSL runner
   * leave it out): its state keeps its value, though a rows or cols slot of a [0, 2] tensor has 2 numbers that a
   * mean over its 0 rows would make NaN.
   */
  keepEmpty<T extends { data: Float64Array[]; marks: Marks<Uint8Array[]> }>(out: T, slot: number): T {
    this.sizes.forEach((n, t) => {
      if (n > 0) return;
      out.data[t] = Float64Array.from(this.inputs.state[slot][t]);
      for (const c of this.marks.channels) {
        const incoming = c === 'nonFinite' ? this.inputs.stateTaint : this.inputs.stateNear;
        out.marks[c]![t] = Uint8Array.from(incoming?.[slot]?.[t] ?? new Uint8Array(out.data[t].length));
      }
    });
    return out;
  }
}

type ArrayValue = Extract<Value, { kind: 'tensor' | 'rows' | 'cols' }>;
type ScalarValue = Extract<Value, { kind: 'scalar' }>;

/** The sum over n elements of the (at most two) factors' elementwise product: with no factor, n. */
function sumOfProducts(factors: readonly Float64Array[], n: number): number {
  if (factors.length === 0) return n;
  const [x, y] = factors;
  let s = 0;
  if (factors.length === 1) for (let j = 0; j < n; j++) s += x[j];
  else for (let j = 0; j < n; j++) s += x[j] * y[j];
  return s;
}
