// The signature, read from the header and the return before the body is looked at: w first, then the gradient
// (the second parameter, or wherever a parameter is named g, grad or gradient, as Hero's `def train(w, m, v,
// gradient)` has it); each other parameter is a state slot if the return lists it after the update, else a
// per-step scalar input.
// The names pass (resolve.ts) starts from it; the diagnostics are those of the header and the return.

import type * as ast from '../grammar/ast.ts';
import { type Diagnostic, error, type Span } from '../grammar/diagnostics.ts';
import { CALLABLE, STEP } from './ops.ts';

export const at = (s: Span) => `${s.line}:${s.col}`;

/** What a name denotes where it is read before any assignment in the body. */
export type Binding =
  | { kind: 'w' }
  | { kind: 'g' }
  | { kind: 'state'; index: number }
  | { kind: 'input'; index: number }
  | { kind: 'hyper'; index: number }
  | { kind: 'step' }
  | { kind: 'const'; value: number };

/** Names the signature gives a role: `optic step`'s inputs and results are keyed by them. */
const ROLE_NAMES = {
  w: { gradient: false, what: 'the weights, the first parameter' },
  g: { gradient: true, what: 'the gradient' },
  update: { gradient: false, what: 'the update, which is returned, not a parameter' },
} as const;

/** Names that make a parameter the gradient wherever it stands (Hero's programs call it `gradient`). */
export const GRADIENT_NAMES: readonly string[] = ['g', 'grad', 'gradient'];

/**
 * Which parameter is the gradient: the first after w with a name in GRADIENT_NAMES, else the second (the
 * paper's positional rule, so `def train(w, dw, m)` keeps working).
 */
export function gradientIndex(params: readonly { name: string }[]): number {
  const named = params.findIndex((p, i) => i > 0 && GRADIENT_NAMES.includes(p.name));
  return named > 0 ? named : 1;
}

/** Whether parameter `i` has a name only another role may have (`gradient` is where the gradient stands). */
export function misplacedRole(name: string, i: number, gradient: number): boolean {
  if (!Object.hasOwn(ROLE_NAMES, name)) return false;
  const role = ROLE_NAMES[name as keyof typeof ROLE_NAMES];
  return role.gradient ? i !== gradient : name !== 'w' || i !== 0;
}

/** What a parameter annotation may say, by role: Hero writes `Params` for every tensor. */
const ANNOTATIONS: Record<string, { roles: readonly Binding['kind'][]; what: string }> = {
  Params: {
    roles: ['w', 'g', 'state'],
    what: 'a tensor shaped like the weights: the weights, the gradient or a state slot',
  },
  Float: { roles: ['input'], what: 'a number given at each step: a parameter the return does not list' },
};

/** Why a name cannot be assigned, declared or used as a parameter, or undefined when it can. */
export function reservedName(name: string): string | undefined {
  if (name === STEP) return 'the step counter';
  if (CALLABLE.has(name)) return 'a built-in function';
  return undefined;
}

export interface Header {
  fn: string;
  w: string;
  g: string;
  /** The gradient's position among the parameters (gradientIndex). */
  gradient: number;
  state: string[];
  inputs: string[];
  /** Each parameter name (first occurrence) → its role. */
  params: Map<string, Binding>;
  /** The first occurrence of each parameter name, in order. */
  paramList: ast.Param[];
  diagnostics: Diagnostic[];
}

/**
 * The header and the return decide the signature: w and g first (any names), then each parameter is a state
 * slot if the return lists it after the update, else a per-step scalar input.
 */
export function readSignature(program: ast.Program): Header {
  const diagnostics: Diagnostic[] = [];
  const paramList: ast.Param[] = [];
  const seen = new Map<string, ast.Param>();
  for (const p of program.params) {
    const first = seen.get(p.name);
    if (first) {
      diagnostics.push(error('E0204', `parameter '${p.name}' is declared twice, first at ${at(first.span)}`, p.span));
      continue;
    }
    seen.set(p.name, p);
    paramList.push(p);
    const reserved = reservedName(p.name);
    if (reserved) diagnostics.push(error('E0203', `'${p.name}' cannot be a parameter: it is ${reserved}`, p.span));
  }
  if (program.params.length < 2) {
    const got = program.params.length === 0 ? 'none' : `only '${program.params[0].name}'`;
    const message = `'${program.name}' needs at least two parameters, the weights and the gradient, but has ${got}`;
    diagnostics.push(
      error('E0205', message, program.nameSpan, `declare them first, as in 'def ${program.name}(w, g):'`),
    );
  }
  const gradient = gradientIndex(paramList);
  const state = returnedState(program, paramList, gradient, diagnostics);
  const params = new Map<string, Binding>();
  const inputs: string[] = [];
  paramList.forEach((p, i) => {
    if (misplacedRole(p.name, i, gradient)) {
      const role = ROLE_NAMES[p.name as keyof typeof ROLE_NAMES];
      const message = `'${p.name}' can only name ${role.what}: optic's inputs and results use it for that`;
      diagnostics.push(error('E0210', message, p.span, 'give this parameter another name'));
    }
    const s = state.indexOf(p.name);
    let role: Binding;
    if (i === 0) role = { kind: 'w' };
    else if (i === gradient) role = { kind: 'g' };
    else if (s >= 0) role = { kind: 'state', index: s };
    else role = { kind: 'input', index: inputs.push(p.name) - 1 };
    params.set(p.name, role);
    if (p.annotation) checkAnnotation(p, role, diagnostics);
  });
  const name = (i: number) => paramList[i]?.name ?? '';
  return { fn: program.name, w: name(0), g: name(gradient), gradient, state, inputs, params, paramList, diagnostics };
}

