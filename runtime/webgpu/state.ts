// Optimizer state on the host, in the two shapes callers meet: the runner's own (`RunnerState`: arrays per
// slot per variable, plus the step counter) and tfjs's getWeights() list (`iter`, the steps taken, then
// `${variable}/${slot}`, slot-major), the format every tfjs optimizer saves and loads. Converting here, once,
// means no caller pairs names with slots by hand, and the WGSL optimizer loads what the tfjs target saved.

import type { ParamInfo } from '../hypers.ts';
import { type SlotKind, sizeOf, slotShape } from './lines.ts';

/** Each slot's kind (a program's `signature.stateTypes`; absent: every slot holds a value per element). */
export type SlotKinds = readonly SlotKind[] | undefined;

const kindOf = (kinds: SlotKinds, k: number): SlotKind => kinds?.[k] ?? 'tensor';

export interface RunnerState {
  /** The next step's number: 1 for a fresh optimizer (tfjs's `iter` + 1). */
  step: number;
  /** Weights per variable. */
  w: Float32Array[];
  /** [slot][variable], slots in the program's signature order. */
  state: Float32Array[][];
}

/** What `setState` takes: weights are optional (tfjs variables may hold their own). */
export interface StateInput {
  step: number;
  w?: readonly ArrayLike<number>[];
  state: readonly (readonly ArrayLike<number>[])[];
}

/** One entry of tfjs's getWeights() list, read to the host. */
export interface NamedValue {
  name: string;
  data: ArrayLike<number>;
  shape: readonly number[];
}

/** Throws, naming the slot and variable, unless `input` fits a runner with these slots and variables. */
export function checkState(
  slots: readonly string[],
  params: readonly ParamInfo[],
  input: StateInput,
  kinds?: SlotKinds,
): void {
  const { step, w, state } = input;
  if (!(Number.isSafeInteger(step) && step >= 1))
    throw new Error(
      `setState: the step counter must be an integer from 1 to 2^53 - 1 (the next step's number), got ${step}`,
    );
  const fits = (what: string, values: readonly ArrayLike<number>[], kind: SlotKind = 'tensor') => {
    if (values.length !== params.length)
      throw new Error(`setState: ${what} has ${values.length} variable(s); the model has ${params.length}`);
    values.forEach((v, t) => {
      const shape = slotShape(kind, params[t].shape);
      const size = sizeOf(shape);
      if (v.length !== size)
        throw new Error(
          kind === 'tensor'
            ? `setState: ${what} of variable '${params[t].name}' has ${v.length} element(s); the variable has ${size} (shape [${params[t].shape}])`
            : `setState: ${what} of variable '${params[t].name}' has ${v.length} element(s); one per ${kind === 'rows' ? 'row' : 'column'} of the variable (shape [${params[t].shape}]) is ${size}`,
        );
    });
  };
  if (w) fits('the weights', w);
  if (state.length !== slots.length)
    throw new Error(
      `setState: the state has ${state.length} slot(s); the program has ${slots.length} (${slots.join(', ') || 'none'})`,
    );
  state.forEach((values, k) => fits(`state slot '${slots[k]}'`, values, kindOf(kinds, k)));
}

/** tfjs's getWeights() list of a runner's state (weights are the model's, not the optimizer's). */
export function toNamed(
  slots: readonly string[],
  params: readonly ParamInfo[],
  s: Pick<RunnerState, 'step' | 'state'>,
  kinds?: SlotKinds,
): NamedValue[] {
  const iter: NamedValue = { name: 'iter', data: Int32Array.of(s.step - 1), shape: [] };
  return [
    iter,
    ...slots.flatMap((slot, k) =>
      params.map((p, t) => ({
        name: `${p.name}/${slot}`,
        data: s.state[k][t],
        shape: slotShape(kindOf(kinds, k), p.shape),
      })),
    ),
  ];
}

/**
 * A runner's [slot][variable] state from tfjs's getWeights() list, matched as the tfjs target's optimizer
 * matches (runtime/tfjs/optimizer.ts): by variable name; loaded variables no name claims go, in order, to
 * the variables no name matched, when their count and shapes agree (a model reloaded in the same process
 * gets new variable names); slots and variables left without a value start at zero. `step` is `iter` + 1
 * when the list has `iter`.
 */
