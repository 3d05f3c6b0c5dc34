// Every rewrite rule: a one-line example (input ⇒ expected, egg-style), and a property: on random programs
// with the rule's pattern planted in them, the rewritten program is equivalent to the original at the rule's
// level, by the fuzz checker (runtime/equiv.ts) over several steps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { arbIRProgram, type Plant, type Type } from '../../compiler/generate.ts';
import type { Program } from '../../compiler/ir.ts';
import { OPS } from '../../compiler/ops.ts';
import { cse } from '../../compiler/passes/cse.ts';
import { dce } from '../../compiler/passes/dce.ts';
import { fold } from '../../compiler/passes/fold.ts';
import { holdsUnder, parsePattern, rewriteWith, rulesAt, type Pattern } from '../../compiler/passes/rewrite.ts';
import { RULES, type Rule } from '../../compiler/passes/rules.ts';
import { printProgram } from '../../compiler/print.ts';
import { verify } from '../../compiler/verify.ts';
import type { Expr } from '../../grammar/ast.ts';
import { equivalent } from '../../runtime/equiv.ts';
import type { Level } from '../../compiler/passes/pass.ts';

/** rule name → [expression over g, w, m, a (scalar hyperparameter)] ⇒ what it becomes. */
const EXAMPLES: Record<string, [string, string]> = {
  'mul-one': ['g * 1', 'g'],
  'div-one': ['g / 1', 'g'],
  'sub-zero': ['g - 0', 'g'],
  'add-negzero': ['-0 + g', 'g'],
  'pow-one': ['g ** 1', 'g'],
  'neg-neg': ['-(-g)', 'g'],
  'sub-neg': ['w - -g', 'w + g'],
  'add-neg': ['-g + w', 'w - g'],
  'mul-neg-neg': ['-w * -g', 'w * g'],
  'div-neg-neg': ['-w / -g', 'w / g'],
  'mul-self': ['g * g', 'square(g)'],
  'mul-square': ['square(g) * g', 'cube(g)'],
  'pow-two': ['g ** 2', 'square(g)'],
  'abs-abs': ['abs(abs(g))', 'abs(g)'],
  'abs-neg': ['abs(-g)', 'abs(g)'],
  'abs-square': ['abs(square(g))', 'square(g)'],
  'square-neg': ['square(-g)', 'square(g)'],
  'square-abs': ['square(abs(g))', 'square(g)'],
  'sign-sign': ['sign(sign(g))', 'sign(g)'],
  'abs-times-sign': ['sign(g) * abs(g)', 'g'],
  'max-self': ['max(g, g)', 'g'],
  'min-self': ['min(g, g)', 'g'],
  'clip-clip': ['clip(clip(g, a), a)', 'clip(g, a)'],
  'interp-same': ['interpolate(g, g, 0.9)', 'g'],
  'mean-def': ['sum(g) / size(g) + w', 'mean(g) + w'],
  'add-zero': ['g + 0', 'g'],
  'neg-sub': ['-(g - w)', 'w - g'],
  'mul-zero': ['a * 0 + g', '0 + g'],
  'sub-self': ['a - a + g', '0 + g'],
  'div-self': ['g * (a / a)', 'g * 1'],
  'interp-zero': ['interpolate(g, w, 0)', 'g'],
  'interp-one': ['interpolate(g, w, 1)', 'w'],
  'interp-same-any': ['interpolate(g, g, 1.5)', 'g'],
  'sqrt-square': ['sqrt(square(g))', 'abs(g)'],
  'square-sqrt': ['square(sqrt(g))', 'g'],
  'div-abs': ['g / abs(g)', 'sign(g)'],
  'exp-log': ['exp(log(g))', 'g'],
  'mul-reciprocal': ['w * reciprocal(g)', 'w / g'],
  'div-reciprocal': ['w / reciprocal(g)', 'w * g'],
  'sum-sum-rows': ['g * sum_rows(sum_rows(g))', 'g * sum_rows(g)'],
  'sum-mean-rows': ['g * sum_rows(mean_rows(w))', 'g * mean_rows(w)'],
  'mean-sum-rows': ['g * mean_rows(sum_rows(g))', 'g * sum_rows(g)'],
  'mean-mean-rows': ['g * mean_rows(mean_rows(g))', 'g * mean_rows(g)'],
  'sum-sum-cols': ['g * sum_cols(sum_cols(g))', 'g * sum_cols(g)'],
  'sum-mean-cols': ['g * sum_cols(mean_cols(w))', 'g * mean_cols(w)'],
  'mean-sum-cols': ['g * mean_cols(sum_cols(g))', 'g * sum_cols(g)'],
  'mean-mean-cols': ['g * mean_cols(mean_cols(g))', 'g * mean_cols(g)'],
};

