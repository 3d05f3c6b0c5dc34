// Hyperparameter values, resolved once for every engine and command: a program's declared defaults, then the
// values given by name (`--set`, an optimizer's `hypers`), then per-variable groups in order (PyTorch's param
// groups, optax's masks: e.g. no weight decay for biases), each value a number or a schedule `(step) => value`.
// The interpreter, the tfjs optimizer, the WGSL runner and optimizer, `optic step` and `optic equiv` all read
// their values through this file, so an unknown name or a missing value gets the same message everywhere.
//
// Values are read as own properties only: `constructor`, `__proto__` and `toString` are legal hyperparameter
// names, and must not find Object.prototype's members.
//
// A hyperparameter is a finite number, on every engine: NaN or ±Infinity given by name, by a group, or by a
// schedule at some step is a HyperError naming it and its source, whatever reads it. (Per-step inputs may be
// non-finite: they are data, like gradients, under the non-finite-gradient policy.) A literal too large for a
// double is an error where it is written: E0004 in a program, a SyntaxError here for `--set lr=1e999`. No imports but types: the module `optic compile
// --target tfjs` prints bundles this file.

import type { Program } from '../compiler/ir.ts';
import type { Schedule } from './schedules.ts';

/** A hyperparameter of a program, with its declared default if it has one. */
export interface Hyper {
  readonly name: string;
  readonly default?: number;
}

/**
 * What resolution needs of a program: its file (for messages) and hyperparameters in signature order. `inputs`
 * are the per-step scalar inputs when the caller takes them by name with the hyperparameters (the optimizer
 * classes' `hypers` option does); otherwise leave it out, and a value given for an input is unknown.
 */
export interface HyperSpec {
  readonly file: string;
  readonly hypers: readonly Hyper[];
  readonly inputs?: readonly string[];
}

/** A program's spec; `withInputs` accepts its per-step inputs by name too. */
export function hyperSpec(
  program: { readonly file: string; readonly signature: Pick<Program['signature'], 'hypers' | 'inputs'> },
  withInputs = false,
): HyperSpec {
  const { hypers, inputs } = program.signature;
  return { file: program.file, hypers, ...(withInputs ? { inputs } : {}) };
}

/** A number, or a schedule: the value at the 1-based step about to be taken (runtime/schedules.ts). */
export type HyperValue = number | Schedule;
export type HyperValues<V extends HyperValue = HyperValue> = Readonly<Record<string, V>>;

/** A model variable, as groups see it. */
export interface ParamInfo {
  name: string;
  shape: readonly number[];
}

export interface HyperGroup<V extends HyperValue = HyperValue> {
  /** Which variables: a glob on the name (`*` any run of characters, `?` one), a RegExp, or a predicate. */
  match?: string | RegExp | ((p: ParamInfo) => boolean);
  /** Only variables of these ranks (both conditions must hold when both are given). */
  rank?: readonly number[];
  /** Values for the matched variables; they override the defaults, the values and earlier groups. */
  set: HyperValues<V>;
}

/** λ = 0 for rank ≤ 1 variables (biases, LayerNorm/BatchNorm scales), the usual AdamW/Lion recipe. */
export function NO_DECAY_FOR_VECTORS(hyper = 'λ'): HyperGroup<number> {
  return { rank: [0, 1], set: { [hyper]: 0 } };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'u');
}

/** Whether `group` applies to variable `p`: its ranks and its glob, RegExp or predicate. */
export function groupMatches(group: HyperGroup, p: ParamInfo): boolean {
  if (group.rank && !group.rank.includes(p.shape.length)) return false;
  const m = group.match;
  if (m === undefined) return true;
  if (typeof m === 'function') return m(p);
  return (typeof m === 'string' ? globToRegExp(m) : m).test(p.name);
}

/** `values[name]` if it is an own property. */
export function own<V>(values: Readonly<Record<string, V>>, name: string): V | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/**
 * An unknown name, a missing value or a non-finite one, worded here only. `names` are the hyperparameters concerned; `hint` says
 * what to do, for a front end that shows hints apart from the message.
 */
export class HyperError extends Error {
  /** The diagnostics catalog's code: E0400 for a missing value; an unknown name has none. */
  get code(): 'E0400' | undefined {
    return this.kind === 'missing' ? 'E0400' : undefined;
  }

