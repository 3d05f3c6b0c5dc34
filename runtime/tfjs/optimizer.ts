// The tf.train.Optimizer subclass for one compiled program. `defineOpticOptimizer(tf, spec, opticStep)` takes
// the tfjs-core namespace, the program's spec and the step function compiler/targets/tfjs.ts generated, and
// returns the class. It works with model.compile({optimizer}) + model.fit, optimizer.minimize, and
// applyGradients over any variables (a map or a list).
//
// - State: one variable per state slot per model variable, created (zeros) the first time the model
//   variable is seen, and keyed by its name. getWeights()/setWeights() carry them as `${variable}/${slot}`
//   after tfjs's `iter`, the step counter.
// - Step: an exact integer on the host (the base class's iterations, a float64), advanced once per
//   applyGradients; what depends on it (and only on it, hyperparameters and inputs: bias corrections) is
//   computed from it in float64 before each step (compiler/scalars.ts) and given to the program as scalars.
// - Hyperparameters: numbers or schedules `(step) => number`, changed at any time with setHyper(); groups
//   override them per variable. They become per-step scalars: nothing is rebuilt when they change.
// - One tf.tidy per step, nothing read back to the host: no tensor survives a step but the new values and
//   the step's scalars (scalars.ts), which are kept for the next step and replaced only when they change.
//
// Bundled into the module `optic compile --target tfjs` prints (module.ts), with its imports: it takes the
// tfjs-core namespace as an argument and imports only types of it, so the printed module imports tfjs-core
// once, itself.

import type * as tfc from '@tensorflow/tfjs-core';
import type { NamedTensor } from '@tensorflow/tfjs-core/dist/tensor_types.js';
import { evaluatePerStep, type PerStep } from '../../compiler/scalars.ts';
import { slotShape } from '../../compiler/shape.ts';
import { checkHypers, type HyperGroup, type HyperValue, type HyperValues, hyperTable, inputValues } from '../hypers.ts';
import { type ConfigSpec, decodeConfig, encodeConfig } from './config.ts';
import { ScalarPool } from './scalars.ts';

/** What the class needs of its program (compiler/targets/tfjs.ts's TfjsSpec). */
export interface OpticSpec extends ConfigSpec {
  readonly state: readonly string[];
  readonly inputs: readonly string[];
  readonly hypers: readonly { readonly name: string; readonly default?: number }[];
  readonly perStep: PerStep;
  readonly constants: readonly number[];
  /** Each slot's type; absent, every slot is shaped like its variable (compiler/targets/tfjs.ts). */
  readonly stateTypes?: readonly ('tensor' | 'rows' | 'cols')[];
}

/** The generated step function (compiler/targets/tfjs.ts). */
export type OpticStep = (
  tf: typeof tfc,
  w: tfc.Tensor[],
  g: tfc.Tensor[],
  s: tfc.Tensor[][],
  h: tfc.Scalar[][],
  row: number[],
  x: tfc.Scalar[],
  p: tfc.Scalar[][],
  k: tfc.Scalar[],
) => { update: tfc.Tensor[]; state: tfc.Tensor[][] };

export interface OpticOptimizerOptions {
  /** Values of hyperparameters and per-step inputs by name: numbers or schedules. Defaults fill the rest. */
  hypers?: HyperValues;
  /** Per-variable overrides (later groups win), e.g. NO_DECAY_FOR_VECTORS('λ'). */
  groups?: readonly HyperGroup[];
  /** Keep each step's update per variable in `lastUpdates` (for inspection; costs one tensor per variable). */
  keepUpdates?: boolean;
}

/** One variable of an applyGradients call, with its gradient. */
export interface Entry {
  name: string;
  variable: tfc.Variable;
  gradient: tfc.Tensor;
}

/** [{ name, variable, gradient }] of one applyGradients call, without the variables that have no gradient. */
export function gradientEntries(tf: typeof tfc, variableGradients: tfc.NamedTensorMap | NamedTensor[]): Entry[] {
  const pairs: [string, tfc.Tensor | null][] = Array.isArray(variableGradients)
    ? variableGradients.map((v) => [v.name, v.tensor])
    : Object.entries(variableGradients);
  const registered = tf.engine().registeredVariables;
  return pairs
    .filter(([, gradient]) => gradient != null)
    .map(([name, gradient]) => {
      if (!Object.hasOwn(registered, name))
        throw new Error(`applyGradients: there is no variable named ${JSON.stringify(name)}`);
      return { name, variable: registered[name], gradient: gradient as tfc.Tensor };
    });
}

