// One test per diagnostic of the names and types passes, asserting the code and line:col (STYLE.md 7), plus
// the wording users see for the common mistakes.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compile, compileFile } from '../../compiler/compile.ts';
import type { Diagnostic } from '../../grammar/diagnostics.ts';

/** `CODE@line:col` for each diagnostic, in the order reported. */
function found(source: string): string[] {
  return compile(source, 'd.opt').diagnostics.map((d) => `${d.code}@${d.span.line}:${d.span.col}`);
}

function diagnostic(source: string, code: string): Diagnostic {
  const d = compile(source, 'd.opt').diagnostics.find((x) => x.code === code);
  expect(d, `no ${code} for:\n${source}`).toBeDefined();
  return d!;
}

const message = (source: string, code: string): string => diagnostic(source, code).message;
const hint = (source: string, code: string): string | undefined => diagnostic(source, code).hint;

const lines = (...xs: string[]) => `${xs.join('\n')}\n`;

describe('names', () => {
  test('E0200 unknown function, with the closest name', () => {
    const src = lines('def train(w, g):', '    update = sqr(g)', '    return update');
    expect(found(src)).toEqual(['E0200@2:14']);
    expect(message(src, 'E0200')).toBe("unknown function 'sqr'");
    expect(hint(src, 'E0200')).toBe("did you mean 'sqrt'?");
    const far = lines('def train(w, g):', '    update = frobnicate(g)', '    return update');
    expect(message(far, 'E0200')).toBe("unknown function 'frobnicate'");
    expect(hint(far, 'E0200')).toMatch(/^the built-in functions are /);
    const operator = lines('def train(w, g):', '    update = add(g, g)', '    return update');
    expect([message(operator, 'E0200'), hint(operator, 'E0200')]).toEqual([
      "'add' is an operator, not a function",
      'write x + y',
    ]);
  });

  test('E0201 wrong number of arguments, naming them', () => {
    const src = lines('def train(w, g, m):', '    m = interpolate(g, m)', '    return m, m');
    expect(found(src)[0]).toBe('E0201@2:9');
    expect(message(src, 'E0201')).toBe('interpolate takes 3 arguments (x, y, β), got 2');
    expect(message(lines('def train(w, g):', '    u = interp(g)', '    return u'), 'E0201')).toBe(
      'interp takes 3 arguments (x, y, β), got 1',
    );
    expect(message(lines('def train(w, g):', '    u = sqrt(g, g)', '    return u'), 'E0201')).toBe(
      'sqrt takes 1 argument (x), got 2',
    );
  });

  test('E0202 a local read before its assignment', () => {
    const src = lines(
      'def train(w, g):',
      '    wd = w * 0.1',
      '    u = update * 2',
      '    g = g * 1',
      '    update = g + wd',
      '    return update',
    );
    expect(found(src)).toEqual(['E0202@3:9']);
    expect(message(src, 'E0202')).toBe(
      "'update' is read before it is assigned: it is a local variable because it is assigned at 5:5",
    );
    expect(hint(src, 'E0202')).toBeUndefined();
  });

  test('E0202 hints at renaming when the local looks like a hyperparameter', () => {
    const src = lines('def train(w, g):', '    lr = lr * 0.001', '    update = g * lr', '    return update');
    expect(found(src)).toEqual(['E0202@2:10']);
    expect(message(src, 'E0202')).toBe(
      "'lr' is read before it is assigned: it is a local variable because it is assigned at 2:5",
    );
    expect(hint(src, 'E0202')).toBe(
      "to read the hyperparameter 'lr' here, assign the new value to a different name (say 'lr_t')",
    );
    const notHyper = lines('def train(w, g):', '    wd = w * 0.1', '    update = update + wd', '    return update');
    expect(hint(notHyper, 'E0202')).toBeUndefined();
  });

  test('E0203 step and built-in functions cannot be assigned, declared or parameters', () => {
    expect(found(lines('def train(w, g):', '    sqrt = g', '    return sqrt'))).toEqual(['E0203@2:5']);
    expect(found(lines('def train(w, g):', '    step = 2', '    return g * step'))).toEqual(['E0203@2:5']);
    expect(found(lines('def train(w, g, step):', '    return g * step'))).toEqual(['E0203@1:17']);
    expect(found(lines('step = 3', 'def train(w, g):', '    return g * step'))).toEqual(['E0203@1:1']);
    // A reserved parameter gets its error alone, not a W0003/W0002 follow-on for the same mistake.
    expect(found(lines('def train(w, g, step):', '    return g'))).toEqual(['E0203@1:17']);
    expect(found(lines('def train(w, sqrt):', '    return w'))).toEqual(['E0203@1:14']);
    expect(found(lines('def train(w, g, step):', '    return g, step'))).toEqual(['E0203@1:17']);
    expect(found(lines('def train(w, g, step, lr):', '    return g'))).toEqual(['E0203@1:17', 'W0003@1:23']);
    expect(message(lines('def train(w, g):', '    sqrt = g', '    return sqrt'), 'E0203')).toBe(
      "cannot assign to 'sqrt': it is a built-in function",
    );
  });

  test('E0204 duplicate parameter', () => {
    expect(found(lines('def train(w, g, m, m):', '    m = m + g', '    return g, m'))).toEqual(['E0204@1:20']);
  });

  test('E0205 fewer than two parameters', () => {
    expect(found(lines('def train(w):', '    return w'))).toEqual(['E0205@1:5']);
    const one = lines('def train(w):', '    return w');
    expect(message(one, 'E0205')).toBe(
      "'train' needs at least two parameters, the weights and the gradient, but has only 'w'",
    );
    expect(hint(one, 'E0205')).toBe("declare them first, as in 'def train(w, g):'");
  });

  test('E0206 bad return: not a parameter, w or g, an expression, twice, out of order', () => {
    const head = 'def train(w, g, m, v):';
    const body = ['    m = m + g', '    v = v + g'];
    expect(found(lines(head, ...body, '    return g, m, x'))).toEqual(['E0206@4:18']);
    expect(found(lines(head, ...body, '    return g, w, m, v'))).toEqual(['E0206@4:15']);
    expect(found(lines(head, ...body, '    return g, m * 2, v'))).toEqual(['E0206@4:15']);
    expect(found(lines(head, ...body, '    return g, m, m, v'))).toEqual(['E0206@4:18']);
    const swapped = lines(head, ...body, '    return g, v, m');
    expect(found(swapped)).toEqual(['E0206@4:5']);
    expect(message(swapped, 'E0206')).toBe(
      "state slots must be returned in parameter order: expected 'return …, m, v', found 'return …, v, m'",
    );
    const local = lines(head, ...body, '    m_new = m', '    return g, m_new, v');
    expect(message(local, 'E0206')).toBe("'m_new' is not a parameter, so it cannot be returned as state");
    expect(hint(local, 'E0206')).toMatch(/^state slots are parameters: assign the new value to the parameter itself/);
  });

  test('E0207 duplicate default', () => {
    expect(found(lines('lr = 0.1', 'lr = 0.2', 'def train(w, g):', '    return g * lr'))).toEqual(['E0207@2:1']);
  });

  test('E0208 calling a variable', () => {
    const src = lines('def train(w, g, m):', '    m = m(g)', '    return m, m');
    expect(found(src)).toEqual(['E0208@2:9']);
    expect(message(src, 'E0208')).toBe("cannot call 'm': it is a parameter, not a function");
    expect(found(lines('def train(w, g):', '    u = pi(g)', '    return u'))).toEqual(['E0208@2:9']);
  });

  test('E0209 a function used as a value', () => {
    expect(found(lines('def train(w, g):', '    u = sqrt * g', '    return u'))).toEqual(['E0209@2:9']);
  });
});

