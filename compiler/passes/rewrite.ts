// The one generic rewrite driver: rules (rules.ts) are data, this file reads their patterns, matches them
// against the IR and builds replacements. It rebuilds the program front to back; each op, once its
// arguments are final, is matched against the rules before it is created, so a rewritten op never exists
// in the output and a replacement is itself rewritten until no rule applies (children are final already).

import { isLeaf, resultType, type IRBuilder, type Program, type Type, type ValueId } from '../ir.ts';
import { type MathMode, OPS, type OpName } from '../ops.ts';
import { describe } from '../print.ts';
import { COMMUTATIVE } from './cse.ts';
import { lineOf, rebuild, type Level, type LogEntry, type PassContext, type PassResult } from './pass.ts';
import { RULES, type Bindings, type Rule } from './rules.ts';

export type Pattern =
  | { kind: 'var'; name: string }
  | { kind: 'const'; value: number }
  | { kind: 'op'; op: OpName; args: Pattern[] };

/** Parses `(mul ?x 1)`; throws on a malformed pattern (a bug in the rule table, caught by its tests). */
export function parsePattern(text: string): Pattern {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const next = (): Pattern => {
    const t = tokens[i++];
    if (t === undefined || t === ')') throw new Error(`pattern '${text}': unexpected ${t ?? 'end'}`);
    if (t.startsWith('?')) return { kind: 'var', name: t.slice(1) };
    if (t !== '(') {
      const value = Number(t);
      if (Number.isNaN(value)) throw new Error(`pattern '${text}': '${t}' is not a number or variable`);
      return { kind: 'const', value };
    }
    const op = tokens[i++] as OpName;
    if (!OPS.has(op)) throw new Error(`pattern '${text}': unknown op '${op}'`);
    const args: Pattern[] = [];
    while (tokens[i] !== ')') args.push(next());
    i++;
    if (args.length !== OPS.get(op)!.arity)
      throw new Error(`pattern '${text}': ${op} takes ${OPS.get(op)!.arity} arguments`);
    return { kind: 'op', op, args };
  };
  const pattern = next();
  if (i !== tokens.length) throw new Error(`pattern '${text}': trailing tokens`);
  return pattern;
}

interface Compiled {
  rule: Rule;
  pattern: Extract<Pattern, { kind: 'op' }>;
  replacement: Pattern;
}

/** Compiled rules by the op at their pattern's root, in table order: a candidate is matched only against its own. */
type ByOp = ReadonlyMap<OpName, readonly Compiled[]>;

const cache = new WeakMap<readonly Rule[], ByOp>();

function compileRules(rules: readonly Rule[]): ByOp {
  const cached = cache.get(rules);
  if (cached) return cached;
  const byOp = new Map<OpName, Compiled[]>();
  for (const rule of rules) {
    const pattern = parsePattern(rule.pattern);
    if (pattern.kind !== 'op') throw new Error(`rule ${rule.name}: a pattern must be an op`);
    const replacement = parsePattern(rule.replacement);
    // One op at most, at the root: then a rewrite never adds ops (rules.ts).
    if (replacement.kind === 'op' && replacement.args.some((a) => a.kind === 'op'))
      throw new Error(`rule ${rule.name}: a replacement has at most one op`);
    byOp.set(pattern.op, [...(byOp.get(pattern.op) ?? []), { rule, pattern, replacement }]);
  }
  cache.set(rules, byOp);
  return byOp;
}

/** An op about to be created: matched before it exists. */
interface Candidate {
  op: OpName;
  args: readonly ValueId[];
}

type Env = Map<string, ValueId>;

function matchArgs(pats: readonly Pattern[], args: readonly ValueId[], b: IRBuilder, env: Env): Env | undefined {
  let current: Env | undefined = env;
  for (let k = 0; k < pats.length && current; k++) current = matchValue(pats[k], args[k], b, current);
  return current;
}

function matchOp(pat: Extract<Pattern, { kind: 'op' }>, c: Candidate, b: IRBuilder, env: Env): Env | undefined {
  if (pat.op !== c.op) return undefined;
  const direct = matchArgs(pat.args, c.args, b, new Map(env));
  if (direct || !COMMUTATIVE.has(c.op)) return direct;
  return matchArgs(pat.args, [c.args[1], c.args[0]], b, new Map(env));
}

