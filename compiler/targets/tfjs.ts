// The tfjs target: IR → the source of one JavaScript function that computes a whole optimizer step with
// @tensorflow/tfjs-core ops, for all the variables of one applyGradients call at once:
//
//   function opticStep(tf, w, g, s, h, row, x, p, k) → { update: Tensor[], state: Tensor[][] }
//
// w, g: the variables and their gradients (at least one variable, none of them empty: runtime/tfjs/
// optimizer.js leaves those out); s[slot][t]: the state; h[group][hyper]: scalar hyperparameters per
// hyperparameter group, and row[t] the group of variable t; x[i]: the per-step scalar inputs; p[group][k]:
// the per-step scalars (compiler/scalars.ts: bias corrections and everything else that depends only on
// hyperparameters, inputs and the step counter), which the runtime computes in float64 from `spec.perStep`
// before each step; k[i]: the program's constants (`spec.constants`), as scalars the runtime keeps from step
// to step. The step counter itself never reaches tfjs. The runtime (runtime/tfjs/) instantiates this text with
// `new Function`, and `optic compile --target tfjs` prints it inside an ES module: one generator, so what
// is printed is what runs.
//
// Every value lives in one of three domains, so that nothing is computed more often than it varies:
// ONE (constants, step, inputs, finished global reductions), GROUP (anything that reads a hyperparameter:
// once per distinct row of the per-variable hyperparameter table) and TENSOR (once per variable). A global
// reduction sums per-variable partial sums with tf.addN, so it spans every variable of the call.

import { isLeaf, liveNodes, type Node, type Program, slotType, type Type, usesRowsOrColumns } from '../ir.ts';
import { type PerStep, perStep } from '../scalars.ts';
import { type MathMode, OPS, type OpName } from '../ops.ts';
import {
  HELPERS,
  isReducer,
  TFJS_OPS,
  TFJS_PROTECTED,
  type Arg,
  type EmitContext,
  type Elementwise,
  type HelperName,
  type Reducer,
} from './tfjs-ops.ts';
import { expandInterpolate } from './tfjs-lower.ts';
import { className, fingerprint, mangle, numberLiteral, quote } from './tfjs-names.ts';

/** What the optimizer class needs to know about the program, JSON-serializable. */
export interface TfjsSpec {
  readonly className: string;
  readonly file: string;
  readonly fingerprint: string;
  readonly state: readonly string[];
  /**
   * Each slot's type when some slot keeps a row or a column (compiler/shapes.ts): its variable is then
   * `slotShape(type, variable.shape)`, [cols] or [rows]. Absent: every slot has its variable's shape.
   */
  readonly stateTypes?: readonly Type[];
  readonly inputs: readonly string[];
  readonly hypers: readonly { readonly name: string; readonly default?: number }[];
  /** What the runtime computes on the host before each step, per hyperparameter group: the `p` of the step. */
  readonly perStep: PerStep;
  /** The constants the step reads, `k` of the step: scalars created once by the runtime, not once per step. */
  readonly constants: readonly number[];
}

export interface TfjsTarget {
  readonly spec: TfjsSpec;
  /** The source of `function opticStep(tf, w, g, s, h, row, x, p, k) { … }`. */
  readonly step: string;
}

export interface TfjsOptions {
  /** Hero's protected math (x / (y + 1e-8), logarithms and sqrt of |x|) instead of IEEE. */
  math?: MathMode;
}

const ONE = 0;
const GROUP = 1;
const TENSOR = 2;
type Domain = typeof ONE | typeof GROUP | typeof TENSOR;

/** How to read a value from code running in a given domain. */
interface Value {
  readonly domain: Domain;
  readonly ref: (ctx: Domain) => string;
  readonly constant?: number;
}