function program(expr: string): Program {
  const compiled = compile(
    `def train(w, g, m):\n    update = ${expr}\n    m = m + update\n    return update, m\n`,
    'example.opt',
  );
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
}

/** Constants a guarded variable may take: the rules' special values, and ones that reach NaN, Inf and −0. */
const CONSTANTS = [0, -0, 1, -1, 2, 0.5, 0.9, 0.99, 1.1, 3, 1e-8, 1e300];

const SPAN = { file: 'generated.opt', line: 1, col: 1, start: 0, end: 0 };

/**
 * The rule's pattern as an expression, its variables bound to values the generated program computed (the
 * same variable to the same name), or for a guarded one to a constant that passes the guard. Literal values
 * are put in the AST as they are (−0 too), so the lowered program holds the pattern itself.
 */
function plantOf(rule: Rule): Plant {
  const pattern = parsePattern(rule.pattern);
  return {
    // A rule equal only up to rounding is checked on its own value (see Rule.rounding): nothing after it.
    last: rule.rounding,
    build: ({ value, pick }) => {
      const env = new Map<string, Expr>();
      const num = (v: number): Expr => ({ kind: 'num', value: v, text: String(v), span: SPAN });
      const bind = (name: string, want: Type | 'any'): Expr => {
        const guarded = rule.guard && !rule.guard({ constant: (v) => (v === name ? undefined : 0.5) });
        if (guarded)
          return num(pick(CONSTANTS.filter((c) => rule.guard!({ constant: (v) => (v === name ? c : 0.5) }))));
        return value(want === 'any' ? pick(['tensor', 'scalar'] as const) : want);
      };
      const go = (p: Pattern, want: Type | 'any'): Expr => {
        if (p.kind === 'const') return num(p.value);
        if (p.kind === 'var') {
          if (!env.has(p.name)) env.set(p.name, bind(p.name, want));
          return env.get(p.name)!;
        }
        const def = OPS.get(p.op)!;
        const args = p.args.map((a, k) => go(a, def.argTypes[k] === 'shaped' ? 'tensor' : def.argTypes[k]));
        if (def.prefix) return { kind: 'neg', operand: args[0], span: SPAN };
        if (def.operatorOnly) return { kind: 'binary', op: def.infix!, left: args[0], right: args[1], span: SPAN };
        return { kind: 'call', callee: def.name, calleeSpan: SPAN, args, span: SPAN };
      };
      return go(pattern, 'any');
    },
  };
}

/** Small generated programs with the rule's pattern planted in them. */
const arbPlanted = (rule: Rule) =>
  arbIRProgram({
    plant: plantOf(rule),
    hostileNames: false,
    maxStatements: 4,
    maxDepth: 2,
    // Row and column rules: programs that read rows and cols values, so that the rewritten one reaches an output.
    shapes: /_(rows|cols)\b/.test(rule.pattern),
  });

/** Folds the literals (`-0` lowers to negative(0)), CSEs, and drops what is dead: the form rules see. */
const normal = (p: Program) => dce(cse(fold(p).program).program).program;

