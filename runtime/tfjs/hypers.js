// Hyperparameter values for one step of a tfjs optimizer: numbers or schedules `(step) => number`, the
// program's declared defaults, and per-variable groups (PyTorch param groups, optax masks). The grouping
// rules are runtime/groups.ts's, the target-neutral definition the interpreter uses as its oracle; this file
// restates them in plain JavaScript because the module `optic compile --target tfjs` prints embeds it and
// may import nothing but tfjs-core (test/targets/tfjs/hypers.test.ts checks both agree).
//
// Plain JavaScript with no imports, embedded verbatim like schedules.js. Types: hypers.d.ts.

function globToRegExp(glob) {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'u');
}

/** Whether a group applies to a variable `{ name, shape }`: its ranks and its glob, RegExp or predicate. */
export function groupMatches(group, param) {
  if (group.rank && !group.rank.includes(param.shape.length)) return false;
  const m = group.match;
  if (m === undefined) return true;
  if (typeof m === 'function') return m(param);
  return (typeof m === 'string' ? globToRegExp(m) : m).test(param.name);
}

const quoteList = (names) => names.map((n) => `'${n}'`).join(', ');

/** `obj[key]` if it is obj's own property: names like `constructor` must not find Object.prototype's. */
const own = (obj, key) => (Object.hasOwn(obj, key) ? obj[key] : undefined);

/** A dictionary without a prototype, so that a key `__proto__` is a key like any other. */
const dict = (entries = []) => Object.assign(Object.create(null), Object.fromEntries(entries));

/** Throws for values or groups naming something the program does not have (a typo would do nothing). */
export function checkValues(spec, values, groups) {
  const known = [...spec.hypers.map((h) => h.name), ...spec.inputs];
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new Error(
      `values given for ${quoteList(unknown)}, which the program does not have (it has ${quoteList(known) || 'none'})`,
    );
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'number' && typeof value !== 'function')
      throw new Error(`the value of '${name}' must be a number or a schedule (step) => number`);
  }
  const hypers = spec.hypers.map((h) => h.name);
  for (const g of groups) {
    const bad = Object.keys(g.set).filter((k) => !hypers.includes(k));
    if (bad.length > 0)
      throw new Error(
        `hyperparameter group sets ${quoteList(bad)}, which the program does not have (it has ${quoteList(hypers) || 'none'})`,
      );
  }
}

/** A number or a schedule's value at `step`. */
export function valueAt(name, value, step) {
  const v = typeof value === 'function' ? value(step) : value;
  if (typeof v !== 'number')
    throw new Error(`the schedule for '${name}' returned ${String(v)} at step ${step}, not a number`);
  return v;
}

function missingError(names) {
  const s = names.length > 1 ? 's' : '';
  return new Error(
    `no value for hyperparameter${s} ${quoteList(names)}: declare a default in the program (${names[0]} = ...) or pass it in the optimizer's hypers`,
  );
}

/** Per-step scalar inputs in signature order: they take values and schedules like hyperparameters. */
export function inputsAt(spec, values, step) {
  const missing = spec.inputs.filter((n) => own(values, n) === undefined);
  if (missing.length > 0) throw missingError(missing);
  return spec.inputs.map((n) => valueAt(n, own(values, n), step));
}

const valueKey = (v) => (Object.is(v, -0) ? '-0' : String(v));

/**
 * The hyperparameter table at `step`, deduplicated: `rows[r]` holds one value per hyperparameter (signature
 * order) and `row[t]` is variable t's row. Defaults, then `values`, then matching groups in order.
 */
export function hyperTable(spec, params, values, groups, step) {
  const base = dict();
  for (const h of spec.hypers) {
    const v = own(values, h.name) ?? h.default;
    if (v !== undefined) base[h.name] = valueAt(h.name, v, step);
  }
  const sets = groups.map((g) => dict(Object.entries(g.set).map(([k, v]) => [k, valueAt(k, v, step)])));
  const missing = new Set();
  const rows = [];
  const index = new Map();
  const row = params.map((p) => {
    const values = dict(Object.entries(base));
    groups.forEach((g, i) => groupMatches(g, p) && Object.assign(values, sets[i]));
    const list = spec.hypers.map((h) => {
      if (values[h.name] !== undefined) return values[h.name];
      missing.add(h.name);
      return NaN;
    });
    const key = list.map(valueKey).join(',');
    if (!index.has(key)) index.set(key, rows.push(list) - 1);
    return index.get(key);
  });
  if (missing.size > 0) throw missingError([...missing]);
  return { rows, row };
}
