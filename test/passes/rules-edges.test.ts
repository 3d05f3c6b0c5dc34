// Every rule's pattern and replacement evaluated on the values where IEEE arithmetic is unlike the reals: NaN,
// ±Inf, ±0, the smallest subnormals and the largest finite numbers (every combination, for each variable). An
// exact rule must give the same value there (the same NaN-ness, the same infinity, the same sign of zero); a
// finite rule must not, or it would be exact: so this test fails if an exact rule were only finite, which the
// random programs of rules.test.ts can miss (their inputs are rarely Inf, −0 or subnormal).

import { describe, expect, it } from 'vitest';
import { OPS } from '../../compiler/ops.ts';
import { parsePattern, type Pattern } from '../../compiler/passes/rewrite.ts';
import { RULES, type Rule } from '../../compiler/passes/rules.ts';

const EDGES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2.2250738585072014e-308, // the smallest normal
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1,
  -1,
  0.5,
  -2.5,
  3,
];

/** Guarded variables take the constants their guard accepts (with the other variables harmless). */
const GUARD_CANDIDATES = [...EDGES, 0.25, 0.9, 0.999, 1e-8, 1.5, 999, -999];

function variables(pattern: Pattern, out = new Set<string>()): Set<string> {
  if (pattern.kind === 'var') out.add(pattern.name);
  if (pattern.kind === 'op') for (const a of pattern.args) variables(a, out);
  return out;
}

function evaluate(pattern: Pattern, env: ReadonlyMap<string, number>): number {
  if (pattern.kind === 'const') return pattern.value;
  if (pattern.kind === 'var') return env.get(pattern.name)!;
  const def = OPS.get(pattern.op)!;
  const args = pattern.args.map((a) => evaluate(a, env));
  if (def.f64) return def.f64(...args);
  // A row or column reduction of a one-element tensor: a sum from 0 (so −0 becomes +0), over one element.
  if (def.axis) return def.mean ? (0 + args[0]) / 1 : 0 + args[0];
  // A reduction's tensor arguments are one-element tensors: each sum is one product (the empty one counts 1).
  const { sums, finish, map } = def.reduce!;
  const r = finish(
    sums.map((product) => product.reduce((acc, i) => acc * args[i], 1)),
    args.filter((_, k) => def.argTypes[k] === 'scalar'),
  );
  return map ? map(args[0], r) : r;
}

/** Every assignment of values to the rule's variables. */
function* assignments(rule: Rule): Generator<Map<string, number>> {
  const names = [...variables(parsePattern(rule.pattern))];
  const domain = (name: string) => {
    const guarded = rule.guard && !rule.guard({ constant: (v) => (v === name ? undefined : 0.5) });
    return guarded ? GUARD_CANDIDATES.filter((c) => rule.guard!({ constant: (v) => (v === name ? c : 0.5) })) : EDGES;
  };
  const go = function* (k: number, env: Map<string, number>): Generator<Map<string, number>> {
    if (k === names.length) {
      yield new Map(env);
      return;
    }
    for (const value of domain(names[k])) yield* go(k + 1, env.set(names[k], value));
  };
  yield* go(0, new Map());
}

/**
 * The same value: bit for bit up to NaN payloads; for a rule equal up to rounding, also within a few ulps
 * (gradual underflow included: (1 − β)x + βx at the smallest subnormal x rounds to 0), but never a zero
 * against the other zero.
 */
function same(a: number, b: number, rounding: boolean): boolean {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (!rounding || !Number.isFinite(a) || !Number.isFinite(b) || (a === 0 && b === 0) || a * b < 0) return false;
  const ulps = 4 * Math.max(Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)), Number.MIN_VALUE);
  return Math.abs(a - b) <= ulps;
}

const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** The first assignment where pattern and replacement differ, printed, or undefined. */
function difference(rule: Rule): string | undefined {
  const [pattern, replacement] = [parsePattern(rule.pattern), parsePattern(rule.replacement)];
  for (const env of assignments(rule)) {
    const [before, after] = [evaluate(pattern, env), evaluate(replacement, env)];
    if (!same(before, after, rule.rounding ?? false)) {
      const at = [...env].map(([name, v]) => `${name} = ${show(v)}`).join(', ');
      return `${at}: ${show(before)} vs ${show(after)}`;
    }
  }
  return undefined;
}

describe('rules on IEEE edge values', () => {
  it.each(RULES.filter((r) => r.level === 'exact').map((r) => [r.name, r] as const))(
    '%s (exact) gives the same value on every combination',
    (_, rule) => {
      expect(difference(rule)).toBeUndefined();
    },
  );

  it.each(RULES.filter((r) => r.level === 'finite').map((r) => [r.name, r] as const))(
    '%s (finite) differs on some combination, so it could not be exact',
    (_, rule) => {
      expect(difference(rule)).toBeDefined();
    },
  );

  it('would catch a finite rule marked exact', () => {
    const addZero = RULES.find((r) => r.name === 'add-zero')!;
    expect(difference({ ...addZero, level: 'exact' })).toBe('x = -0: 0 vs -0');
  });
});