/** An instance of the class `defineOpticOptimizer` returns: its public face, which the .d.ts files ship. */
/** Refuses a step number setStep cannot take (both engines' optimizers). */
export function checkStepNumber(step: number): void {
  if (!(Number.isSafeInteger(step) && step >= 1))
    throw new Error(`setStep: the step counter must be an integer from 1 to 2^53 - 1, got ${step}`);
}

export interface OpticOptimizer extends tfc.Optimizer {
  /** Whether to keep each step's updates in lastUpdates (variable name → tensor), for inspection. */
  keepUpdates: boolean;
  lastUpdates: Map<string, tfc.Tensor>;
  hypers: Record<string, HyperValue>;
  groups: HyperGroup[];
  /** Model variable name → its state variables, one per slot. */
  slots: Map<string, tfc.Variable[]>;
  /** Sets a hyperparameter (or per-step input) to a number or a schedule, from the next step on. */
  setHyper(name: string, value: HyperValue): void;
  /** Sets the number of the next step, 1 to 2^53 − 1 (setWeights' int32 `iter` wraps at 2^31). */
  setStep(step: number): void;
}

/** The class `defineOpticOptimizer` returns: a tf.train.Optimizer subclass for one program. */
export interface OpticOptimizerClass extends tfc.serialization.SerializableConstructor<OpticOptimizer> {
  new (options?: OpticOptimizerOptions): OpticOptimizer;
  /** tfjs's serialization name (model.save / tf.serialization.registerClass). */
  className: string;
  /** The program this class runs: file, state slots, hyperparameters with their defaults. */
  readonly program: OpticSpec;
}