function matchValue(pat: Pattern, id: ValueId, b: IRBuilder, env: Env): Env | undefined {
  const node = b.nodes[id];
  switch (pat.kind) {
    case 'var': {
      const bound = env.get(pat.name);
      if (bound === undefined) return env.set(pat.name, id);
      return bound === id ? env : undefined;
    }
    case 'const':
      return node.op === 'const' && Object.is(node.value, pat.value) ? env : undefined;
    case 'op':
      return isLeaf(node.op) ? undefined : matchOp(pat, { op: node.op as OpName, args: node.args }, b, env);
  }
}

/** The replacement: an existing value, or (its one op) a candidate still to be matched and created. */
function instantiate(pat: Pattern, env: Env, b: IRBuilder): ValueId | Candidate {
  switch (pat.kind) {
    case 'var':
      return env.get(pat.name)!;
    case 'const':
      return b.constant(pat.value);
    case 'op':
      return { op: pat.op, args: pat.args.map((a) => instantiate(a, env, b) as ValueId) };
  }
}

function typeOf(v: ValueId | Candidate, b: IRBuilder): Type {
  return typeof v === 'number'
    ? b.nodes[v].type
    : resultType(
        v.op,
        v.args.map((a) => b.nodes[a].type),
      );
}

/** Applications per op before the driver stops (a guard against a cycle in the rule table). */
const MAX_STEPS = 16;

export function rewriteWith(program: Program, rules: readonly Rule[], pass = 'rewrite'): PassResult {
  const compiled = compileRules(rules);
  const log: LogEntry[] = [];
  const { program: out } = rebuild(program, (node, args, b) => {
    if (isLeaf(node.op)) return b.copy(node, (id) => id);
    let current: ValueId | Candidate = { op: node.op as OpName, args };
    const applied: string[] = [];
    for (let step = 0; step < MAX_STEPS && typeof current !== 'number'; step++) {
      const next = applyFirst(compiled, current, b);
      if (!next) break;
      applied.push(`${next.rule.name} (${next.rule.level})`);
      current = next.result;
    }
    const extra = { ...(node.name !== undefined && { name: node.name }), ...(node.span && { span: node.span }) };
    const id = typeof current === 'number' ? current : b.apply(current.op, current.args, extra);
    if (applied.length > 0) {
      const before = `${node.name !== undefined ? `${node.name} = ` : ''}${describe(program, node.id).text}`;
      const after = describe({ ...program, nodes: b.nodes }, id).text;
      log.push({ pass, message: `${applied.join(', ')}: ${before} → ${after}`, line: lineOf(node) });
    }
    return id;
  });
  return { program: out, log };
}

function applyFirst(byOp: ByOp, c: Candidate, b: IRBuilder): { rule: Rule; result: ValueId | Candidate } | undefined {
  const rules = byOp.get(c.op);
  if (!rules) return undefined;
  const type = typeOf(c, b);
  for (const { rule, pattern, replacement } of rules) {
    const env = matchOp(pattern, c, b, new Map());
    if (!env) continue;
    const bindings: Bindings = {
      constant: (name) => {
        const n = b.nodes[env.get(name)!];
        return n.op === 'const' ? n.value : undefined;
      },
    };
    if (rule.guard && !rule.guard(bindings)) continue;
    const result = instantiate(replacement, env, b);
    if (typeOf(result, b) !== type) continue;
    return { rule, result };
  }
  return undefined;
}

function opsIn(pattern: Pattern): OpName[] {
  return pattern.kind === 'op' ? [pattern.op, ...pattern.args.flatMap(opsIn)] : [];
}

/**
 * Whether a rule holds under a math mode. Every rule is stated for IEEE math; under protected math it still
 * holds when none of its ops means something else there (no `protectedF64` in the op table), or when it says
 * so (`protectedToo`, property-tested like its level). So `div-one` (x / (1 + 1e-8) is not x) is off there.
 */
export function holdsUnder(rule: Rule, math: MathMode): boolean {
  if (math === 'ieee' || rule.protectedToo) return true;
  const ops = [rule.pattern, rule.replacement].flatMap((text) => opsIn(parsePattern(text)));
  return ops.every((op) => OPS.get(op)!.protectedF64 === undefined);
}

const byContext = new Map<string, readonly Rule[]>();

/** The rules valid at `level` under `math`: exact ones always, finite ones at the finite level. */
export function rulesAt(level: Level, math: MathMode = 'ieee'): readonly Rule[] {
  const key = `${level}/${math}`;
  let rules = byContext.get(key);
  if (!rules) {
    rules = RULES.filter((r) => (level === 'finite' || r.level === 'exact') && holdsUnder(r, math));
    byContext.set(key, rules);
  }
  return rules;
}

export function rewrite(program: Program, { level, math }: PassContext): PassResult {
  return rewriteWith(program, rulesAt(level, math));
}
