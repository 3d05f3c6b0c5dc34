// The tf.train.Optimizer subclass for one compiled program. `defineOpticOptimizer(tf, spec, opticStep)` takes
// the tfjs-core namespace, the program's spec and the step function compiler/targets/tfjs.ts generated, and
// returns the class. It works with model.compile({optimizer}) + model.fit, optimizer.minimize, and
// applyGradients over any variables (a map or a list).
//
// - State: one variable per state slot per model variable, created (zeros) the first time the model
//   variable is seen, and keyed by its name. getWeights()/setWeights() carry them as `${variable}/${slot}`
//   after tfjs's `iter`, the step counter.
// - Step: an exact integer on the host (the base class's iterations), advanced once per applyGradients and
//   given to the program as a scalar (1-based).
// - Hyperparameters: numbers or schedules `(step) => number`, changed at any time with setHyper(); groups
//   override them per variable. They become per-step scalars: nothing is rebuilt when they change.
// - One tf.tidy per step, nothing read back to the host: no tensor survives a step but the new values.
//
// Plain JavaScript, embedded verbatim in the module `optic compile --target tfjs` prints, with hypers.js,
// config.js and schedules.js (its imports, which the printed module also embeds). Types: optimizer.d.ts.

import { checkValues, hyperTable, inputsAt } from './hypers.js';
import { decodeConfig, encodeConfig } from './config.js';

/** [{ name, variable, gradient }] of one applyGradients call, without the variables that have no gradient. */
function gradientEntries(tf, variableGradients) {
  const pairs = Array.isArray(variableGradients)
    ? variableGradients.map((v) => [v.name, v.tensor])
    : Object.entries(variableGradients);
  const registered = tf.engine().registeredVariables;
  return pairs
    .filter(([, gradient]) => gradient != null)
    .map(([name, gradient]) => {
      if (!Object.hasOwn(registered, name))
        throw new Error(`applyGradients: there is no variable named ${JSON.stringify(name)}`);
      return { name, variable: registered[name], gradient };
    });
}