describe('rule table', () => {
  it('every rule parses, has a one-op replacement and an example', () => {
    for (const rule of RULES) {
      expect(parsePattern(rule.pattern).kind, rule.name).toBe('op');
      expect(() => rewriteWith(program('g'), [rule]), rule.name).not.toThrow();
      expect(EXAMPLES[rule.name], `example for ${rule.name}`).toBeDefined();
    }
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
  });

  it('a rule that does not fit its table shape is rejected', () => {
    const bad: Rule = { name: 'two-ops', level: 'exact', pattern: '(mul ?x 2)', replacement: '(add (abs ?x) ?x)' };
    expect(() => rewriteWith(program('g * 2'), [bad])).toThrow(/at most one op/);
    expect(() => parsePattern('(nope ?x)')).toThrow(/unknown op/);
    expect(() => parsePattern('(abs ?x ?y)')).toThrow(/takes 1/);
  });
});

describe.each(RULES.map((r) => [r.name, r] as const))('rule %s', (name, rule) => {
  it(`rewrites ${EXAMPLES[name]?.[0]} ⇒ ${EXAMPLES[name]?.[1]}`, () => {
    const [input, expected] = EXAMPLES[name];
    const { program: rewritten, log } = rewriteWith(normal(program(input)), [rule]);
    expect(log.length, 'the rule applied').toBeGreaterThan(0);
    expect(printProgram(normal(rewritten))).toBe(printProgram(normal(program(expected))));
  });

  it(`is ${rule.level}: random programs with its pattern stay equivalent`, () => {
    let applied = 0;
    fc.assert(
      fc.property(arbPlanted(rule), fc.integer(), (p, seed) => {
        const { program: q, log } = rewriteWith(p, [rule]);
        expect(verify(q)).toEqual([]);
        if (log.length === 0) return;
        applied++;
        const result = equivalent(p, q, { level: rule.level, states: true, trials: 6, steps: 3, seed });
        expect(result.kind === 'different' ? result.counterexample : result.kind).toBe('equivalent');
      }),
      { numRuns: 40 },
    );
    expect(applied).toBeGreaterThan(10);
  });
});

// Only the rules marked protectedToo fire under protected math (the others are off there, tested below).
describe.each(RULES.filter((r) => r.protectedToo).map((r) => [r.name, r] as const))('rule %s', (_, rule) => {
  it('holds under protected math too: random programs with its pattern stay equivalent', () => {
    fc.assert(
      fc.property(arbPlanted(rule), fc.integer(), (p, seed) => {
        const { program: q } = rewriteWith(p, [rule]);
        const options = { level: rule.level, math: 'protected', states: true, trials: 6, steps: 3, seed } as const;
        const result = equivalent(p, q, options);
        expect(result.kind === 'different' ? result.counterexample : result.kind).toBe('equivalent');
      }),
      { numRuns: 40 },
    );
  });
});

/**
 * Why each finite rule is not exact: a program where the rewrite changes an output on some input, which the
 * checker finds at the exact level (and, by the property above, never at the finite level).
 */
const NOT_EXACT: Record<string, string> = {
  'add-zero': '1 / (g + 0)', // g = −0: 1/(+0) = Inf, 1/(−0) = −Inf
  'neg-sub': '1 / -(g - g)', // −(+0) = −0: −Inf vs Inf
  // (These two fire on scalars; hyperparameters are finite (runtime/hypers.ts), a reduction need not be.)
  'mul-zero': 'g + norm(w) * 0', // w = Inf: NaN vs g
  'sub-self': 'g + (norm(w) - norm(w))', // w = Inf: NaN
  'div-self': 'g * (a / a)', // a = 0: NaN
  'interp-zero': 'interpolate(g, w, 0)', // w = Inf: 0·Inf = NaN
  'interp-one': 'interpolate(g, w, 1)', // g = Inf
  'interp-same-any': 'interpolate(g, g, 1.5)', // g = Inf: −Inf + Inf
  'sqrt-square': 'g / sqrt(square(g))', // g = 1e300: square overflows
  'square-sqrt': 'square(sqrt(g))', // g < 0: NaN vs g
  'div-abs': 'g / abs(g)', // g = 0: NaN vs 0
  'exp-log': 'exp(log(g))', // g < 0
  'mul-reciprocal': 'w * reciprocal(g)', // g = 5e-324: w·(1/g) = w·Inf vs a finite w/g
  'div-reciprocal': 'w / reciprocal(g)', // g = 5e-324: 1/g = Inf, w/Inf = 0 vs w·5e-324
};

