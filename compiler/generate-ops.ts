// How generated programs draw their ops (generate.ts), shared with the search's mutations (mutate.ts): which
// ops and spellings a settings list allows and how often each is drawn, the argument types of a drawn op, the
// operand types of an infix operator, and the domains that keep an op's arguments where it is finite.

import fc from 'fast-check';
import { broadcastTypes, type Type } from './ir.ts';
import { type ArgType, CALLABLE, type OpDef, type OpName, op } from './ops.ts';

const MIXED: ReadonlyArray<readonly [Type, Type]> = [
  ['tensor', 'tensor'],
  ['tensor', 'scalar'],
  ['scalar', 'tensor'],
];
/** With shapes, a tensor from rows or cols too: spread over a tensor, or their outer combination. */
const MIXED_SHAPED: ReadonlyArray<readonly [Type, Type]> = [
  ...MIXED,
  ['tensor', 'rows'],
  ['cols', 'tensor'],
  ['rows', 'cols'],
];

/** The operand types of a binary operator whose result has `type`. */
export function operands(type: Type, shapes: boolean): ReadonlyArray<readonly [Type, Type]> {
  if (type === 'tensor') return shapes ? MIXED_SHAPED : MIXED;
  return [
    [type, type],
    [type, 'scalar'],
    ['scalar', type],
  ];
}

/** An op's spellings, as likely as each other, and its weight: how often the settings list it. */
export interface Callable {
  def: OpDef;
  spellings: string[];
  weight: number;
}

/** Ops by name (operators included, spelled by their names), each as likely as the others. */
export function opChoices(names: readonly OpName[]): Callable[] {
  return [...new Set(names)].map((name) => ({ def: op(name), spellings: [name], weight: 1 }));
}

/**
 * An op whose result can be `type`, drawn fairly from `choices`, a spelling of it, and the types of its
 * arguments; undefined when no choice gives a `type`. Shared by the generator and the search's mutations
 * (mutate.ts), so both draw ops alike.
 */
export function drawOp(
  g: fc.GeneratorValue,
  choices: readonly Callable[],
  type: Type,
  shapes = false,
): { def: OpDef; spelling: string; types: Type[] } | undefined {
  // An axis reduction gives rows (or cols) from a tensor; other results of it are not drawn.
  const candidates = choices.filter(
    ({ def }) => def.result === 'broadcast' || def.result === type || (def.result === 'axis' && def.axis === type),
  );
  if (candidates.length === 0) return undefined;
  // Most reductions give scalars only: where a scalar is wanted they are drawn three times as often, so that
  // they appear in about as many programs as the elementwise ops (test/compiler/generate.test.ts).
  const boost = (c: Callable) => (c.def.result === 'scalar' ? { ...c, weight: 3 * c.weight } : c);
  const { def, spellings } = weighted(g, candidates.map(boost));
  const spelling = g(fc.constantFrom, ...spellings);
  const types = def.argTypes.map((want: ArgType): Type => {
    if (want === 'shaped')
      return def.result === 'scalar' && shapes ? g(fc.constantFrom, 'tensor', 'rows', 'cols') : 'tensor';
    if (want !== 'any') return want;
    if (def.result === 'broadcast' && type === 'scalar') return 'scalar';
    if (type === 'rows' || type === 'cols') return g(fc.constantFrom, type, 'scalar');
    return g(fc.constantFrom, 'tensor', 'scalar', ...(shapes ? (['rows', 'cols'] as const) : []));
  });
  // An elementwise op gives `type` only if the arguments broadcast to it.
  if (def.result === 'broadcast' && broadcastTypes(types) !== type) types[def.argTypes.indexOf('any')] = type;
  return { def, spelling, types };
}

/** One of `choices`, each as likely as its weight. */
function weighted(g: fc.GeneratorValue, choices: readonly Callable[]): Callable {
  const total = choices.reduce((sum, c) => sum + c.weight, 0);
  // Unbiased: fast-check's integers favour their bounds, the first and last ops.
  let k = g(() => fc.noBias(fc.integer({ min: 0, max: total - 1 })));
  for (const c of choices) if ((k -= c.weight) < 0) return c;
  return choices[choices.length - 1];
}

/**
 * The ops the listed spellings call, each drawn as often as the others whatever its number of spellings (pow
 * and power are one op), and a spelling listed twice doubles its op's weight (callers weight ops that way).
 */
export function callables(listed: readonly string[]): Callable[] {
  const byOp = new Map<OpDef, { spellings: Set<string>; count: number }>();
  for (const spelling of listed) {
    const def = CALLABLE.get(spelling);
    if (def === undefined) continue;
    const entry = byOp.get(def) ?? { spellings: new Set(), count: 0 };
    entry.spellings.add(spelling);
    entry.count++;
    byOp.set(def, entry);
  }
  // Weights in whole numbers: count / spellings, scaled by the spellings' common multiple.
  const scale = [...byOp.values()].reduce((m, e) => lcm(m, e.spellings.size), 1);
  return [...byOp].map(([def, e]) => ({
    def,
    spellings: [...e.spellings],
    weight: (e.count * scale) / e.spellings.size,
  }));
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number) => (a * b) / gcd(a, b);

/** Where an argument must lie for the op to be finite: x > 0, x > 1, or |x| < 1. */
export type Domain = 'positive' | 'above1' | 'unit';

/** Per op, its arguments' domains (inDomain): partial functions and poles. */
export const DOMAINS: Readonly<Record<string, readonly (Domain | undefined)[]>> = {
  sqrt: ['positive'],
  log: ['positive'],
  log2: ['positive'],
  log10: ['positive'],
  log1p: ['positive'],
  reciprocal: ['positive'],
  pow: ['positive'],
  arccosh: ['above1'],
  arcsin: ['unit'],
  arccos: ['unit'],
  arctanh: ['unit'],
};
