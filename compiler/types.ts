// The type pass. Types are tensor | rows | cols | scalar (ir.ts `Type`): w and g are tensors; numbers,
// hyperparameters, scalar inputs, `step` and per-tensor reductions are scalars; sum_rows/mean_rows give rows and
// sum_cols/mean_cols cols; elementwise ops broadcast as numpy does on each tensor's R×C view. A state slot's type
// is what is assigned to it, by a least fixpoint over the body: a slot starts at zero, which has every shape, so
// it is read as a scalar until an assignment says more; one that is only ever assigned scalars (or never) is a
// tensor, as it always was. A slot assigned two different shapes (rows here, cols there) is an error. The op
// table's `argTypes` say where an argument must be a tensor (global reductions), anything but a scalar
// (per-tensor and axis reductions) or a scalar (clip_by_global_norm's bound). The update must be a tensor or a
// scalar (broadcast over the tensor). The pass runs even when the names pass found errors, so one run reports
// both; a value whose type is unknown (a bad name or call) is not reported again.

import type * as ast from '../grammar/ast.ts';
import { type Diagnostic, error, hasErrors, type Span, warning } from '../grammar/diagnostics.ts';
import { axisType, broadcastTypes, type SlotType, type Type } from './ir.ts';
import { accepts, CALLABLE, type OpDef } from './ops.ts';
import type { Resolution } from './resolve.ts';
import type { Binding } from './signature.ts';

type Call = Extract<ast.Expr, { kind: 'call' }>;

export interface Typed {
  /** E0300 diagnostics and W0006 lints, in source order. */
  diagnostics: Diagnostic[];
  /** Each state slot's type, in slot order. */
  stateTypes: SlotType[];
}

/** Type-checks the body and the update expression and decides each state slot's type. */
export function checkTypes(program: ast.Program, resolution: Resolution): Typed {
  const slots = resolution.signature.state;
  // The least fixpoint: every slot starts as zero (read as a scalar) and rises to the join of what is assigned to
  // it (rows ⊔ cols = tensor, so it ends); slots still at zero after that are tensors, and their readers follow.
  let assumed: Type[] = slots.map(() => 'scalar');
  const settle = () => {
    for (;;) {
      const assigned = walk(program, resolution, assumed, []).assigned;
      const next = assumed.map((t, k) => broadcastTypes([t, ...assigned[k].map((a) => a.type)]));
      if (next.every((t, k) => t === assumed[k])) return;
      assumed = next;
    }
  };
  settle();
  assumed = assumed.map((t) => (t === 'scalar' ? 'tensor' : t));
  settle();
  const diagnostics: Diagnostic[] = [];
  const { assigned, lints } = walk(program, resolution, assumed, diagnostics);
  assigned.forEach((list, k) => {
    const shaped = list.filter((a) => a.type !== 'scalar');
    const other = shaped.find((a) => a.type !== shaped[0].type);
    if (!other) return;
    const first = shaped[0];
    const message = `state slot '${slots[k]}' is assigned ${article(other.type)} here but ${article(first.type)} at ${first.span.line}:${first.span.col}`;
    const hint = 'a state slot keeps one shape: a value per element, per row or per column; use a local for the other';
    diagnostics.push(error('E0300', message, other.span, hint));
  });
  // Lints are noise next to an error, which may be their cause.
  const all = hasErrors([...resolution.diagnostics, ...diagnostics]) ? diagnostics : [...diagnostics, ...lints];
  return { diagnostics: all, stateTypes: assumed as SlotType[] };
}

interface Walked {
  /** Per state slot, the type and span of each assignment to its name, in order. */
  assigned: { type: Type; span: Span }[][];
  lints: Diagnostic[];
}

/** Types the body once with the slots read as `slotTypes`; errors go to `out`. */
function walk(program: ast.Program, resolution: Resolution, slotTypes: readonly Type[], out: Diagnostic[]): Walked {
  const env = new Map<string, Type | undefined>();
  for (const [name, binding] of resolution.params) env.set(name, bindingType(binding, slotTypes));
  const lookup = (name: string): Type | undefined => {
    if (env.has(name)) return env.get(name);
    const binding = resolution.free.get(name);
    return binding && bindingType(binding, slotTypes);
  };
  const typeOf = (e: ast.Expr): Type | undefined => exprType(e, lookup, out);
  const assigned: Walked['assigned'] = slotTypes.map(() => []);
  const lints: Diagnostic[] = [];
  for (const stmt of program.body) {
    const type = typeOf(stmt.value);
    env.set(stmt.target, type);
    const binding = program.params.some((p) => p.name === stmt.target) ? resolution.params.get(stmt.target) : undefined;
    if (binding?.kind === 'state' && type !== undefined) assigned[binding.index].push({ type, span: stmt.value.span });
    if (type !== undefined && type !== 'scalar' && binding?.kind === 'input') {
      const message = `'${stmt.target}' is a scalar input, since it is not returned, but is assigned ${article(type)} here`;
      const hint = `to keep '${stmt.target}' from step to step, return it after the update`;
      lints.push(warning('W0006', message, stmt.targetSpan, hint));
    }
  }
  if (program.returns.length > 0) {
    const update = program.returns[0];
    const type = typeOf(update);
    if (type === 'rows' || type === 'cols') {
      const message = `the update must be a tensor (or a scalar, for every element), but this is ${article(type)}`;
      const hint = `broadcast it over the tensor, as in 'g * ${type === 'rows' ? 'r' : 'c'}'`;
      out.push(error('E0300', message, update.span, hint));
    }
  }
  return { assigned, lints };
}

function bindingType(binding: Binding, slotTypes: readonly Type[]): Type {
  if (binding.kind === 'state') return slotTypes[binding.index];
  return binding.kind === 'w' || binding.kind === 'g' ? 'tensor' : 'scalar';
}

/** 'a tensor', 'a scalar', 'a rows value' (one per row), 'a cols value'. */
function article(type: Type): string {
  return type === 'rows' || type === 'cols' ? `a ${type} value (one number per ${type.slice(0, -1)})` : `a ${type}`;
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

const WANTED = {
  tensor: 'a tensor (such as w, g or a state slot)',
  shaped: 'a tensor (such as w, g or a state slot)',
  scalar: 'a scalar (a number or a hyperparameter)',
} as const;

function callType(e: Call, def: OpDef, types: readonly (Type | undefined)[], out: Diagnostic[]): Type | undefined {
  def.argTypes.forEach((want, k) => {
    const type = types[k];
    if (want === 'any' || type === undefined || accepts(want, type)) return;
    const message = `argument '${def.params[k]}' of ${e.callee} must be ${WANTED[want]}, but this is ${article(type)}`;
    out.push(error('E0300', message, e.args[k].span));
  });
  if (def.result === 'broadcast') return broadcast(types);
  if (def.result === 'axis') return types[0] === undefined ? undefined : axisType(def.axis!, types[0]);
  return def.result;
}

/** Elementwise result (ir.ts `broadcastTypes`); unknown if an argument is unknown and none is a tensor. */
function broadcast(types: readonly (Type | undefined)[]): Type | undefined {
  if (types.includes('tensor')) return 'tensor';
  return types.includes(undefined) ? undefined : broadcastTypes(types as Type[]);
}