describe('finite rules are not exact', () => {
  it('every finite rule has a witness', () => {
    for (const rule of RULES.filter((r) => r.level === 'finite')) expect(NOT_EXACT[rule.name], rule.name).toBeDefined();
  });

  it.each(Object.entries(NOT_EXACT))('%s: %s changes at the exact level, not at the finite one', (name, expr) => {
    const rule = RULES.find((r) => r.name === name)!;
    const p = normal(program(expr));
    const { program: q, log } = rewriteWith(p, [rule]);
    expect(log.length).toBeGreaterThan(0);
    expect(equivalent(p, q, { level: 'exact', seed: 7, trials: 300 }).kind).toBe('different');
    expect(equivalent(p, q, { level: 'finite', seed: 7, trials: 300 }).kind).toBe('equivalent');
  });
});

/** Why each rule that is off under protected math is off there: a program it would change under that math. */
const NOT_PROTECTED: Record<string, string> = {
  'div-one': 'g / 1', // g / (1 + 1e-8)
  'div-neg-neg': '-g / -w', // −g / (−w + 1e-8) vs g / (w + 1e-8)
  'mean-def': 'sum(g) / size(g) + w', // sum / (size + 1e-8) vs mean
  'div-self': 'g * (a / a)', // a / (a + 1e-8) is not 1
  'square-sqrt': 'square(sqrt(g))', // √|g|² = |g| vs g, for g < 0
  'div-abs': 'g / abs(g)', // g / (|g| + 1e-8) vs sign(g)
  'exp-log': 'exp(log(g))', // exp(log |g|) = |g| vs g
  'mul-reciprocal': 'w * reciprocal(g)', // w / (g + 1e-8) vs w · (1 / g)
  'div-reciprocal': 'w / reciprocal(g)', // w / (1/g + 1e-8) vs w · g
};

describe('rules off under protected math', () => {
  it('are exactly the ones with a witness', () => {
    const off = RULES.filter((r) => !holdsUnder(r, 'protected')).map((r) => r.name);
    expect(off.sort()).toEqual(Object.keys(NOT_PROTECTED).sort());
  });

  it.each(Object.entries(NOT_PROTECTED))('%s: %s changes under protected math', (name, expr) => {
    const rule = RULES.find((r) => r.name === name)!;
    const p = normal(program(expr));
    const { program: q, log } = rewriteWith(p, [rule]);
    expect(log.length).toBeGreaterThan(0);
    const options = { level: rule.level, math: 'protected', seed: 7, trials: 300 } as const;
    expect(equivalent(p, q, options).kind).toBe('different');
    expect(rewriteWith(p, rulesAt(rule.level, 'protected')).log).toEqual([]);
  });
});

// What `optic simplify --level` promises: at the exact level every exact rule and no finite one, at the finite
// level all of them; each application is logged with the rule's name and level. A rule is finite exactly
// when it has a witness in NOT_EXACT.
describe('rules by level', () => {
  const fired = (expr: string, level: Level) =>
    rewriteWith(normal(program(expr)), rulesAt(level)).log.flatMap((e) => e.message.split(': ')[0].split(', '));

  it.each(RULES.map((r) => r.name))('%s fires at the levels it holds at', (name) => {
    const [input] = EXAMPLES[name];
    const level = name in NOT_EXACT ? 'finite' : 'exact';
    expect(fired(input, 'finite')).toContain(`${name} (${level})`);
    if (level === 'exact') expect(fired(input, 'exact')).toContain(`${name} (exact)`);
    else expect(fired(input, 'exact').filter((entry) => entry.startsWith(`${name} `))).toEqual([]);
  });
});