/** Emits `program` as it is: simplifying it first is the driver's part (compiler/pipeline.ts). */
export function emitTfjs(program: Program, options: TfjsOptions = {}): TfjsTarget {
  const lowered = expandInterpolate(program);
  const scalars = perStep(lowered, options.math ?? 'ieee');
  const writer = new StepWriter(lowered, options.math ?? 'ieee', scalars);
  const step = writer.write();
  const { signature } = program;
  const spec: Omit<TfjsSpec, 'fingerprint'> = {
    className: className(program.file),
    file: program.file,
    state: signature.state,
    ...(signature.stateTypes ? { stateTypes: signature.stateTypes } : {}),
    inputs: signature.inputs,
    hypers: signature.hypers.map((h) =>
      h.default === undefined ? { name: h.name } : { name: h.name, default: h.default },
    ),
    perStep: scalars,
    constants: writer.constantValues(),
  };
  return { step, spec: { ...spec, fingerprint: fingerprint(JSON.stringify(spec) + step) } };
}

class StepWriter implements EmitContext {
  /** Constants by literal: their name and value, in order of first use (the index into k). */
  private readonly constants = new Map<string, { name: string; value: number }>();
  private readonly helpers = new Set<HelperName>();
  private readonly values = new Map<number, Value>();
  private readonly body: string[] = [];

  /** Per-step scalars by node id: the index k of `p[group][k]`, or -1 for values only the host computes. */
  private readonly host = new Map<number, number>();
  /**
   * Whether the program has rows or columns (compiler/shapes.ts). Then every tensor is read as its matrix
   * [rows, cols], a row is a [cols] tensor and a column a [rows, 1] one, which tfjs broadcasts as the
   * interpreter does; the outputs are put back in their variables' shapes.
   */
  private readonly shaped: boolean;

  constructor(
    private readonly program: Program,
    private readonly math: MathMode,
    scalars: PerStep,
  ) {
    // Values that vary per step and are not outputs are the host's alone (constants stay compile-time).
    const varies: boolean[] = [];
    for (const n of scalars.nodes) {
      varies.push(n.op === 'hyper' || n.op === 'input' || n.op === 'step' || n.args.some((a) => varies[a]));
      if (varies[varies.length - 1] && (!isLeaf(n.op) || n.op === 'step')) this.host.set(n.id, -1);
    }
    scalars.outputs.forEach((o, k) => this.host.set(o.id, k));
    this.shaped = usesRowsOrColumns(program);
  }

  /** `x` (a variable, gradient or tensor slot of variable t) as the step reads it. */
  matrix(x: string): string {
    return this.shaped ? `${this.helper('matrix_')}(${x})` : x;
  }

  k(value: number): string {
    const key = numberLiteral(value);
    if (!this.constants.has(key)) this.constants.set(key, { name: `k${this.constants.size}`, value });
    return this.constants.get(key)!.name;
  }

  /** The values of k, once write() has run. */
  constantValues(): number[] {
    return [...this.constants.values()].map((c) => c.value);
  }

  helper(name: HelperName): string {
    this.helpers.add(name);
    return name;
  }

  write(): string {
    const live = liveNodes(this.program);
    for (const node of this.program.nodes) if (live.has(node.id) && this.host.get(node.id) !== -1) this.node(node);
    const { update, state } = this.program.outputs;
    const slot = (id: number, k: number) => this.output(id, slotType(this.program.signature, k));
    const outputs = [`    update: ${this.output(update, 'tensor')},`, `    state: [${state.map(slot).join(', ')}],`];
    // Helpers first (they may add constants), then the constants they and the nodes use.
    const helpers = [...this.helpers].sort().map((name) => `  const ${name} = ${HELPERS[name](this)};`);
    const constants = [...this.constants.entries()].map(
      ([literal, { name }], i) => `  const ${name} = k[${i}]; // ${literal}`,
    );
    return [
      `// ${quote(this.program.file)}: state ${this.program.signature.state.map(quote).join(', ') || '(none)'}; ` +
        `hyperparameters ${this.program.signature.hypers.map((h) => quote(h.name)).join(', ') || '(none)'}`,
      'function opticStep(tf, w, g, s, h, row, x, p, k) {',
      ...constants,
      ...helpers,
      ...this.body,
      '  return {',
      ...outputs,
      '  };',
      '}',
    ].join('\n');
  }