describe('types', () => {
  test('E0300 a reduction of a scalar', () => {
    const src = lines('def train(w, g):', '    n = norm(lr)', '    return g * n');
    expect(found(src)).toEqual(['E0300@2:14']);
    expect(message(src, 'E0300')).toBe(
      "argument 'x' of norm must be a tensor (such as w, g or a state slot), but this is a scalar",
    );
    expect(found(lines('def train(w, g):', '    d = dot(g, 2 * lr)', '    return g * d'))).toEqual(['E0300@2:16']);
  });

  test('E0300, E0201 and E0203 for the per-tensor sum, mean and size', () => {
    expect(found(lines('def train(w, g):', '    n = g * mean(0.5 * lr)', '    return n'))).toEqual(['E0300@2:18']);
    expect(message(lines('def train(w, g):', '    n = size(lr)', '    return g * n'), 'E0300')).toBe(
      "argument 'x' of size must be a tensor (such as w, g or a state slot), but this is a scalar",
    );
    expect(found(lines('def train(w, g):', '    n = sum(g, w)', '    return g * n'))).toEqual(['E0201@2:9']);
    expect(found(lines('def train(w, g):', '    size = 3', '    return g * size'))).toEqual(['E0203@2:5']);
  });

  test("E0300 clip_by_global_norm's bound must be a scalar", () => {
    const src = lines('def train(w, g, m):', '    m = m + g', '    u = clip_by_global_norm(g, m)', '    return u, m');
    expect(found(src)).toEqual(['E0300@3:32']);
    expect(message(src, 'E0300')).toBe(
      "argument 'c' of clip_by_global_norm must be a scalar (a number or a hyperparameter), but this is a tensor",
    );
  });

  test('types follow rebinding: a scalar name later bound to a tensor', () => {
    expect(
      found(lines('def train(w, g):', '    x = 2', '    x = x * g', '    n = norm(x)', '    return g * n')),
    ).toEqual([]);
    expect(
      found(lines('def train(w, g):', '    x = g', '    x = norm(x)', '    n = norm(x)', '    return g * n')),
    ).toEqual(['E0300@4:14']);
  });
});

