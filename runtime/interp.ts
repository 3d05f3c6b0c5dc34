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

import { type Node, type Program, slotType, type ValueId } from '../compiler/ir.ts';
import { type MathMode, OPS, type OpDef, type OpName, semantics } from '../compiler/ops.ts';
import { joinAll, lengthOf, matrixOf, reduceAxis, type Type } from '../compiler/shapes.ts';
import { perStep } from '../compiler/scalars.ts';
import { type HyperValues, hyperSpec, hyperValues } from './hypers.ts';
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
   * Each tensor's shape, for rows and columns (compiler/shapes.ts: the last dimension is the columns).
   * Default: 1-D, one row. The elements are in row-major order.
   */
  shapes?: readonly (readonly number[])[];
  /** state[slot][tensor]: as many values as the slot's type holds for that tensor (slotLengths). */
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

/**
 * A value: per parameter tensor, either an array (a tensor, or its row or column: compiler/shapes.ts) or a
 * number (scalar), with its marks.
 */
type Value =
  | { kind: 'tensor' | 'row' | 'col'; data: Float64Array[]; marks: Marks<Uint8Array[]> }
  | { kind: 'scalar'; data: number[]; marks: Marks<boolean[]> };

/** Each tensor's shape: the given ones, or 1-D. */
export function shapesOf(w: readonly { length: number }[], shapes?: readonly (readonly number[])[]): number[][] {
  return w.map((t, i) => [...(shapes?.[i] ?? [t.length])]);
}

