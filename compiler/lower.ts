// Lowering: AST → IR. A straight list of passes: names (resolve.ts), types (types.ts), then building the SSA
// graph, which only runs on a program both passes accepted and so may assume every name and call is good.
// The graph is faithful to the source (ir.ts does not intern): every literal, call and operator becomes its own
// node carrying its span, and the value an assignment produces carries the assigned variable's name (the
// printer uses it). Reassignment is SSA rebinding; unused statements stay (dead code is the simplifier's job).

import type * as ast from '../grammar/ast.ts';
import { hasErrors, type Diagnostic, type Span } from '../grammar/diagnostics.ts';
import { checkTypes } from './types.ts';
import { IRBuilder, type Program, type Signature, type SlotType, type ValueId } from './ir.ts';
import { BINARY_OPERATORS, CALLABLE, type OpName } from './ops.ts';
import { resolve, type Resolution } from './resolve.ts';
import type { Binding } from './signature.ts';

export interface Lowered {
  /** Present only when there are no errors. */
  program?: Program;
  /** Errors and warnings, in source order. */
  diagnostics: Diagnostic[];
}

export function lower(program: ast.Program): Lowered {
  const resolution = resolve(program);
  const typed = checkTypes(program, resolution);
  const diagnostics = inSourceOrder([...resolution.diagnostics, ...typed.diagnostics]);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { program: build(program, resolution, typed.stateTypes), diagnostics };
}

function inSourceOrder(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.span.start - b.d.span.start || a.i - b.i)
    .map(({ d }) => d);
}

function build(program: ast.Program, resolution: Resolution, stateTypes: readonly SlotType[]): Program {
  const b = new IRBuilder();
  // Only a program with a rows or cols slot says so: every other signature stays as it was.
  const signature: Signature = stateTypes.every((t) => t === 'tensor')
    ? resolution.signature
    : { ...resolution.signature, stateTypes };
  const env = new Map<string, ValueId>();
  // Parameters become leaves up front, in parameter order, so the signature's every slot has a node.
  for (const p of program.params) {
    if (!env.has(p.name)) env.set(p.name, leaf(b, resolution.params.get(p.name)!, p.name, p.span, stateTypes));
  }
  const free = new Map<string, ValueId>();
  const read = (name: string, span: Span): ValueId => {
    const bound = env.get(name) ?? free.get(name);
    if (bound !== undefined) return bound;
    const id = leaf(b, resolution.free.get(name)!, name, span, stateTypes);
    free.set(name, id);
    return id;
  };
  const lowerExpr = (e: ast.Expr, name?: string): ValueId => expr(b, e, read, name);
  // A loop, not recursion, over statements: programs may have tens of thousands.
  for (const stmt of program.body) env.set(stmt.target, lowerExpr(stmt.value, stmt.target));
  const update = lowerExpr(program.returns[0]);
  const state = resolution.signature.state.map((slot) => env.get(slot)!);
  return { file: program.file, signature, nodes: b.nodes, outputs: { update, state } };
}

function leaf(b: IRBuilder, binding: Binding, name: string, span: Span, stateTypes: readonly SlotType[]): ValueId {
  switch (binding.kind) {
    case 'w':
    case 'g':
      return b.leaf(binding.kind, 'tensor', { name, span });
    case 'state':
      return b.leaf('state', stateTypes[binding.index], { index: binding.index, name, span });
    case 'input':
    case 'hyper':
      return b.leaf(binding.kind, 'scalar', { index: binding.index, name, span });
    case 'step':
      return b.leaf('step', 'scalar', { name, span });
    case 'const':
      return b.constant(binding.value, { name, span });
  }
}

/**
 * One expression; `name` labels its top node when it is the value of an assignment (a bare name or an
 * already-bound value is not copied). Depth is bounded by the parser's nesting limit.
 */
function expr(b: IRBuilder, e: ast.Expr, read: (name: string, span: Span) => ValueId, name?: string): ValueId {
  const extra = name === undefined ? { span: e.span } : { name, span: e.span };
  switch (e.kind) {
    case 'num':
      return b.constant(e.value, extra);
    case 'name':
      return read(e.name, e.span);
    case 'neg':
      return b.apply('negative', [expr(b, e.operand, read)], extra);
    case 'binary':
      return b.apply(BINARY_OPERATORS[e.op] as OpName, [expr(b, e.left, read), expr(b, e.right, read)], extra);
    case 'call':
      return b.apply(
        CALLABLE.get(e.callee)!.name as OpName,
        e.args.map((x) => expr(b, x, read)),
        extra,
      );
  }
}