  private node(node: Node): void {
    const k = this.host.get(node.id);
    if (k !== undefined) {
      this.values.set(node.id, { domain: GROUP, ref: (ctx) => (ctx === GROUP ? `p[r][${k}]` : `p[row[t]][${k}]`) });
      return;
    }
    if (isLeaf(node.op)) {
      this.values.set(node.id, leaf(node, this, this.program));
      return;
    }
    const op = node.op as OpName;
    const emitter = (this.math === 'protected' && TFJS_PROTECTED[op]) || TFJS_OPS[op];
    const args = node.args.map((a) => this.values.get(a)!);
    const name = mangle('v', node.id, node.name);
    if (OPS.get(op)!.kind === 'axis_reduce') this.axisReduction(node, op, emitter as Reducer, args[0], name);
    else if (isReducer(emitter)) this.reduction(node, op, emitter, args, name);
    else this.elementwise(node, emitter, args, name);
  }

  private elementwise(node: Node, emit: Elementwise, args: Value[], name: string): void {
    const domain = Math.max(ONE, ...args.map((a) => a.domain)) as Domain;
    const type = (k: number) => this.program.nodes[node.args[k]].type;
    // A row or column beside a tensor is broadcast to the matrix first: some emitters select between their
    // arguments with a kernel that does not broadcast.
    const full = (k: number, code: string) =>
      node.type === 'tensor' && (type(k) === 'row' || type(k) === 'col')
        ? `tf.broadcastTo(${code}, ${this.matrix('w[t]')}.shape)`
        : code;
    const code = emit(
      args.map(
        (a, k): Arg => ({
          code: full(k, a.ref(domain)),
          constant: a.constant,
          scalar: type(k) === 'scalar',
        }),
      ),
      this,
    );
    this.define(node.id, name, domain, code);
  }

  /**
   * mean_rows and friends: sums along the axis (ops.ts `reduce.sums`: [0] sums x, [] counts), then finish.
   * A matrix [rows, cols] reduced over rows is a row [cols], over columns a column [rows, 1]; a row reduced
   * over columns, or a column over rows, is a scalar; one over its single row or column is itself.
   */
  private axisReduction(node: Node, op: OpName, emit: Reducer, x: Value, name: string): void {
    const def = OPS.get(op)!;
    const from = this.program.nodes[node.args[0]].type;
    if (from === node.type) {
      this.values.set(node.id, x);
      return;
    }
    const ref = x.ref(TENSOR);
    const [axis, count] =
      node.type === 'scalar'
        ? ['', `${ref}.size`]
        : def.axis === 'rows'
          ? [', 0', `${ref}.shape[0]`]
          : [', 1, true', `${ref}.shape[1]`];
    const sums = def.reduce!.sums.map((product) =>
      product.length === 0 ? `tf.scalar(${count})` : `tf.sum(${ref}${axis})`,
    );
    this.define(node.id, name, TENSOR, emit.finish(sums, [], this));
  }

  /** Sums of products (ops.ts `reduce.sums`), then finish, then the optional elementwise map. */
  private reduction(node: Node, op: OpName, emit: Reducer, args: Value[], name: string): void {
    const def = OPS.get(op)!;
    // Inside w.map((_, t) => …): an empty product sums 1 over w[t], its element count.
    // The element count of the reduced argument: w[t]'s unless that is a row or a column.
    const counted = node.args.find((_, k) => def.argTypes[k] !== 'scalar');
    const rowOrCol = counted !== undefined && this.program.nodes[counted].type !== 'tensor';
    const size = rowOrCol ? `${args[node.args.indexOf(counted!)].ref(TENSOR)}.size` : 'w[t].size';
    const product = ([i, j]: readonly number[]) => {
      if (i === undefined) return `tf.scalar(${size})`;
      const [a, b] = [args[i].ref(TENSOR), j === undefined ? undefined : args[j].ref(TENSOR)];
      const factors = b === undefined ? a : i === j ? `tf.square(${a})` : `tf.mul(${a}, ${b})`;
      return `${this.helper('sum_')}(${factors})`;
    };
    const scalarArgs = args.filter((_, k) => def.argTypes[k] === 'scalar');
    const finish = (sums: string[], domain: Domain) =>
      emit.finish(
        sums,
        scalarArgs.map((a) => a.ref(domain)),
        this,
      );
    let result: Value;
    if (def.kind === 'tensor_reduce') {
      const sums = def.reduce!.sums.map(product);
      result = this.define(node.id, emit.map ? `${name}_r` : name, TENSOR, finish(sums, TENSOR));
    } else {
      const sums = def.reduce!.sums.map((pair, k) => {
        const sumName = `${name}_s${k}`;
        this.define(-1, sumName, ONE, `tf.addN(w.map((_, t) => ${product(pair)}))`);
        return sumName;
      });
      const domain = Math.max(ONE, ...scalarArgs.map((a) => a.domain)) as Domain;
      result = this.define(node.id, emit.map ? `${name}_r` : name, domain, finish(sums, domain));
    }
    if (emit.map) this.define(node.id, name, TENSOR, emit.map(args[0].ref(TENSOR), result.ref(TENSOR), this));
  }

