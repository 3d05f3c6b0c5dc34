// The names pass (jlox's Resolver): before anything is lowered, decide what every name in the program is and
// report every misuse. Python's rules: a name assigned anywhere in the body is local throughout; a name read
// and never assigned is free and resolves to a declared default (a module global), then to a built-in
// constant (local > global > builtin). Free names that are not `step` or a constant are hyperparameters.
// The signature falls out of the header and the return (signature.ts): parameters returned after the update
// are state slots, the others (after w and g) are per-step scalar inputs. Later passes may assume a program
// this pass accepted is well formed.

import type * as ast from '../grammar/ast.ts';
import { type Diagnostic, error, hasErrors, type Span, warning } from '../grammar/diagnostics.ts';
import type { Hyper, Signature } from './ir.ts';
import { CALLABLE, CONSTANTS, OPS, type OpDef, STEP } from './ops.ts';
import { at, type Binding, type Header, misplacedRole, readSignature, reservedName } from './signature.ts';

export interface Resolution {
  signature: Signature;
  /** Each parameter (first occurrence of each name) → its role. */
  params: ReadonlyMap<string, Binding>;
  /** Names read, never assigned, not parameters: hyperparameters, `step`, built-in constants. */
  free: ReadonlyMap<string, Binding>;
  /** In the order found (lower() sorts all diagnostics into source order). */
  diagnostics: Diagnostic[];
}

export function resolve(program: ast.Program): Resolution {
  const r = new Resolver(program);
  r.run();
  return r.result();
}

class Resolver {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly header: Header;
  private readonly defaults = new Map<string, ast.Default>();
  /** Locals: names assigned in the body that are not parameters, with their first assignment. */
  private readonly locals = new Map<string, ast.Assign>();
  private readonly assigned = new Set<string>();
  private readonly read = new Set<string>();
  private readonly reportedEarly = new Set<string>();
  private readonly free = new Map<string, Binding>();
  private readonly hypers: Hyper[] = [];
  private current?: ast.Assign;

  constructor(private readonly program: ast.Program) {
    this.header = readSignature(program);
  }

  run(): void {
    this.diagnostics.push(...this.header.diagnostics);
    this.collectDefaults();
    this.collectLocals();
    for (const stmt of this.program.body) {
      this.current = stmt;
      this.expr(stmt.value);
      this.assigned.add(stmt.target);
    }
    this.current = undefined;
    if (this.program.returns.length > 0) this.expr(this.program.returns[0]);
    this.warnUnused();
    // Lints about values that are lost are noise next to an error, which may be their cause.
    if (!hasErrors(this.diagnostics)) this.warnLostValues();
  }

  result(): Resolution {
    const { fn, w, g, state, inputs, params } = this.header;
    return {
      signature: { fn, w, g, state, inputs, hypers: this.hypers },
      params,
      free: this.free,
      diagnostics: this.diagnostics,
    };
  }

  private collectDefaults(): void {
    for (const d of this.program.defaults) {
      const previous = this.defaults.get(d.name);
      if (previous) {
        this.diagnostics.push(
          error('E0207', `'${d.name}' already has a default, declared at ${at(previous.nameSpan)}`, d.nameSpan),
        );
      } else {
        this.defaults.set(d.name, d);
      }
      const reserved = reservedName(d.name);
      if (reserved)
        this.diagnostics.push(error('E0203', `'${d.name}' cannot be given a default: it is ${reserved}`, d.nameSpan));
    }
  }

  private collectLocals(): void {
    for (const stmt of this.program.body) {
      const reserved = reservedName(stmt.target);
      if (reserved)
        this.diagnostics.push(error('E0203', `cannot assign to '${stmt.target}': it is ${reserved}`, stmt.targetSpan));
      if (!this.header.params.has(stmt.target) && !this.locals.has(stmt.target)) this.locals.set(stmt.target, stmt);
    }
  }

  /** Visits reads in source (= evaluation) order. Depth is bounded by the parser's nesting limit. */
  private expr(e: ast.Expr): void {
    switch (e.kind) {
      case 'num':
        return;
      case 'name':
        return this.name(e.name, e.span);
      case 'neg':
        return this.expr(e.operand);
      case 'binary':
        this.expr(e.left);
        return this.expr(e.right);
      case 'call':
        this.call(e);
        for (const a of e.args) this.expr(a);
        return;
    }
  }

