// The type pass. Types are tensor | scalar: w, g and state slots are tensors; numbers, hyperparameters, scalar
// inputs, `step` and reduction results are scalars; elementwise ops broadcast. The op table's `argTypes` say
// where an argument must be a tensor (norm, dot, …) or a scalar (clip_by_global_norm's bound). The pass runs
// even when the names pass found errors, so one run reports both; a value whose type is unknown (a bad name or
// call) is not reported again.

import type * as ast from '../grammar/ast.ts';
import { type Diagnostic, error, hasErrors, warning } from '../grammar/diagnostics.ts';
import type { Type } from './ir.ts';
import { CALLABLE, type OpDef } from './ops.ts';
import type { Resolution } from './resolve.ts';
import type { Binding } from './signature.ts';

type Call = Extract<ast.Expr, { kind: 'call' }>;

/** Type-checks the body and the update expression; returns E0300 diagnostics in source order. */
export function checkTypes(program: ast.Program, resolution: Resolution): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const env = new Map<string, Type | undefined>();
  for (const [name, binding] of resolution.params) env.set(name, bindingType(binding));
  const lookup = (name: string): Type | undefined => {
    if (env.has(name)) return env.get(name);
    const binding = resolution.free.get(name);
    return binding && bindingType(binding);
  };
  const typeOf = (e: ast.Expr): Type | undefined => exprType(e, lookup, diagnostics);
  const lints: Diagnostic[] = [];
  for (const stmt of program.body) {
    const type = typeOf(stmt.value);
    env.set(stmt.target, type);
    const param = program.params.find((p) => p.name === stmt.target);
    if (type === 'tensor' && param && resolution.params.get(stmt.target)?.kind === 'input') {
      const message = `'${stmt.target}' is a scalar input, since it is not returned, but is assigned a tensor here`;
      const hint = `to keep '${stmt.target}' from step to step, return it after the update`;
      lints.push(warning('W0006', message, stmt.targetSpan, hint));
    }
  }
  if (program.returns.length > 0) typeOf(program.returns[0]);
  // Lints are noise next to an error, which may be their cause.
  return hasErrors([...resolution.diagnostics, ...diagnostics]) ? diagnostics : [...diagnostics, ...lints];
}

function bindingType(binding: Binding): Type {
  return binding.kind === 'w' || binding.kind === 'g' || binding.kind === 'state' ? 'tensor' : 'scalar';
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
    if (want === 'any' || types[k] === undefined || types[k] === want) return;
    const why =
      want === 'tensor' ? 'a tensor (such as w, g or a state slot)' : 'a scalar (a number or a hyperparameter)';
    out.push(
      error(
        'E0300',
        `argument '${def.params[k]}' of ${e.callee} must be ${why}, but this is a ${types[k]}`,
        e.args[k].span,
      ),
    );
  });
  return def.result === 'broadcast' ? broadcast(types) : def.result;
}

/** Elementwise result: a tensor if any argument is; unknown if an argument is unknown and none is a tensor. */
function broadcast(types: readonly (Type | undefined)[]): Type | undefined {
  if (types.includes('tensor')) return 'tensor';
  return types.includes(undefined) ? undefined : 'scalar';
}