  /** Writes `const name = …` computed once, once per group or once per variable. id < 0: not a node. */
  private define(id: number, name: string, domain: Domain, code: string): Value {
    const loop = domain === ONE ? code : domain === GROUP ? `h.map((_, r) => ${code})` : `w.map((_, t) => ${code})`;
    this.body.push(`  const ${name} = ${loop};`);
    const value = computed(name, domain);
    if (id >= 0) this.values.set(id, value);
    return value;
  }

  /**
   * An output as a list over variables, each of its variable's shape (scalars are broadcast), or for a
   * row or column slot of shape [cols] or [rows] (compiler/shapes.ts slotShape).
   */
  private output(id: number, to: Type): string {
    const value = this.values.get(id)!;
    const code = value.ref(TENSOR);
    const type = this.program.nodes[id].type;
    if (!this.shaped) return `w.map((_, t) => ${type === 'tensor' ? code : `tf.broadcastTo(${code}, w[t].shape)`})`;
    const m = `${this.matrix('w[t]')}.shape`;
    const full = to === 'tensor' ? m : to === 'row' ? `[1, ${m}[1]]` : `[${m}[0], 1]`;
    const shape = to === 'tensor' ? 'w[t].shape' : to === 'row' ? `[${m}[1]]` : `[${m}[0]]`;
    const broadcast = type === to ? code : `tf.broadcastTo(${code}, ${full})`;
    return `w.map((_, t) => tf.reshape(${broadcast}, ${shape}))`;
  }
}

function computed(name: string, domain: Domain): Value {
  const ref = (ctx: Domain) =>
    domain === ONE ? name : domain === GROUP ? (ctx === GROUP ? `${name}[r]` : `${name}[row[t]]`) : `${name}[t]`;
  return { domain, ref };
}

function leaf(node: Node, c: StepWriter, program: Program): Value {
  const i = node.index!;
  switch (node.op) {
    case 'w':
      return { domain: TENSOR, ref: () => c.matrix('w[t]') };
    case 'g':
      return { domain: TENSOR, ref: () => c.matrix('g[t]') };
    case 'state': {
      // A row slot is [cols], which broadcasts as a row; a column slot [rows] is read as [rows, 1].
      const type = slotType(program.signature, i);
      const code = `s[${i}][t]`;
      const ref = type === 'tensor' ? c.matrix(code) : type === 'col' ? `tf.reshape(${code}, [-1, 1])` : code;
      return { domain: TENSOR, ref: () => ref };
    }
    case 'input':
      return { domain: ONE, ref: () => `x[${i}]` };
    case 'hyper':
      return { domain: GROUP, ref: (ctx) => (ctx === GROUP ? `h[r][${i}]` : `h[row[t]][${i}]`) };
    case 'const': // named at its first use: a constant only the host's scalars read is never created
      return { domain: ONE, ref: () => c.k(node.value!), constant: node.value };
  }
  throw new Error(`tfjs target: unknown leaf ${node.op}`);
}
