// Per-variable hyperparameter groups, as PyTorch's param groups and optax's masks: e.g. no weight decay for
// biases and normalization weights, chosen by name pattern or by rank, without touching the program text.
// Target-neutral: every backend receives the same [tensor][hyper] table (the interpreter as
// `hypersPerTensor`, tfjs as per-variable scalars, WGSL as a small per-tensor table in one dispatch).

import type { Program } from '../compiler/ir.ts';
import { MissingHyperError } from './interp.ts';

export interface ParamInfo {
  name: string;
  shape: readonly number[];
}

export interface HyperGroup {
  /** Which variables: a glob on the name (`*` any run of characters, `?` one), a RegExp, or a predicate. */
  match?: string | RegExp | ((p: ParamInfo) => boolean);
  /** Only variables of these ranks (both conditions must hold when both are given). */
  rank?: readonly number[];
  /** Hyperparameter values for the matched variables. */
  set: Readonly<Record<string, number>>;
}

/** λ = 0 for rank ≤ 1 variables (biases, LayerNorm/BatchNorm scales), the usual AdamW/Lion recipe. */
export function NO_DECAY_FOR_VECTORS(hyper = 'λ'): HyperGroup {
  return { rank: [0, 1], set: { [hyper]: 0 } };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'u');
}

export function groupMatches(group: HyperGroup, p: ParamInfo): boolean {
  if (group.rank && !group.rank.includes(p.shape.length)) return false;
  const m = group.match;
  if (m === undefined) return true;
  if (typeof m === 'function') return m(p);
  return (typeof m === 'string' ? globToRegExp(m) : m).test(p.name);
}

/**
 * The hyperparameter table: one row per variable, one column per hyperparameter of `program` in signature
 * order. Values come from the declared defaults, then `values`, then each matching group in order (later
 * groups win). Throws MissingHyperError naming every hyperparameter some variable has no value for, and an
 * Error for a group that names a hyperparameter the program does not have (a typo would silently do nothing).
 */
export function hypersPerTensor(
  program: Program,
  params: readonly ParamInfo[],
  values: Readonly<Record<string, number>> = {},
  groups: readonly HyperGroup[] = [],
): number[][] {
  const names = program.signature.hypers.map((h) => h.name);
  for (const g of groups) {
    const unknown = Object.keys(g.set).filter((k) => !names.includes(k));
    if (unknown.length > 0) {
      throw new Error(
        `hyperparameter group sets ${unknown.map((k) => `'${k}'`).join(', ')}, which the program does not have (it has ${names.map((k) => `'${k}'`).join(', ') || 'none'})`,
      );
    }
  }
  // Maps and own-property reads: a hyperparameter may be called `__proto__` or `constructor`.
  const own = (o: Readonly<Record<string, number>>, k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);
  const missing = new Set<string>();
  const table = params.map((p) => {
    const row = new Map(program.signature.hypers.map((h) => [h.name, own(values, h.name) ?? h.default]));
    for (const g of groups) if (groupMatches(g, p)) for (const k of Object.keys(g.set)) row.set(k, g.set[k]);
    return names.map((n) => {
      if (row.get(n) === undefined) missing.add(n);
      return row.get(n) ?? NaN;
    });
  });
  if (missing.size > 0) throw new MissingHyperError([...missing]);
  return table;
}
