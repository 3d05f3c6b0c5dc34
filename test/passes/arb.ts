// Random IR programs for the simplifier's properties, valid by construction (types follow the op table),
// optionally with a rewrite rule's pattern planted in the middle, so that every rule meets its pattern on
// random arguments and its result is used by random ops after it (where, say, the sign of a zero can show).
// Names are kept on most ops (as lowering does for statements) so the printer's naming is exercised too.

import fc from 'fast-check';
import { IRBuilder, type Program, type ValueId } from '../../compiler/ir.ts';
import { OPS, type OpName } from '../../compiler/ops.ts';
import { parsePattern, type Pattern } from '../../compiler/passes/rewrite.ts';
import type { Rule } from '../../compiler/passes/rules.ts';

const SIGNATURE = {
  fn: 'train',
  w: 'w',
  g: 'g',
  state: ['m', 'v'],
  inputs: ['lr'],
  hypers: [{ name: 'a' }, { name: 'b', default: 0.9 }],
};

/** Constants worth meeting: the rules' special values, and ones that make NaN, Inf and −0 reachable. */
export const CONSTANTS = [0, -0, 1, -1, 2, 0.5, 0.9, 0.99, 1.1, 3, 1e-8, 1e300];

const OP_NAMES = [...OPS.keys()];

interface Step {
  op: OpName;
  picks: number[];
  named: boolean;
}

const arbStep = fc.record({
  // Weighted towards arithmetic, where most rules live.
  op: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<OpName>(
        'add',
        'sub',
        'mul',
        'div',
        'negative',
        'abs',
        'square',
        'sqrt',
        'sign',
        'interpolate',
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...OP_NAMES) },
  ),
  picks: fc.array(fc.nat(1000), { minLength: 3, maxLength: 3 }),
  named: fc.boolean(),
});

export interface Planted {
  program: Program;
  /** The planted pattern's root, if a rule was planted. */
  root?: ValueId;
}

/** A program: leaves, random ops, the rule's pattern (if any), random ops, and outputs biased to the end. */
export function arbProgram(rule?: Rule): fc.Arbitrary<Planted> {
  return fc
    .record({
      before: fc.array(arbStep, { maxLength: 6 }),
      after: fc.array(arbStep, { maxLength: 4 }),
      plant: fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }),
      outputs: fc.array(fc.nat(1000), { minLength: 3, maxLength: 3 }),
    })
    .map(({ before, after, plant, outputs }) => build(before, after, plant, outputs, rule));
}

function build(before: Step[], after: Step[], plant: number[], outputs: number[], rule?: Rule): Planted {
  const b = new IRBuilder();
  b.leaf('w', 'tensor', { name: 'w' });
  b.leaf('g', 'tensor', { name: 'g' });
  b.leaf('state', 'tensor', { index: 0, name: 'm' });
  b.leaf('state', 'tensor', { index: 1, name: 'v' });
  b.leaf('input', 'scalar', { index: 0, name: 'lr' });
  b.leaf('hyper', 'scalar', { index: 0, name: 'a' });
  b.leaf('hyper', 'scalar', { index: 1, name: 'b' });
  b.leaf('step', 'scalar', { name: 'step' });
  for (const c of CONSTANTS) b.constant(c);
  let counter = 0;
  const add = (steps: Step[]) => steps.forEach((s) => addStep(b, s, s.named ? `t${counter++}` : undefined));
  add(before);
  const root = rule ? plantPattern(b, parsePattern(rule.pattern), rule, plant) : undefined;
  // A rule equal only up to rounding is checked on its own value (see Rule.rounding): nothing after it.
  if (!rule?.rounding) add(after);
  const n = b.nodes.length;
  // Outputs must be tensors or scalars of any kind; bias them to the last nodes so most ops are live.
  const pickOut = (k: number) => (k % 2 === 0 ? n - 1 - (k % Math.min(4, n)) : k % n);
  const update =
    root !== undefined && (rule?.rounding || outputs[0] % 3 !== 0) ? b.nodes.length - 1 : pickOut(outputs[0]);
  const program: Program = {
    file: 'generated.opt',
    signature: SIGNATURE,
    nodes: b.nodes,
    outputs: { update, state: [pickOut(outputs[1]), pickOut(outputs[2])] },
  };
  return { program, root };
}

function addStep(b: IRBuilder, s: Step, name?: string): void {
  const def = OPS.get(s.op)!;
  const ids = b.nodes.map((n) => n.id);
  const tensors = b.nodes.filter((n) => n.type === 'tensor').map((n) => n.id);
  const scalars = b.nodes.filter((n) => n.type === 'scalar').map((n) => n.id);
  const args = def.argTypes.map((t, k) => {
    const pool = t === 'tensor' ? tensors : t === 'scalar' ? scalars : ids;
    // Prefer recent values (so programs are chains, not bushes of leaves).
    const p = s.picks[k];
    return p % 2 === 0 ? pool[pool.length - 1 - (p % Math.min(3, pool.length))] : pool[p % pool.length];
  });
  b.apply(s.op, args, name === undefined ? {} : { name });
}

/** Builds the pattern with its variables bound to random values (guarded ones to constants that pass). */
function plantPattern(b: IRBuilder, pattern: Pattern, rule: Rule, picks: number[]): ValueId {
  const env = new Map<string, ValueId>();
  let k = 0;
  const pick = () => picks[k++ % picks.length];
  const bindVar = (name: string): ValueId => {
    // Guarded: the guard fails when this variable is not a constant and the others are harmless ones.
    const guarded = rule.guard && !rule.guard({ constant: (v) => (v === name ? undefined : 0.5) });
    if (guarded) {
      const ok = CONSTANTS.filter((c) => rule.guard!({ constant: (v) => (v === name ? c : 0.5) }));
      return b.constant(ok[pick() % ok.length]);
    }
    const recent = b.nodes.slice(-6).map((n) => n.id);
    const p = pick();
    return p % 2 === 0 ? recent[p % recent.length] : p % b.nodes.length;
  };
  const go = (p: Pattern): ValueId => {
    if (p.kind === 'const') return b.constant(p.value);
    if (p.kind === 'var') {
      if (!env.has(p.name)) env.set(p.name, bindVar(p.name));
      return env.get(p.name)!;
    }
    const args = p.args.map(go);
    const def = OPS.get(p.op)!;
    // A pattern arg that must be a tensor gets one.
    const typed = args.map((a, i) => (def.argTypes[i] === 'tensor' && b.nodes[a].type !== 'tensor' ? 1 : a));
    return b.apply(p.op, typed, { name: 'planted' });
  };
  return go(pattern);
}