describe('warnings', () => {
  test('W0001 a default that is never used as a hyperparameter', () => {
    expect(found(lines('β = 0.9', 'def train(w, g):', '    return g'))).toEqual(['W0001@1:1']);
    expect(found(lines('lr = 0.1', 'def train(w, g, lr):', '    return g * lr'))).toEqual(['W0001@1:1']);
  });

  test('W0002 a state slot never assigned (seeds/001 Step 3 returns v untouched)', () => {
    expect(
      found(lines('def train(w, g, m, v):', '    m = interpolate(g, m, 0.99)', '    return sign(m), m, v')),
    ).toEqual(['W0002@1:20']);
  });

  test('W0003 a parameter never read (the weights excepted: no weight decay is normal)', () => {
    expect(found(lines('def train(w, g, lr):', '    return g'))).toEqual(['W0003@1:17']);
    expect(found(lines('def train(w, g):', '    return w'))).toEqual(['W0003@1:14']);
    expect(found(lines('def train(w, g):', '    return g'))).toEqual([]);
  });

  test('warnings alone still produce a program', () => {
    const result = compile(lines('def train(w, g, lr):', '    return g'), 'd.opt');
    expect(result.program).toBeDefined();
  });
});

describe('several errors', () => {
  test('are all reported, in source order, and no program is produced', () => {
    const src = lines(
      'lr = 1',
      'lr = 2',
      'def train(w, g, m, m):',
      '    a = sqr(g) * lr',
      '    b = norm(3)',
      '    c = later + 1',
      '    later = interp(g, m)',
      '    sqrt = 2',
      '    return a, q',
    );
    expect(found(src)).toEqual([
      'E0207@2:1',
      'E0204@3:20',
      'E0200@4:9',
      'E0300@5:14',
      'E0202@6:9',
      'E0201@7:13',
      'E0203@8:5',
      'E0206@9:15',
    ]);
    expect(compile(src, 'd.opt').program).toBeUndefined();
  });
});

describe('compileFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'optic-lower-'));

  test('a missing file or a directory is a diagnostic, not an exception', () => {
    const missing = compileFile(join(dir, 'missing.opt'));
    expect(missing.diagnostics.map((d) => [d.code, d.span.line, d.span.col])).toEqual([['E0006', 1, 1]]);
    expect(missing.diagnostics[0].message).toMatch(/cannot read '.*missing\.opt': no such file/);
    expect(compileFile(dir).diagnostics[0].message).toMatch(/it is a directory/);
  });

  test('bytes that are not UTF-8 are E0005; a good file compiles and returns its text', () => {
    const bad = join(dir, 'bad.opt');
    writeFileSync(bad, Uint8Array.from([0x64, 0x65, 0x66, 0xff]));
    expect(compileFile(bad).diagnostics.map((d) => d.code)).toEqual(['E0005']);
    const good = join(dir, 'good.opt');
    const text = '\uFEFFlr = 0.1\ndef train(w, g):\n    return g * lr\n';
    writeFileSync(good, text);
    const compiled = compileFile(good);
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.program?.signature.hypers).toEqual([{ name: 'lr', default: 0.1 }]);
    expect(compiled.source).toBe(text.slice(1));
  });
});