/** How many values slot `k` holds for each tensor: all its elements, one per column or one per row. */
export function slotLengths(program: Program, k: number, shapes: readonly (readonly number[])[]): number[] {
  return shapes.map((shape) => lengthOf(slotType(program.signature, k), shape));
}

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
    ctx.materialize(values[id], slotType(program.signature, k) as TensorValue['kind']),
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
  private readonly shapes: number[][];
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
    this.shapes = shapesOf(inputs.w, inputs.shapes);
    this.shapes.forEach((shape, t) => {
      if (lengthOf('tensor', shape) !== this.sizes[t])
        throw new Error(
          `tensor ${t} has ${this.sizes[t]} elements, but its shape [${shape.join(', ')}] has ${lengthOf('tensor', shape)}`,
        );
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
        return this.tensor(inputs.state[k], incoming, node.type as TensorValue['kind']);
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
    kind: TensorValue['kind'] = 'tensor',
  ): Value {
    const rounded = data.map((t, i) => {
      if (t.length !== lengthOf(kind, this.shapes[i]))
        throw new Error(`a ${kind} of tensor ${i} (shape [${this.shapes[i].join(', ')}]) has ${t.length} values`);
      return Float64Array.from(t, this.input);
    });
    return { kind, data: rounded, marks: this.marks.leafTensor(rounded, incoming) };
  }

  /** Each tensor's length for values of type `kind`. */
  private lengths(kind: Type): number[] {
    return this.shapes.map((shape) => lengthOf(kind, shape));
  }

  /**
   * `v` broadcast to type `to` (v's type fits in it): a row repeated down the rows, a column across the
   * columns, a scalar everywhere, with the marks alike.
   */
  private expand(v: Value, to: TensorValue['kind']): TensorValue {
    if (v.kind === to) return v as TensorValue;
    const source = (t: number, j: number): number => {
      if (v.kind === 'scalar' || to !== 'tensor') return v.kind === 'scalar' ? 0 : j;
      const { cols } = matrixOf(this.shapes[t]);
      return v.kind === 'row' ? j % cols : Math.floor(j / cols);
    };
    const lengths = this.lengths(to);
    const pick = <T>(values: (t: number) => (i: number) => T, fill: (n: number) => T[] | Float64Array | Uint8Array) =>
      lengths.map((n, t) => {
        const out = fill(n);
        const at = values(t);
        for (let j = 0; j < n; j++) (out as T[])[j] = at(source(t, j));
        return out;
      });
    const data = pick<number>(
      (t) => (i) => (v.kind === 'scalar' ? v.data[t] : v.data[t][i]),
      (n) => new Float64Array(n),
    ) as Float64Array[];
    const marks: Marks<Uint8Array[]> = {};
    for (const c of this.marks.channels) {
      const m = v.marks[c];
      marks[c] = pick<number>(
        (t) => (i) => (m === undefined ? 0 : typeof m[t] === 'boolean' ? (m[t] ? 1 : 0) : (m[t] as Uint8Array)[i]),
        (n) => new Uint8Array(n),
      ) as Uint8Array[];
    }
    return { kind: to, data, marks };
  }

  private scalar(xs: number[]): Value {
    const data = xs.map(this.input);
    return { kind: 'scalar', data, marks: this.marks.leafScalar(data) };
  }

  private elementwise(def: OpDef | undefined, f: (...xs: number[]) => number, given: Value[]): Value {
    const kind = joinAll(given.map((a) => a.kind));
    // Rows and columns are broadcast up front; scalars are read in place.
    const args = given.map((a) =>
      a.kind === 'scalar' || kind === 'scalar' ? a : this.expand(a, kind as TensorValue['kind']),
    );
    const at = (a: Value, t: number, j: number) => (a.kind === 'scalar' ? a.data[t] : a.data[t][j]);
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
    const xs: number[] = new Array(args.length);
    const sizes = this.lengths(kind);
    const data = sizes.map((n, t) => {
      const out = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < args.length; k++) xs[k] = at(args[k], t, j);
        if (this.operand) for (let k = 0; k < args.length; k++) xs[k] = this.operand(xs[k]);
        out[j] = this.result(f(...xs), def?.name, xs);
      }
      return out;
    });
    const marks = this.marks.tensor(sizes, (t, j) => ({
      result: data[t][j],
      args: args.map((a) => at(a, t, j)),
      def,
      from: args.map((a) => a.marks),
      t,
      j,
    }));
    return { kind: kind as TensorValue['kind'], data, marks };
  }

  /**
   * mean_rows and friends: the argument as a matrix (a row is 1 × cols, a column rows × 1, a scalar 1 × 1),
   * each of the op's sums of products (ops.ts `reduce.sums`: [0] sums x, [] counts) taken along the axis,
   * then finished. An output element is marked if any element it was reduced from was.
   */
  private axisReduction(def: OpDef, x: Value): Value {
    // A scalar is a 1 × 1 matrix: its own sum and mean along either axis.
    if (x.kind === 'scalar') return x;
    const kind = reduceAxis(x.kind, def.axis!);
    const { sums, finish } = def.reduce!;
    const full = x;
    const dims = (t: number) => {
      const { rows, cols } = matrixOf(this.shapes[t]);
      return { rows: full.kind === 'row' ? 1 : rows, cols: full.kind === 'col' ? 1 : cols };
    };
    // Output element j of tensor t reduces the elements slice(t, j) of x.
    const slice = (t: number, j: number): number[] => {
      const { rows, cols } = dims(t);
      if (def.axis === 'rows') return Array.from({ length: rows }, (_, r) => r * cols + j);
      return Array.from({ length: cols }, (_, c) => j * cols + c);
    };
    const outLengths = this.shapes.map((_, t) => (def.axis === 'rows' ? dims(t).cols : dims(t).rows));
    const data = outLengths.map((n, t) =>
      Float64Array.from({ length: n }, (_, j) => {
        const at = slice(t, j);
        const values = sums.map((product) =>
          this.result(product.length === 0 ? at.length : at.reduce((acc, i) => acc + full.data[t][i], 0)),
        );
        return this.result(finish(values, []));
      }),
    );
    const marks = this.marks.gather(outLengths, full.marks, data, slice);
    const out: TensorValue = { kind: kind === 'scalar' ? 'row' : (kind as TensorValue['kind']), data, marks };
    if (kind !== 'scalar') return out;
    // A value reduced to one number per tensor is a scalar.
    return {
      kind: 'scalar',
      data: data.map((d) => d[0]),
      marks: Object.fromEntries(Object.entries(out.marks).map(([c, m]) => [c, m!.map((u) => u[0] === 1)])),
    };
  }

  private reduction(def: OpDef, args: Value[]): Value {
    const { sums, finish, map } = def.reduce!;
    const reduced = def.argTypes.flatMap((type, k) => (type !== 'scalar' ? [args[k] as TensorValue] : []));
    const perTensor = this.sizes.map((_, t) =>
      sums.map((product) =>
        this.result(
          sumOfProducts(
            product.map((i) => (args[i] as TensorValue).data[t]),
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

  /** Broadcasts an output (the update, a state slot) to its type: `v`'s type fits in it (compiler/verify.ts). */
  materialize(v: Value, to: TensorValue['kind']): { data: Float64Array[]; marks: Marks<Uint8Array[]> } {
    return this.expand(v, to);
  }
}

type TensorValue = Exclude<Value, { kind: 'scalar' }>;
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

export interface RunOptions extends EvalOptions {
  /** Each tensor's shape (StepInputs.shapes); default 1-D. */
  shapes?: readonly (readonly number[])[];
  /** Hyperparameter values by name; declared defaults fill the rest (runtime/hypers.ts). */
  hypers?: HyperValues<number>;
  /** Per-tensor hyperparameter values ([tensor][hyper]) for parameter groups (runtime/hypers.ts). */
  hypersPerTensor?: readonly (readonly number[])[];
  /** The first step's counter (default 1). */
  step?: number;
}

/**
 * A stateful optimizer over the interpreter, as a training loop uses it (seeds/000, Program 2): state starts
 * at zero, each `step(g)` computes the update, applies `w ← w − update` and advances the step counter.
 */
export class Interpreter {
  readonly w: Float64Array[];
  state: Float64Array[][];
  stateTaint?: Uint8Array[][];
  stateNear?: Uint8Array[][];
  stepCount: number;
  hypers: number[];

  constructor(
    readonly program: Program,
    w: readonly Float64Array[],
    private readonly options: RunOptions = {},
  ) {
    // In float32 mode the weights are float32 from the start, as a float32 target holds them.
    const round = options.precision === 'float32' ? Math.fround : (x: number) => x;
    this.w = w.map((t) => Float64Array.from(t, round));
    const shapes = shapesOf(w, options.shapes);
    this.state = program.signature.state.map((_, k) => slotLengths(program, k, shapes).map((n) => new Float64Array(n)));
    this.stepCount = options.step ?? 1;
    this.hypers = hyperValues(hyperSpec(program), options.hypers);
  }

  /** One step with gradient `g` and this step's scalar inputs; returns the update that was applied. */
  step(g: readonly Float64Array[], inputs: readonly number[] = []): StepOutputs {
    const out = evaluate(
      this.program,
      {
        w: this.w,
        g,
        shapes: this.options.shapes,
        state: this.state,
        inputs,
        hypers: this.hypers,
        hypersPerTensor: this.options.hypersPerTensor,
        step: this.stepCount,
        stateTaint: this.stateTaint,
        stateNear: this.stateNear,
      },
      this.options,
    );
    const round = this.options.precision === 'float32' ? Math.fround : (x: number) => x;
    this.w.forEach((t, i) => {
      for (let j = 0; j < t.length; j++) t[j] = round(t[j] - out.update[i][j]);
    });
    this.state = out.state;
    this.stateTaint = out.stateTaint;
    this.stateNear = out.stateNear;
    this.stepCount++;
    return out;
  }
}