  constructor(
    readonly kind: 'unknown' | 'missing' | 'nonfinite',
    readonly names: readonly string[],
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'HyperError';
  }

  /** `the hyperparameter 'λ' has no value` (or several). */
  static missing(names: readonly string[]): HyperError {
    const message =
      names.length > 1
        ? `the hyperparameters ${quoted(names)} have no value`
        : `the hyperparameter ${quoted(names)} has no value`;
    return new HyperError(
      'missing',
      names,
      message,
      `declare a default before the def ('${names[0]} = …') or give it a value`,
    );
  }

  /** `the hyperparameter 'lr' is Infinity (in group 2): hyperparameters must be finite numbers`. */
  static nonFinite(name: string, value: number, source = ''): HyperError {
    return new HyperError(
      'nonfinite',
      [name],
      `the hyperparameter '${name}' is ${value}${source}: hyperparameters must be finite numbers`,
      'give a finite number',
    );
  }

  /** `'lrr' is not a hyperparameter of sgd.opt (hyperparameters: λ, lr)`; `of` names the program(s). */
  static unknown(names: readonly string[], of: string, spec: Pick<HyperSpec, 'hypers' | 'inputs'>): HyperError {
    const what =
      names.length > 1 ? `${quoted(names)} are not hyperparameters` : `${quoted(names)} is not a hyperparameter`;
    const hypers = spec.hypers.map((h) => h.name).join(', ') || 'none';
    const inputs = spec.inputs?.length ? `; per-step inputs: ${spec.inputs.join(', ')}` : '';
    return new HyperError(
      'unknown',
      names,
      `${what} of ${of} (hyperparameters: ${hypers}${inputs})`,
      'check the spelling',
    );
  }
}

/**
 * Throws a HyperError for values or groups naming something `spec` does not have (a typo would otherwise do
 * nothing) or giving a hyperparameter a non-finite number, and an Error for a value that is neither a number nor
 * a schedule. (A schedule's values are checked when they are read: hyperAt.)
 */
export function checkHypers(spec: HyperSpec, values: HyperValues = {}, groups: readonly HyperGroup[] = []): void {
  const hypers = spec.hypers.map((h) => h.name);
  const known = [...hypers, ...(spec.inputs ?? [])];
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  for (const g of groups)
    unknown.push(...Object.keys(g.set).filter((k) => !hypers.includes(k) && !unknown.includes(k)));
  if (unknown.length > 0) throw HyperError.unknown(unknown, spec.file, spec);
  const sets = [values, ...groups.map((g) => g.set)];
  sets.forEach((set, i) => {
    for (const [name, value] of Object.entries(set)) {
      if (typeof value !== 'number' && typeof value !== 'function')
        throw new Error(`the value of '${name}' must be a number or a schedule (step) => number`);
      if (typeof value === 'number' && !Number.isFinite(value) && hypers.includes(name))
        throw HyperError.nonFinite(name, value, i === 0 ? '' : ` in group ${i}`);
    }
  });
}

/** A number, or a schedule's value at `step`. */
export function valueAt(name: string, value: HyperValue, step: number): number {
  const v = typeof value === 'function' ? value(step) : value;
  if (typeof v !== 'number')
    throw new Error(`the schedule for '${name}' returned ${String(v)} at step ${step}, not a number`);
  return v;
}

/** A hyperparameter's value at `step`: valueAt, and finite (whichever engine is about to read it). */
function hyperAt(name: string, value: HyperValue, step: number): number {
  const v = valueAt(name, value, step);
  if (!Number.isFinite(v))
    throw HyperError.nonFinite(name, v, typeof value === 'function' ? ` (its schedule at step ${step})` : '');
  return v;
}

/** Every hyperparameter's value at `step`, in signature order: the given value, else the declared default. */
export function hyperValues(spec: HyperSpec, values: HyperValues = {}, step = 1): number[] {
  const missing = spec.hypers.filter((h) => own(values, h.name) === undefined && h.default === undefined);
  if (missing.length > 0) throw HyperError.missing(missing.map((h) => h.name));
  return spec.hypers.map((h) => hyperAt(h.name, own(values, h.name) ?? (h.default as number), step));
}