describe('names with a role, and values that are lost', () => {
  test('E0210 w and g only as the weights and the gradient, update never a parameter', () => {
    expect(found(lines('def train(weights, grad, g):', '    g = g + grad', '    return grad, g'))).toEqual([
      'E0210@1:26',
    ]);
    expect(found(lines('def train(g, w):', '    return w'))).toEqual(['E0210@1:11', 'E0210@1:14']);
    expect(found(lines('def train(w, g, update):', '    return g, update'))).toEqual(['E0210@1:17']);
    expect(message(lines('def train(w, g, update):', '    return g, update'), 'E0210')).toBe(
      "'update' can only name the update, which is returned, not a parameter: optic's inputs and results use it for that",
    );
  });

  test('E0200 an unknown function: the nearest built-in (sgn is sign, not sin), or the list of them', () => {
    const call = (f: string) => diagnostic(lines('def train(w, g):', `    return ${f}(g)`), 'E0200').hint;
    expect(call('sgn')).toBe("did you mean 'sign'?");
    expect(call('clamp')).toBe("did you mean 'clip'?");
    expect(call('sqr')).toBe("did you mean 'sqrt'?");
    expect(call('frobnicate')).toMatch(
      /^the built-in functions are pow, power, .*, interpolate, .*clip_by_global_norm$/,
    );
  });

  test("the gradient found by its name wherever it stands, as in Hero's def train(w, m, v, gradient)", () => {
    const hero = lines('def train(w, m, v, gradient):', '    m = m + gradient', '    v = v + m', '    return m, m, v');
    expect(found(hero)).toEqual([]);
    const signature = compile(hero, 'h.opt').program!.signature;
    expect([signature.g, signature.state]).toEqual(['gradient', ['m', 'v']]);
    // No parameter named like a gradient: the second is the gradient, as the paper's rule has it.
    expect(
      compile(lines('def train(w, dw, m):', '    m = m + dw', '    return m, m'), 'p.opt').program!.signature.g,
    ).toBe('dw');
    // Two gradient names: the first is the gradient, and `g` elsewhere is an error.
    expect(found(lines('def train(w, m, grad, g):', '    m = m + grad', '    return m, m'))).toEqual(['E0210@1:23']);
    expect(message(lines('def train(w, grad, g):', '    return grad'), 'E0210')).toBe(
      "'g' can only name the gradient: optic's inputs and results use it for that",
    );
  });

  test('E0211 annotations: Params on tensors, Float on per-step inputs, nothing else', () => {
    const ok = lines('def train(w: Params, g: Params, m: Params, lr: Float):', '    m = m + lr * g', '    return m, m');
    expect(found(ok)).toEqual([]);
    expect(found(lines('def train(w: Params, g: Int):', '    return g'))).toEqual(['E0211@1:25']);
    expect(message(lines('def train(w: Params, g: Int):', '    return g'), 'E0211')).toBe(
      "unknown annotation 'Int': optic knows 'Params' (a tensor shaped like the weights: the weights, the gradient or a state slot) and 'Float' (a number given at each step: a parameter the return does not list)",
    );
    const stateAsFloat = lines('def train(w, g, m: Float):', '    m = m + g', '    return m, m');
    expect(found(stateAsFloat)).toEqual(['E0211@1:20']);
    expect(message(stateAsFloat, 'E0211')).toBe(
      "'m' is a state slot (the return lists it), not a number given at each step",
    );
  });

  test('W0005 a local assigned and never read', () => {
    expect(found(lines('def train(w, g):', '    u = g * 2', '    return g'))).toEqual(['W0005@2:5']);
    expect(found(lines('def train(w, g):', '    u = g * 2', '    return u'))).toEqual([]);
  });

  test('W0006 an input whose new value nothing reads (a forgotten return), not one rescaled and used', () => {
    const forgotten = lines('def train(w, g, m):', '    m = 0.9 * m + g', '    return sign(m)');
    expect(found(forgotten)).toEqual(['W0006@2:5']);
    expect(message(forgotten, 'W0006')).toBe(
      "'m' is a scalar input, since it is not returned, but is assigned a tensor here",
    );
    expect(found(lines('def train(w, g, s):', '    s = s * 2', '    return g'))).toEqual(['W0006@1:17']);
    expect(found(lines('def train(w, g, lr):', '    lr = lr * 0.1', '    return g * lr'))).toEqual([]);
  });

  test('lints stay quiet next to an error', () => {
    expect(found(lines('def train(w, g):', '    u = sqr(g)', '    return g'))).toEqual(['E0200@2:9']);
  });
});