export function fromNamed(
  slots: readonly string[],
  params: readonly ParamInfo[],
  values: readonly NamedValue[],
  kinds?: SlotKinds,
): { step?: number; state: Float32Array[][] } {
  const loaded = byVariable(
    slots,
    values.filter((v) => v.name !== 'iter'),
    kinds,
  );
  // The variable shape a loaded entry fits: its tensor slots' shape, and each rows or cols slot's of it.
  const fitsShape = (saved: Loaded, shape: readonly number[]) =>
    saved.slotShapes.every((s, k) => s === undefined || sameShape(s, slotShape(kindOf(kinds, k), shape)));
  const shown = (saved: Loaded) => saved.shape ?? saved.slotShapes.find((s) => s !== undefined)!;
  const iter = values.find((v) => v.name === 'iter');
  const owner = params.map((p) => (loaded.has(p.name) ? p.name : undefined));
  const unclaimed = [...loaded.keys()].filter((name) => !params.some((p) => p.name === name));
  const fresh = params.flatMap((_p, t) => (owner[t] === undefined ? [t] : []));
  // Renamed variables (a reloaded model) take the saved state in order, as the tfjs target does; a shape
  // that does not fit is an error, never a silent restart from zero.
  if (unclaimed.length === fresh.length) {
    fresh.forEach((t, i) => {
      const saved = loaded.get(unclaimed[i])!;
      if (!fitsShape(saved, params[t].shape)) {
        throw new Error(
          `setWeights: the state loaded as '${unclaimed[i]}' has shape [${shown(saved)}]; the variable '${params[t].name}' it matches by position has [${params[t].shape}]`,
        );
      }
      owner[t] = unclaimed[i];
    });
  }
  const state = slots.map((_slot, k) =>
    params.map((p, t) => {
      const found = owner[t] === undefined ? undefined : loaded.get(owner[t]!)!;
      if (found && !fitsShape(found, p.shape))
        throw new Error(
          `setWeights: the state of variable '${owner[t]}' has shape [${shown(found)}]; the variable '${p.name}' has [${p.shape}]`,
        );
      const data = found?.slots[k];
      return data ? Float32Array.from(data) : new Float32Array(sizeOf(slotShape(kindOf(kinds, k), p.shape)));
    }),
  );
  return { ...(iter ? { step: Number(iter.data[0]) + 1 } : {}), state };
}

interface Loaded {
  /** The shape of its tensor slots (undefined when only rows or cols slots were loaded). */
  shape?: readonly number[];
  slotShapes: (readonly number[] | undefined)[];
  slots: (ArrayLike<number> | undefined)[];
}

/** Groups `${variable}/${slot}` entries by variable, in order of first appearance. */
function byVariable(slots: readonly string[], values: readonly NamedValue[], kinds?: SlotKinds): Map<string, Loaded> {
  const out = new Map<string, Loaded>();
  for (const { name, data, shape } of values) {
    const cut = name.lastIndexOf('/');
    const k = cut < 0 ? -1 : slots.indexOf(name.slice(cut + 1));
    if (k < 0)
      throw new Error(
        `setWeights: ${JSON.stringify(name)} is not '<variable>/<slot>' with a slot of this program (${slots.join(', ') || 'it has none'})`,
      );
    const variable = name.slice(0, cut);
    const entry: Loaded = out.get(variable) ?? {
      slotShapes: slots.map(() => undefined),
      slots: slots.map(() => undefined),
    };
    if (kindOf(kinds, k) === 'tensor') {
      if (entry.shape && !sameShape(entry.shape, shape))
        throw new Error(
          `setWeights: the slots of ${JSON.stringify(variable)} differ in shape ([${entry.shape}] and [${shape}])`,
        );
      entry.shape = shape;
    }
    entry.slotShapes[k] = shape;
    if (data.length !== sizeOf(shape))
      throw new Error(`setWeights: ${JSON.stringify(name)} has ${data.length} element(s) for shape [${shape}]`);
    entry.slots[k] = data;
    out.set(variable, entry);
  }
  return out;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((n, i) => n === b[i]);