  private name(name: string, span: Span): void {
    if (this.header.params.has(name)) {
      this.read.add(name);
    } else if (this.locals.has(name)) {
      this.read.add(name);
      if (!this.assigned.has(name)) this.readBeforeAssignment(name, span);
    } else if (CALLABLE.has(name)) {
      const hint = `call it, as in ${name}(…), or give the value another name`;
      this.diagnostics.push(error('E0209', `'${name}' is a function, not a value`, span, hint));
    } else if (!this.free.has(name)) {
      this.free.set(name, this.freeBinding(name));
    }
  }

  private freeBinding(name: string): Binding {
    if (name === STEP) return { kind: 'step' };
    const declared = this.defaults.get(name);
    if (!declared && Object.hasOwn(CONSTANTS, name)) return { kind: 'const', value: CONSTANTS[name] };
    this.hypers.push(declared ? { name, default: declared.value } : { name });
    return { kind: 'hyper', index: this.hypers.length - 1 };
  }

  private readBeforeAssignment(name: string, span: Span): void {
    if (this.reportedEarly.has(name)) return;
    this.reportedEarly.add(name);
    const first = this.locals.get(name)!;
    // `lr = lr * 0.001`: a scalar rescaling of itself, where the user meant the hyperparameter.
    const looksLikeHyper = this.defaults.has(name) || (first === this.current && !this.readsTensor(first.value, name));
    const hint = looksLikeHyper
      ? `to read the hyperparameter '${name}' here, assign the new value to a different name (say '${name}_t')`
      : undefined;
    this.diagnostics.push(
      error(
        'E0202',
        `'${name}' is read before it is assigned: it is a local variable because it is assigned at ${at(first.targetSpan)}`,
        span,
        hint,
      ),
    );
  }

  /** Whether `e` reads w, g, a state slot or another local (any of which may be a tensor). */
  private readsTensor(e: ast.Expr, self: string): boolean {
    switch (e.kind) {
      case 'num':
        return false;
      case 'name': {
        const role = this.header.params.get(e.name)?.kind;
        return e.name !== self && (this.locals.has(e.name) || (role !== undefined && role !== 'input'));
      }
      case 'neg':
        return this.readsTensor(e.operand, self);
      case 'binary':
        return this.readsTensor(e.left, self) || this.readsTensor(e.right, self);
      case 'call':
        return e.args.some((a) => this.readsTensor(a, self));
    }
  }

  private call(e: Extract<ast.Expr, { kind: 'call' }>): void {
    const def = CALLABLE.get(e.callee);
    if (def) {
      const problem = checkArity(e, def);
      if (problem) this.diagnostics.push(problem);
      return;
    }
    const what = this.variableKind(e.callee);
    if (what) {
      this.diagnostics.push(error('E0208', `cannot call '${e.callee}': it is ${what}, not a function`, e.calleeSpan));
    } else {
      this.diagnostics.push(unknownFunction(e));
    }
  }

  private variableKind(name: string): string | undefined {
    if (this.header.params.has(name)) return 'a parameter';
    if (this.locals.has(name)) return 'a local variable';
    if (this.defaults.has(name)) return 'a hyperparameter';
    if (name === STEP) return 'the step counter';
    if (Object.hasOwn(CONSTANTS, name)) return 'a built-in constant';
    return undefined;
  }

  private warnUnused(): void {
    for (const d of this.defaults.values()) {
      if (this.free.get(d.name)?.kind === 'hyper' || reservedName(d.name)) continue;
      const why = this.header.params.has(d.name)
        ? `'${d.name}' is a parameter`
        : this.locals.has(d.name)
          ? `'${d.name}' is assigned in the function`
          : `'${d.name}' is never read`;
      this.diagnostics.push(warning('W0001', `the default for '${d.name}' is unused: ${why}`, d.nameSpan));
    }
    const assignedInBody = new Set(this.program.body.map((s) => s.target));
    for (const [i, p] of this.header.paramList.entries()) {
      // A reserved or misplaced name already has E0203 or E0210: a warning would only repeat the mistake.
      if (reservedName(p.name) || misplacedRole(p.name, i, this.header.gradient)) continue;
      const role = this.header.params.get(p.name)!;
      if (role.kind === 'state' && !assignedInBody.has(p.name)) {
        this.diagnostics.push(
          warning('W0002', `state slot '${p.name}' is returned but never assigned, so it stays zero`, p.span),
        );
      } else if (role.kind !== 'w' && !this.read.has(p.name)) {
        this.diagnostics.push(warning('W0003', `parameter '${p.name}' is never read`, p.span));
      }
    }
  }