export function defineOpticOptimizer(tf, spec, opticStep) {
  const slotNames = spec.state;

  /** Throws, naming the slot, the variable and both shapes, unless the state loaded as `loadedName` fits. */
  function checkFits(loadedName, vars, { name, variable }) {
    const k = vars.findIndex((v) => !tf.util.arraysEqual(v.shape, variable.shape));
    if (k < 0) return;
    const loadedAs = loadedName === name ? '' : ` (loaded as ${JSON.stringify(`${loadedName}/${slotNames[k]}`)})`;
    throw new Error(
      `setWeights: state slot '${slotNames[k]}' of variable ${JSON.stringify(name)}${loadedAs} has shape [${vars[k].shape}]; the variable has shape [${variable.shape}]`,
    );
  }

  class OpticOptimizer extends tf.Optimizer {
    /** tfjs's serialization name (model.save / tf.serialization.registerClass). */
    static get className() {
      return spec.className;
    }

    /** The program this class runs: file, state slots, hyperparameters with their defaults. */
    static get program() {
      return spec;
    }

    constructor({ hypers = {}, groups = [], keepUpdates = false } = {}) {
      super();
      /** Whether to keep each step's updates in lastUpdates (variable name → tensor), for inspection. */
      this.keepUpdates = keepUpdates;
      this.lastUpdates = new Map();
      this.hypers = Object.assign(Object.create(null), hypers);
      this.groups = [...groups];
      checkValues(spec, this.hypers, this.groups);
      /** Model variable name → its state variables, one per slot. */
      this.slots = new Map();
    }

    /** Sets a hyperparameter (or per-step input) to a number or a schedule, from the next step on. */
    setHyper(name, value) {
      const next = Object.assign(Object.create(null), this.hypers, { [name]: value });
      checkValues(spec, next, this.groups);
      this.hypers = next;
    }

    applyGradients(variableGradients) {
      const entries = gradientEntries(tf, variableGradients);
      if (entries.length > 0) this.applyStep(entries, this.iterations + 1);
      this.incrementIterations();
    }

    applyStep(entries, step) {
      const params = entries.map((e) => ({ name: e.name, shape: e.variable.shape }));
      const table = hyperTable(spec, params, this.hypers, this.groups, step);
      const inputs = inputsAt(spec, this.hypers, step);
      this.adoptLoaded(entries);
      const slots = entries.map((e) => this.slotsOf(e));
      // Empty variables have nothing to update and add nothing to a reduction, so the step runs without
      // them: tfjs 4.22's tf.where broadcasts an empty condition to shape [1] on every backend, and on
      // webgpu an op on an empty tensor binds a zero-size buffer, a validation error that silently
      // discards the whole command buffer (every other op of the step included).
      const run = entries.flatMap((e, t) => (e.variable.size > 0 ? [t] : []));
      tf.tidy(() => {
        const w = run.map((t) => entries[t].variable);
        const s = slotNames.map((_, k) => run.map((t) => slots[t][k]));
        const h = table.rows.map((values) => values.map((v) => tf.scalar(v)));
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
                inputs.map((v) => tf.scalar(v)),
                tf.scalar(step),
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
          const updates = entries.map((e) => tf.zeros(e.variable.shape));
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
    adoptLoaded(entries) {
      if (!this.loaded) return;
      const loaded = [...this.loaded].filter((name) => !entries.some((e) => e.name === name));
      const fresh = entries.filter((e) => !this.slots.has(e.name));
      if (loaded.length === fresh.length && slotNames.length > 0) {
        fresh.forEach((e, i) => checkFits(loaded[i], this.slots.get(loaded[i]), e));
        fresh.forEach((e, i) => {
          this.slots.set(e.name, this.slots.get(loaded[i]));
          this.slots.delete(loaded[i]);
        });
      }
      this.loaded = undefined;
    }

    slotsOf({ name, variable }) {
      let vars = this.slots.get(name);
      if (!vars) {
        vars = slotNames.map(() => tf.tidy(() => tf.variable(tf.zerosLike(variable), false)));
        this.slots.set(name, vars);
      }
      checkFits(name, vars, { name, variable });
      return vars;
    }

    /** The step counter, then every state variable as `${variable}/${slot}` (slot-major, as tfjs's own). */
    async getWeights() {
      const weights = [await this.saveIterations()];
      slotNames.forEach((slot, k) => {
        for (const [name, vars] of this.slots) weights.push({ name: `${name}/${slot}`, tensor: vars[k] });
      });
      return weights;
    }

    /** Replaces the step counter and the whole state with what getWeights() returned (maybe elsewhere). */
    async setWeights(weightValues) {
      const rest = await this.extractIterations(weightValues);
      const next = new Map();
      for (const { name, tensor } of rest) {
        const cut = name.lastIndexOf('/');
        const k = cut < 0 ? -1 : slotNames.indexOf(name.slice(cut + 1));
        if (k < 0)
          throw new Error(
            `setWeights: ${JSON.stringify(name)} is not '<variable>/<slot>' with a slot of ${JSON.stringify(spec.file)} (${slotNames.join(', ') || 'it has none'})`,
          );
        if (!next.has(name.slice(0, cut))) next.set(name.slice(0, cut), new Array(slotNames.length));
        next.get(name.slice(0, cut))[k] = tf.variable(tensor, false);
      }
      for (const [name, vars] of next) {
        const present = vars.find((v) => v);
        slotNames.forEach((_slot, k) => {
          if (!vars[k]) vars[k] = tf.tidy(() => tf.variable(tf.zerosLike(present), false));
        });
        if (vars.some((v) => !tf.util.arraysEqual(v.shape, present.shape)))
          throw new Error(`setWeights: the slots of ${JSON.stringify(name)} differ in shape`);
      }
      this.disposeSlots();
      this.slots = next;
      this.loaded = new Set(next.keys());
    }

    getConfig() {
      return encodeConfig(spec, this.hypers, this.groups);
    }

    static fromConfig(cls, config) {
      return new cls(decodeConfig(spec, config));
    }

    disposeSlots() {
      for (const vars of this.slots.values()) vars.forEach((v) => v.dispose());
      this.slots.clear();
    }

    dispose() {
      this.lastUpdates.forEach((u) => u.dispose());
      this.disposeSlots();
      super.dispose();
    }
  }

  return OpticOptimizer;
}
