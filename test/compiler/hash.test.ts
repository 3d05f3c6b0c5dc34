// The structural hash: equal for programs that compute the same way (dead code, names, the order of
// independent statements aside), different when an argument order, a constant, a hyperparameter or an op differs.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { redundancy, structuralHash } from '../../compiler/hash.ts';
import type { Program } from '../../compiler/ir.ts';

const program = (body: string, params = 'w, g, m'): Program => {
  const compiled = compile(`def train(${params}):\n${body.replace(/^/gm, '    ')}\n`, 'h.opt');
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
};

const BASE = 'm = interpolate(g, m, 0.9)\nupdate = sign(m) * lr\nreturn update, m';

describe('structuralHash', () => {
  it('ignores dead statements', () => {
    const dead = 'unused = sqrt(w) + g\nm = interpolate(g, m, 0.9)\nx = m * 3\nupdate = sign(m) * lr\nreturn update, m';
    expect(structuralHash(program(dead))).toBe(structuralHash(program(BASE)));
  });

  it('ignores the names of locals and parameters, and the order of independent statements', () => {
    const renamed = program(
      'mom = interpolate(grad, mom, 0.9)\nu = sign(mom) * lr\nreturn u, mom',
      'weights, grad, mom',
    );
    expect(structuralHash(renamed)).toBe(structuralHash(program(BASE)));
    const a = program('a = sign(g)\nb = abs(w)\nupdate = a + b\nreturn update, m');
    const b = program('b = abs(w)\na = sign(g)\nupdate = a + b\nreturn update, m');
    expect(structuralHash(a)).toBe(structuralHash(b));
  });

  it.each([
    ['argument order', 'm = interpolate(m, g, 0.9)\nupdate = sign(m) * lr\nreturn update, m'],
    ['a constant', 'm = interpolate(g, m, 0.99)\nupdate = sign(m) * lr\nreturn update, m'],
    ['a hyperparameter', 'm = interpolate(g, m, 0.9)\nupdate = sign(m) * η\nreturn update, m'],
    ['an op', 'm = interpolate(g, m, 0.9)\nupdate = abs(m) * lr\nreturn update, m'],
    ['the state output', 'm2 = interpolate(g, m, 0.9)\nupdate = sign(m2) * lr\nreturn update, m'],
  ])('tells programs apart that differ in %s', (_, body) => {
    expect(structuralHash(program(body))).not.toBe(structuralHash(program(BASE)));
  });

  it('counts statements and the dead ones among them', () => {
    expect(redundancy(program(BASE))).toEqual({ statements: 3, dead: 0 });
    expect(redundancy(program('x = sqrt(w)\ny = x + 1\nupdate = g\nreturn update, m'))).toEqual({
      statements: 2,
      dead: 2,
    });
  });
});