/** The per-step inputs' values at `step`, in signature order, given by name with the hyperparameters. */
export function inputValues(spec: HyperSpec, values: HyperValues, step: number): number[] {
  const inputs = spec.inputs ?? [];
  const missing = inputs.filter((n) => own(values, n) === undefined);
  if (missing.length > 0) throw HyperError.missing(missing);
  return inputs.map((n) => valueAt(n, own(values, n) as HyperValue, step));
}

/**
 * The hyperparameter table at `step`, rows deduplicated: `rows[r]` holds one value per hyperparameter
 * (signature order) and variable t reads `rows[row[t]]`. (tfjs makes one scalar per distinct row.)
 */
export interface HyperTable {
  rows: number[][];
  row: number[];
}

const valueKey = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/**
 * The table for `params`: the declared defaults, then `values`, then each matching group in order (later groups
 * win). Throws a HyperError naming every hyperparameter some variable has no value for. Does not check for
 * unknown names: that is checkHypers, once, where the values are given.
 */
export function hyperTable(
  spec: HyperSpec,
  params: readonly ParamInfo[],
  values: HyperValues = {},
  groups: readonly HyperGroup[] = [],
  step = 1,
): HyperTable {
  const at = (name: string, v: HyperValue | undefined) => (v === undefined ? undefined : hyperAt(name, v, step));
  const base = spec.hypers.map((h) => at(h.name, own(values, h.name) ?? h.default));
  const sets = groups.map((g) => spec.hypers.map((h) => at(h.name, own(g.set, h.name))));
  const missing = new Set<string>();
  const table: HyperTable = { rows: [], row: [] };
  const index = new Map<string, number>();
  for (const p of params) {
    const list = [...base];
    groups.forEach((g, i) => groupMatches(g, p) && sets[i].forEach((v, k) => v !== undefined && (list[k] = v)));
    list.forEach((v, k) => v === undefined && missing.add(spec.hypers[k].name));
    const row = list.map((v) => v ?? NaN);
    const key = row.map(valueKey).join(',');
    if (!index.has(key)) index.set(key, table.rows.push(row) - 1);
    table.row.push(index.get(key) as number);
  }
  if (missing.size > 0) throw HyperError.missing([...missing]);
  return table;
}

/**
 * The table with one row per variable, [variable][hyperparameter in signature order], for values given once:
 * checkHypers, then hyperTable at `step`.
 */
export function hypersPerTensor(
  spec: HyperSpec,
  params: readonly ParamInfo[],
  values: HyperValues = {},
  groups: readonly HyperGroup[] = [],
  step = 1,
): number[][] {
  checkHypers(spec, values, groups);
  const { rows, row } = hyperTable(spec, params, values, groups, step);
  return row.map((r) => rows[r]);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['+Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

/**
 * A value written as text (`0.001`, `1e-3`, `NaN`, `-Infinity`); throws a SyntaxError naming anything else, and
 * a literal beyond a double's range (`1e999`, as E0004 does in a program: Infinity is spelled out).
 */
export function parseHyperValue(text: string): number {
  const t = text.trim();
  const value = NUMBER.test(t) ? Number(t) : SPECIAL.get(t);
  if (value === undefined)
    throw new SyntaxError(`'${text}' is not a number (write it like 0.001, 1e-3, NaN, Infinity or -Infinity)`);
  if (NUMBER.test(t) && !Number.isFinite(value))
    throw new SyntaxError(`'${text}' is beyond a double's range (at most ${Number.MAX_VALUE} in magnitude)`);
  return value;
}

/** `NAME=VALUE` settings (`--set`) → values by name, in a prototype-less record; throws a SyntaxError. */
export function parseSettings(settings: readonly string[]): Record<string, number> {
  const values: Record<string, number> = Object.create(null);
  for (const setting of settings) {
    const eq = setting.indexOf('=');
    const name = setting.slice(0, eq).trim();
    if (eq <= 0 || name === '') throw new SyntaxError(`expected NAME=NUMBER (like lr=0.001), not '${setting}'`);
    values[name] = parseHyperValue(setting.slice(eq + 1));
  }
  return values;
}