  private warnLostValues(): void {
    for (const p of this.header.paramList) {
      const assigned = this.program.body.some((s) => s.target === p.name);
      if (this.header.params.get(p.name)?.kind !== 'input' || !assigned) continue;
      if (readAfterLastAssignment(this.program, p.name)) continue;
      const message = `parameter '${p.name}' is assigned but not returned, so its new value is lost`;
      const hint = 'return it after the update to keep it as a state slot, or assign to another name';
      this.diagnostics.push(warning('W0006', message, p.span, hint));
    }
    for (const [name, stmt] of this.locals) {
      if (reservedName(name) || this.read.has(name)) continue;
      this.diagnostics.push(warning('W0005', `'${name}' is assigned but never read`, stmt.targetSpan));
    }
  }
}

/** The names an expression reads. Iterative: expression depth is bounded, but chains can be long. */
function namesIn(root: ast.Expr): Set<string> {
  const names = new Set<string>();
  const stack = [root];
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    if (e.kind === 'name') names.add(e.name);
    else if (e.kind === 'neg') stack.push(e.operand);
    else if (e.kind === 'binary') stack.push(e.left, e.right);
    else if (e.kind === 'call') stack.push(...e.args);
  }
  return names;
}

/** Whether the value `name` last receives in the body is read by a later statement or by the return. */
function readAfterLastAssignment(program: ast.Program, name: string): boolean {
  const last = program.body.findLastIndex((s) => s.target === name);
  const later = [...program.body.slice(last + 1).map((s) => s.value), ...program.returns];
  return later.some((e) => namesIn(e).has(name));
}

// Calls: arity and unknown functions, with a spelling suggestion for a near miss.

type Call = Extract<ast.Expr, { kind: 'call' }>;

/** "interpolate takes 3 arguments (x, y, β), got 2", in the spelling the program used. */
function checkArity(call: Call, def: OpDef): Diagnostic | undefined {
  if (call.args.length === def.arity) return undefined;
  const noun = def.arity === 1 ? 'argument' : 'arguments';
  return error(
    'E0201',
    `${call.callee} takes ${def.arity} ${noun} (${def.params.join(', ')}), got ${call.args.length}`,
    call.span,
  );
}

/** "unknown function 'sqr'", hint "did you mean 'sqrt'?" */
function unknownFunction(call: Call): Diagnostic {
  const operator = [...OPS.values()].find((d) => d.operatorOnly && d.name === call.callee);
  if (operator) {
    return error(
      'E0200',
      `'${call.callee}' is an operator, not a function`,
      call.calleeSpan,
      `write x ${operator.infix} y`,
    );
  }
  const guess = ELSEWHERE[call.callee] ?? closest(call.callee, [...CALLABLE.keys()]);
  const hint = guess ? `did you mean '${guess}'?` : `the built-in functions are ${[...CALLABLE.keys()].join(', ')}`;
  return error('E0200', `unknown function '${call.callee}'`, call.calleeSpan, hint);
}

/** Names numpy, PyTorch or JAX give functions optic has under another name. */
const ELSEWHERE: Readonly<Record<string, string>> = {
  sgn: 'sign',
  signum: 'sign',
  lerp: 'interpolate',
  clamp: 'clip',
  maximum: 'max',
  minimum: 'min',
  fabs: 'abs',
  absolute: 'abs',
  neg: 'negative',
};

/**
 * The nearest candidate by edit distance, if it is near enough to be a plausible typo. Ties go to a candidate
 * the name is an abbreviation of (its letters in order: `sgn` is `sign`, not `sin`), then to the nearer length.
 */
function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const rank = (c: string) => [editDistance(name, c), isSubsequence(name, c) ? 0 : 1, Math.abs(c.length - name.length)];
  const before = (a: number[], b: number[]) => {
    const i = a.findIndex((x, k) => x !== b[k]);
    return i >= 0 && a[i] < b[i];
  };
  let best: string | undefined;
  let bestRank = [limit + 1, 0, 0];
  for (const c of candidates) {
    const r = rank(c);
    if (before(r, bestRank)) [best, bestRank] = [c, r];
  }
  return best;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    row = next;
  }
  return row[b.length];
}