export function defineOpticOptimizer(tf: typeof tfc, spec: OpticSpec, opticStep: OpticStep): OpticOptimizerClass {
  const slotNames = spec.state;
  const hyperSpec = { file: spec.file, hypers: spec.hypers, inputs: spec.inputs };
  const typeOf = (k: number) => spec.stateTypes?.[k] ?? 'tensor';
  /** Slot k's shape for a variable of `shape`: the same, or [R, 1] for rows and [1, C] for cols (O(R + C)). */
  const shapeOf = (k: number, shape: readonly number[]) => slotShape(typeOf(k), shape);

  /** Throws, naming the slot, the variable and both shapes, unless the state loaded as `loadedName` fits. */
  function checkFits(loadedName: string, vars: tfc.Variable[], { name, variable }: Omit<Entry, 'gradient'>): void {
    const k = vars.findIndex((v, k) => v && !tf.util.arraysEqual(v.shape, shapeOf(k, variable.shape)));
    if (k < 0) return;
    const loadedAs = loadedName === name ? '' : ` (loaded as ${JSON.stringify(`${loadedName}/${slotNames[k]}`)})`;
    const want = typeOf(k) === 'tensor' ? '' : ` (a ${typeOf(k)} slot: [${shapeOf(k, variable.shape)}])`;
    throw new Error(
      `setWeights: state slot '${slotNames[k]}' of variable ${JSON.stringify(name)}${loadedAs} has shape [${vars[k].shape}]; the variable has shape [${variable.shape}]${want}`,
    );
  }

  class OpticOptimizer extends tf.Optimizer {
    /** tfjs's serialization name (model.save / tf.serialization.registerClass). */
    static get className(): string {
      return spec.className;
    }

    /** The program this class runs: file, state slots, hyperparameters with their defaults. */
    static get program(): OpticSpec {
      return spec;
    }

    /** Whether to keep each step's updates in lastUpdates (variable name → tensor), for inspection. */
    keepUpdates: boolean;
    lastUpdates = new Map<string, tfc.Tensor>();
    hypers: Record<string, HyperValue>;
    groups: HyperGroup[];
    /** Model variable name → its state variables, one per slot. */
    slots = new Map<string, tfc.Variable[]>();
    /** The step's scalars (hyperparameters, per-step scalars, inputs, constants), kept from step to step. */
    private scalars = new ScalarPool(tf);
    /** Variables whose state setWeights loaded and no step has used yet (adoptLoaded). */
    private loaded?: Set<string>;

    constructor({ hypers = {}, groups = [], keepUpdates = false }: OpticOptimizerOptions = {}) {
      super();
      this.keepUpdates = keepUpdates;
      this.hypers = Object.assign(Object.create(null), hypers);
      this.groups = [...groups];
      checkHypers(hyperSpec, this.hypers, this.groups);
    }

    /** Sets a hyperparameter (or per-step input) to a number or a schedule, from the next step on. */
    setHyper(name: string, value: HyperValue): void {
      const next = Object.assign(Object.create(null), this.hypers, { [name]: value });
      checkHypers(hyperSpec, next, this.groups);
      this.hypers = next;
    }

    override applyGradients(variableGradients: tfc.NamedTensorMap | NamedTensor[]): void {
      const entries = gradientEntries(tf, variableGradients);
      if (entries.length > 0) this.applyStep(entries, this.iterations + 1);
      this.incrementIterations();
    }

    private applyStep(entries: Entry[], step: number): void {
      const params = entries.map((e) => ({ name: e.name, shape: e.variable.shape }));
      const table = hyperTable(hyperSpec, params, this.hypers, this.groups, step);
      const inputs = inputValues(hyperSpec, this.hypers, step);
      this.adoptLoaded(entries);
      const slots = entries.map((e) => this.slotsOf(e));
      // Empty variables have nothing to update and add nothing to a reduction, so the step runs without
      // them: tfjs 4.22's tf.where broadcasts a condition of shape [0] with a scalar branch to shape [1] on
      // every backend (test/targets/tfjs/empty-variables.test.ts). (On webgpu an op on an empty tensor once
      // bound a zero-size buffer, a validation error that discarded the whole command buffer; not reproduced
      // with the webgpu package of 2026-12-02: ops and assignments of empty tensors within a step leave the
      // others right.)
      const run = entries.flatMap((e, t) => (e.variable.size > 0 ? [t] : []));
      const hValues = table.rows;
      const pValues = table.rows.map((values) => evaluatePerStep(spec.perStep, values, inputs, step));
      const [h, p, [x], [k]] = this.scalars.take([hValues, pValues, [inputs], [spec.constants]]);
      tf.tidy(() => {
        const w = run.map((t) => entries[t].variable);
        const s = slotNames.map((_, k) => run.map((t) => slots[t][k]));
        const rows = run.map((t) => table.row[t]);
        const out =
          run.length === 0 // (tf.addN of no partial sums would throw)
            ? { update: [], state: slotNames.map(() => []) }
            : opticStep(
                tf,
                w,
                run.map((t) => entries[t].gradient),
                s,
                h,
                rows,
                x,
                p,
                k,
              );
        // Every new value first, then the assignments: an output may be a variable about to be assigned.
        const newW = w.map((v, i) => tf.sub(v, out.update[i]));
        const newS = s.map((vars, k) =>
          vars.map((v, i) => {
            const o = out.state[k][i];
            return o === v ? null : o instanceof tf.Variable ? tf.clone(o) : o;
          }),
        );
        if (this.keepUpdates) {
          this.lastUpdates.forEach((u) => u.dispose());
          const updates: tfc.Tensor[] = entries.map((e) => tf.zeros(e.variable.shape));
          run.forEach((t, i) => (updates[t] = tf.clone(out.update[i])));
          this.lastUpdates = new Map(entries.map((e, t) => [e.name, tf.keep(updates[t])]));
        }
        w.forEach((v, i) => v.assign(newW[i]));
        s.forEach((vars, k) => vars.forEach((v, i) => newS[k][i] && v.assign(newS[k][i])));
      });
    }

    /**
     * State loaded by setWeights belongs to variables by name, but a model reloaded in the same process gets
     * new unique variable names (dense_Dense1/kernel_1). Loaded state no variable has claimed by name goes,
     * in order, to the new variables of the first step after loading, when their count agrees: the
     * positional matching tfjs's own optimizers always do. A shape that then disagrees is an error, not a
     * fresh zero state: a silently reset Adam moment is a training bug nobody sees.
     */
    private adoptLoaded(entries: Entry[]): void {
      if (!this.loaded) return;
      const loaded = [...this.loaded].filter((name) => !entries.some((e) => e.name === name));
      const fresh = entries.filter((e) => !this.slots.has(e.name));
      if (loaded.length === fresh.length && slotNames.length > 0) {
        fresh.forEach((e, i) => checkFits(loaded[i], this.slots.get(loaded[i]) as tfc.Variable[], e));
        fresh.forEach((e, i) => {
          this.slots.set(e.name, this.slots.get(loaded[i]) as tfc.Variable[]);
          this.slots.delete(loaded[i]);
        });
      }
      this.loaded = undefined;
    }

    private slotsOf({ name, variable }: Entry): tfc.Variable[] {
      let vars = this.slots.get(name);
      if (!vars) {
        vars = new Array(slotNames.length);
        this.slots.set(name, vars);
      }
      checkFits(name, vars, { name, variable });
      // A slot not loaded (of a rows or cols slot, setWeights cannot know the shape) starts at zero here.
      slotNames.forEach((_, k) => {
        vars[k] ??= tf.tidy(() => tf.variable(tf.zeros(shapeOf(k, variable.shape)), false));
      });
      return vars;
    }

    /** The step counter, then every state variable as `${variable}/${slot}` (slot-major, as tfjs's own). */
    override async getWeights(): Promise<NamedTensor[]> {
      const weights = [await this.saveIterations()];
      slotNames.forEach((slot, k) => {
        for (const [name, vars] of this.slots) if (vars[k]) weights.push({ name: `${name}/${slot}`, tensor: vars[k] });
      });
      return weights;
    }

    /** Sets the number of the next step (tfjs's int32 `iter` in setWeights stops at 2^31; this does not). */
    setStep(step: number): void {
      checkStepNumber(step);
      this.iterations_ = step - 1;
    }

    /** Replaces the step counter and the whole state with what getWeights() returned (maybe elsewhere). */
    override async setWeights(weightValues: NamedTensor[]): Promise<void> {
      const rest = await this.extractIterations(weightValues);
      const next = new Map<string, tfc.Variable[]>();
      for (const { name, tensor } of rest) {
        const cut = name.lastIndexOf('/');
        const k = cut < 0 ? -1 : slotNames.indexOf(name.slice(cut + 1));
        if (k < 0)
          throw new Error(
            `setWeights: ${JSON.stringify(name)} is not '<variable>/<slot>' with a slot of ${JSON.stringify(spec.file)} (${slotNames.join(', ') || 'it has none'})`,
          );
        if (!next.has(name.slice(0, cut))) next.set(name.slice(0, cut), new Array(slotNames.length));
        (next.get(name.slice(0, cut)) as tfc.Variable[])[k] = tf.variable(tensor, false);
      }
      for (const [name, vars] of next) {
        // Slots of one type have one shape; a missing one is made like a present one of its type, or at the
        // variable's first step (slotsOf).
        for (const type of new Set(slotNames.map((_, k) => typeOf(k)))) {
          const same = slotNames.flatMap((_, k) => (typeOf(k) === type ? [k] : []));
          const present = same.map((k) => vars[k]).find((v) => v);
          if (!present) continue;
          for (const k of same) vars[k] ??= tf.tidy(() => tf.variable(tf.zerosLike(present), false));
          if (same.some((k) => !tf.util.arraysEqual(vars[k].shape, present.shape)))
            throw new Error(`setWeights: the slots of ${JSON.stringify(name)} differ in shape`);
        }
      }
      this.disposeSlots();
      this.slots = next;
      this.loaded = new Set(next.keys());
    }

    override getConfig(): tfc.serialization.ConfigDict {
      return encodeConfig(spec, this.hypers, this.groups);
    }

    static override fromConfig<T extends tfc.serialization.Serializable>(
      cls: tfc.serialization.SerializableConstructor<T>,
      config: tfc.serialization.ConfigDict,
    ): T {
      return new (cls as unknown as new (options: OpticOptimizerOptions) => T)(decodeConfig(spec, config));
    }

    private disposeSlots(): void {
      for (const vars of this.slots.values()) vars.forEach((v) => v.dispose());
      this.slots.clear();
    }

    override dispose(): void {
      this.lastUpdates.forEach((u) => u.dispose());
      this.scalars.dispose();
      this.disposeSlots();
      super.dispose();
    }
  }

  return OpticOptimizer;
}
