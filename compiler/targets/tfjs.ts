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

import { hasRowsOrCols, isLeaf, liveNodes, type Node, type Program, slotType, type SlotType } from '../ir.ts';
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
  readonly inputs: readonly string[];
  readonly hypers: readonly { readonly name: string; readonly default?: number }[];
  /** What the runtime computes on the host before each step, per hyperparameter group: the `p` of the step. */
  readonly perStep: PerStep;
  /** The constants the step reads, `k` of the step: scalars created once by the runtime, not once per step. */
  readonly constants: readonly number[];
  /** Each state slot's type (ir.ts `Signature`), present only when some slot holds rows or cols. */
  readonly stateTypes?: readonly SlotType[];
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
    inputs: signature.inputs,
    hypers: signature.hypers.map((h) =>
      h.default === undefined ? { name: h.name } : { name: h.name, default: h.default },
    ),
    perStep: scalars,
    constants: writer.constantValues(),
    ...(signature.stateTypes ? { stateTypes: signature.stateTypes } : {}),
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
   * The program has rows or cols values: every tensor is then read as its [R, C] view (`m[t]`), rows are [R, 1]
   * and cols [1, C], so that tfjs's broadcasting is numpy's, and outputs go back to the variable's shape.
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
    this.shaped = hasRowsOrCols(program);
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
    const outputs = [
      `    update: ${this.output(update, 'tensor')},`,
      `    state: [${state.map((id, k) => this.output(id, slotType(this.program.signature, k))).join(', ')}],`,
    ];
    // Helpers first (they may add constants), then the constants they and the nodes use.
    const helpers = [...this.helpers].sort().map((name) => `  const ${name} = ${HELPERS[name](this)};`);
    const constants = [...this.constants.entries()].map(
      ([literal, { name }], i) => `  const ${name} = k[${i}]; // ${literal}`,
    );
    return [
      `// ${quote(this.program.file)}: state ${this.program.signature.state.map(quote).join(', ') || '(none)'}; ` +
        `hyperparameters ${this.program.signature.hypers.map((h) => quote(h.name)).join(', ') || '(none)'}`,
      'function opticStep(tf, w, g, s, h, row, x, p, k) {',
      ...(this.shaped ? [`  const m = w.map((v) => ${VIEW});`] : []),
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
      const value = leaf(node, this);
      if (this.shaped && value.domain === TENSOR) {
        const type = node.op === 'state' ? slotType(this.program.signature, node.index!) : 'tensor';
        this.define(
          node.id,
          mangle('v', node.id, node.name),
          TENSOR,
          `tf.reshape(${value.ref(TENSOR)}, ${VIEWS[type]})`,
        );
      } else this.values.set(node.id, value);
      return;
    }
    const op = node.op as OpName;
    if (OPS.get(op)!.kind === 'axis_reduce') return this.axisReduction(node, op);
    const emitter = (this.math === 'protected' && TFJS_PROTECTED[op]) || TFJS_OPS[op];
    const args = node.args.map((a) => this.values.get(a)!);
    const name = mangle('v', node.id, node.name);
    if (isReducer(emitter)) this.reduction(node, op, emitter, args, name);
    else this.elementwise(node, emitter, args, name);
  }

  private elementwise(node: Node, emit: Elementwise, args: Value[], name: string): void {
    const domain = Math.max(ONE, ...args.map((a) => a.domain)) as Domain;
    const code = emit(
      args.map(
        (a, k): Arg => ({
          code: a.ref(domain),
          constant: a.constant,
          scalar: this.program.nodes[node.args[k]].type === 'scalar',
          spread: !['scalar', node.type].includes(this.program.nodes[node.args[k]].type),
        }),
      ),
      this,
    );
    this.define(node.id, name, domain, code);
  }

  /**
   * sum_rows, mean_rows, sum_cols, mean_cols (ir.ts `axisType`): of a tensor, tfjs's sum over one axis; of a
   * value with one number per row (or column) already, itself; of the other axis's values, their sum or mean.
   */
  private axisReduction(node: Node, op: OpName): void {
    const arg = this.values.get(node.args[0])!;
    const from = this.program.nodes[node.args[0]].type;
    if (node.type === from) {
      this.values.set(node.id, arg);
      return;
    }
    const x = arg.ref(TENSOR);
    const name = mangle('v', node.id, node.name);
    if (node.type === 'scalar') {
      const sum = `${this.helper('sum_')}(${x})`;
      this.define(node.id, name, TENSOR, OPS.get(op)!.mean ? `tf.div(${sum}, tf.scalar(${x}.size))` : sum);
      return;
    }
    this.define(node.id, name, TENSOR, (TFJS_OPS[op] as Elementwise)([{ code: x }], this));
  }

  /** Sums of products (ops.ts `reduce.sums`), then finish, then the optional elementwise map. */
  private reduction(node: Node, op: OpName, emit: Reducer, args: Value[], name: string): void {
    const def = OPS.get(op)!;
    // Inside w.map((_, t) => …): an empty product sums 1 over w[t], its element count.
    const product = ([i, j]: readonly number[]) => {
      if (i === undefined)
        return this.program.nodes[node.args[0]].type === 'tensor'
          ? `tf.scalar(w[t].size)`
          : `tf.scalar(${args[0].ref(TENSOR)}.size)`;
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
   * An output as a list over variables: a tensor of the variable's shape, a rows value [R, 1], cols [1, C] (a
   * scalar is broadcast to the type it is stored as).
   */
  private output(id: number, type: SlotType): string {
    const value = this.values.get(id)!;
    const code = value.ref(TENSOR);
    const shape = type === 'tensor' ? 'w[t].shape' : VIEWS[type];
    if (this.program.nodes[id].type !== type) return `w.map((_, t) => tf.broadcastTo(${code}, ${shape}))`;
    return `w.map((_, t) => ${this.shaped && type === 'tensor' ? `tf.reshape(${code}, w[t].shape)` : code})`;
  }
}

/** Variable v's [R, C] view (C its last dimension, 1 for a scalar), and the shapes of each type's values from it. */
const VIEW = '((c) => [v.size / Math.max(c, 1), c])(v.shape.length > 0 ? v.shape[v.shape.length - 1] : 1)';
const VIEWS: Readonly<Record<SlotType, string>> = { tensor: 'm[t]', rows: '[m[t][0], 1]', cols: '[1, m[t][1]]' };

function computed(name: string, domain: Domain): Value {
  const ref = (ctx: Domain) =>
    domain === ONE ? name : domain === GROUP ? (ctx === GROUP ? `${name}[r]` : `${name}[row[t]]`) : `${name}[t]`;
  return { domain, ref };
}

function leaf(node: Node, c: EmitContext): Value {
  const i = node.index!;
  switch (node.op) {
    case 'w':
      return { domain: TENSOR, ref: () => 'w[t]' };
    case 'g':
      return { domain: TENSOR, ref: () => 'g[t]' };
    case 'state':
      return { domain: TENSOR, ref: () => `s[${i}][t]` };
    case 'input':
      return { domain: ONE, ref: () => `x[${i}]` };
    case 'hyper':
      return { domain: GROUP, ref: (ctx) => (ctx === GROUP ? `h[r][${i}]` : `h[row[t]][${i}]`) };
    case 'const': // named at its first use: a constant only the host's scalars read is never created
      return { domain: ONE, ref: () => c.k(node.value!), constant: node.value };
  }
  throw new Error(`tfjs target: unknown leaf ${node.op}`);
}