/** `m: Params` is accepted and checked against the role the signature gave `m`. */
function checkAnnotation(p: ast.Param, role: Binding, diagnostics: Diagnostic[]): void {
  const annotation = p.annotation!;
  const known = Object.hasOwn(ANNOTATIONS, annotation.name) ? ANNOTATIONS[annotation.name] : undefined;
  if (!known) {
    const list = Object.entries(ANNOTATIONS).map(([name, a]) => `'${name}' (${a.what})`);
    const message = `unknown annotation '${annotation.name}': optic knows ${list.join(' and ')}`;
    diagnostics.push(error('E0211', message, annotation.span));
    return;
  }
  if (known.roles.includes(role.kind)) return;
  const right = Object.entries(ANNOTATIONS).find(([, a]) => a.roles.includes(role.kind))![0];
  const message = `'${p.name}' is ${ROLE_WHAT[role.kind]}, not ${known.what.split(':')[0]}`;
  diagnostics.push(error('E0211', message, annotation.span, `annotate it '${right}', or leave the annotation out`));
}

const ROLE_WHAT: Record<Binding['kind'], string> = {
  w: 'the weights',
  g: 'the gradient',
  state: 'a state slot (the return lists it)',
  input: 'a number given at each step (the return does not list it)',
  hyper: 'a hyperparameter',
  step: 'the step counter',
  const: 'a constant',
};

/** The state slots named after the update in `return`: parameters other than w and g, each once, in order. */
function returnedState(
  program: ast.Program,
  paramList: readonly ast.Param[],
  gradient: number,
  diagnostics: Diagnostic[],
): string[] {
  if (program.returns.length === 0) {
    diagnostics.push(error('E0206', 'return needs at least the update', program.returnSpan, RETURN_SHAPE));
    return [];
  }
  const position = new Map(paramList.map((p, i) => [p.name, i]));
  const state: string[] = [];
  let ordered = true;
  for (const item of program.returns.slice(1)) {
    const problem = badStateItem(item, position, gradient, state);
    if (problem) {
      diagnostics.push(error('E0206', problem.message, item.span, problem.hint));
      continue;
    }
    const name = (item as { name: string }).name;
    if (state.length > 0 && position.get(name)! < position.get(state[state.length - 1])!) ordered = false;
    state.push(name);
  }
  if (!ordered) {
    const expected = [...state].sort((a, b) => position.get(a)! - position.get(b)!);
    const message = `state slots must be returned in parameter order: expected 'return …, ${expected.join(', ')}', found 'return …, ${state.join(', ')}'`;
    diagnostics.push(error('E0206', message, program.returnSpan));
  }
  return state;
}

const RETURN_SHAPE = "return lists the update, then the state slots by name, as in 'return update, m, v'";

type Problem = { message: string; hint?: string } | undefined;

function badStateItem(
  item: ast.Expr,
  position: ReadonlyMap<string, number>,
  gradient: number,
  state: readonly string[],
): Problem {
  if (item.kind !== 'name')
    return { message: "a state slot must be a parameter's name, not an expression", hint: RETURN_SHAPE };
  const index = position.get(item.name);
  if (index === undefined) {
    const hint =
      "state slots are parameters: assign the new value to the parameter itself (as in 'm = …') and return that";
    return { message: `'${item.name}' is not a parameter, so it cannot be returned as state`, hint };
  }
  if (index === 0)
    return {
      message: `'${item.name}' is the weights, which cannot be returned as state`,
      hint: 'the caller applies the returned update to the weights',
    };
  if (index === gradient) return { message: `'${item.name}' is the gradient, which cannot be returned as state` };
  if (state.includes(item.name)) return { message: `state slot '${item.name}' is returned twice` };
  return undefined;
}
