// The type pass. Types are tensor | row | col | scalar (compiler/shapes.ts): w and g are tensors; numbers,
// hyperparameters, scalar inputs, `step` and per-tensor reduction results are scalars; mean_rows and friends
// give rows and columns; elementwise ops broadcast to the join of their arguments' types; a state slot's type
// is a least fixpoint over the program (shapes.ts). The op table's `argTypes` say where an argument must be a
// tensor (dot, …), not a scalar (norm, mean, …) or a scalar (clip_by_global_norm's bound). The pass runs
// even when the names pass found errors, so one run reports both; a value whose type is unknown (a bad name or
// call) is not reported again.

import type * as ast from '../grammar/ast.ts';
import { type Diagnostic, error, hasErrors, type Span, warning } from '../grammar/diagnostics.ts';
import { CALLABLE, type OpDef } from './ops.ts';
import { type ArgType, accepts, describe, fitsIn, joinAll, reduceAxis, type Type } from './shapes.ts';
import type { Resolution } from './resolve.ts';
import type { Binding } from './signature.ts';

type Call = Extract<ast.Expr, { kind: 'call' }>;

export interface Typed {
  /** E0300 errors and W0006 lints, in source order. */
  diagnostics: Diagnostic[];
  /** Each state slot's type: the least fixpoint described in compiler/shapes.ts. */
  stateTypes: Type[];
}

/** Type-checks the body and the update expression, and finds the state slots' types. */
export function checkTypes(program: ast.Program, resolution: Resolution): Typed {
  const slots = resolution.signature.state;
  // Kleene iteration from the bottom: every op is monotone in the lattice, so this climbs to the least fixpoint,
  // at most three steps per slot.
  let stateTypes: Type[] = slots.map(() => 'scalar');
  for (let round = 0; round <= 3 * slots.length; round++) {
    const next = typeBody(program, resolution, stateTypes).returned.map((t) => t ?? 'scalar');
    if (next.every((t, k) => t === stateTypes[k])) break;
    stateTypes = next;
  }
  stateTypes = stateTypes.map((t) => (t === 'scalar' ? 'tensor' : t));
  const { diagnostics, lints, returned, spans } = typeBody(program, resolution, stateTypes);
  returned.forEach((t, k) => {
    if (t === undefined || fitsIn(t, stateTypes[k])) return;
    const message = `state slot '${slots[k]}' holds ${describe(stateTypes[k])} of each tensor, but is assigned ${describe(t)} here`;
    const hint = `a slot keeps one shape from step to step: reduce the value to ${describe(stateTypes[k])} (mean_rows, mean_cols, mean) or keep a full tensor in the slot`;
    diagnostics.push(error('E0300', message, spans[k], hint));
  });
  // Lints are noise next to an error, which may be their cause.
  const all = hasErrors([...resolution.diagnostics, ...diagnostics]) ? diagnostics : [...diagnostics, ...lints];
  return { diagnostics: all.sort((a, b) => a.span.start - b.span.start), stateTypes };
}

/** One pass over the body with the slots read as `stateTypes`: its diagnostics and each slot's returned type. */
function typeBody(program: ast.Program, resolution: Resolution, stateTypes: readonly Type[]) {
  const diagnostics: Diagnostic[] = [];
  const env = new Map<string, Type | undefined>();
  for (const [name, binding] of resolution.params) env.set(name, bindingType(binding, stateTypes));
  const lookup = (name: string): Type | undefined => {
    if (env.has(name)) return env.get(name);
    const binding = resolution.free.get(name);
    return binding && bindingType(binding, stateTypes);
  };
  const typeOf = (e: ast.Expr): Type | undefined => exprType(e, lookup, diagnostics);
  const lints: Diagnostic[] = [];
  const assigned = new Map<string, Span>();
  for (const stmt of program.body) {
    const type = typeOf(stmt.value);
    env.set(stmt.target, type);
    assigned.set(stmt.target, stmt.targetSpan);
    const param = program.params.find((p) => p.name === stmt.target);
    if (type !== undefined && type !== 'scalar' && param && resolution.params.get(stmt.target)?.kind === 'input') {
      const message = `'${stmt.target}' is a scalar input, since it is not returned, but is assigned ${describe(type)} here`;
      const hint = `to keep '${stmt.target}' from step to step, return it after the update`;
      lints.push(warning('W0006', message, stmt.targetSpan, hint));
    }
  }
  if (program.returns.length > 0) typeOf(program.returns[0]);
  const slots = resolution.signature.state;
  const returned = slots.map((slot) => env.get(slot));
  const spans = slots.map((slot) => assigned.get(slot) ?? program.returnSpan);
  return { diagnostics, lints, returned, spans };
}

function bindingType(binding: Binding, stateTypes: readonly Type[]): Type {
  if (binding.kind === 'state') return stateTypes[binding.index];
  return binding.kind === 'w' || binding.kind === 'g' ? 'tensor' : 'scalar';
}

/** Depth is bounded by the parser's nesting limit. */
function exprType(e: ast.Expr, lookup: (name: string) => Type | undefined, out: Diagnostic[]): Type | undefined {
  const typeOf = (x: ast.Expr) => exprType(x, lookup, out);
  switch (e.kind) {
    case 'num':
      return 'scalar';
    case 'name':
      return lookup(e.name);
    case 'neg':
      return typeOf(e.operand);
    case 'binary':
      return broadcast([typeOf(e.left), typeOf(e.right)]);
    case 'call': {
      const types = e.args.map(typeOf);
      const def = CALLABLE.get(e.callee);
      if (!def || e.args.length !== def.arity) return undefined;
      return callType(e, def, types, out);
    }
  }
}

function callType(e: Call, def: OpDef, types: readonly (Type | undefined)[], out: Diagnostic[]): Type | undefined {
  def.argTypes.forEach((want, k) => {
    const have = types[k];
    if (have === undefined || accepts(want, have)) return;
    out.push(
      error(
        'E0300',
        `argument '${def.params[k]}' of ${e.callee} must be ${WANTS[want]}, but this is ${describe(have)}`,
        e.args[k].span,
      ),
    );
  });
  if (def.result === 'axis') return types[0] && reduceAxis(types[0], def.axis!);
  return def.result === 'broadcast' ? broadcast(types) : def.result;
}

const WANTS: Record<ArgType, string> = {
  tensor: 'a tensor (such as w, g or a state slot)',
  scalar: 'a scalar (a number or a hyperparameter)',
  shaped: 'a tensor (such as w, g or a state slot) or a row or column of one',
  any: 'anything',
};

/** Elementwise result: the join of the arguments' types; unknown if an argument is unknown and none is a tensor. */
function broadcast(types: readonly (Type | undefined)[]): Type | undefined {
  if (types.includes('tensor')) return 'tensor';
  return types.includes(undefined) ? undefined : joinAll(types as Type[]);
}
