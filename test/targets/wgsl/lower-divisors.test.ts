// The WGSL target's lowering of x / s, s a scalar the host knows, to x · (1 / s) (compiler/targets/wgsl-lower.ts),
// read from the IR it returns and the module's text: a constant divisor becomes its reciprocal as a literal,
// protected math keeps its division, a program with nothing to lower comes back as it was, and the rewritten
// statement keeps its name and span.

import { describe, expect, it } from 'vitest';
import { reciprocalDivisors } from '../../../compiler/targets/wgsl-lower.ts';
import { emitWgsl } from '../../../compiler/targets/wgsl.ts';
import { programOf } from '../../fixtures/compile.ts';

const stepOf = (code: string) => code.split('fn apply_step')[1].split('\n}\n')[0];

describe('division by a host scalar, lowered', () => {
  it('by a constant: a multiplication by its reciprocal, folded', () => {
    const p = programOf('def train(w, g):\n    update = g / 4\n    return update\n');
    const lowered = reciprocalDivisors(p, 'ieee');
    const ops = lowered.nodes.map((n) => (n.op === 'const' ? n.value : n.op));
    expect(ops).toContain(0.25);
    expect(ops).toContain('mul');
    expect(ops).not.toContain('div');
    const step = stepOf(emitWgsl(p).code);
    expect(step).toContain('0.25');
    expect(step).not.toMatch(/ \/ /);
  });

  it("not under protected math, whose division is x / (s + 1e-8): g / 1e-8 stays g / 2e-8's worth", () => {
    const p = programOf('def train(w, g):\n    update = g / 0.00000001\n    return update\n');
    expect(reciprocalDivisors(p, 'protected')).toBe(p);
    const ops = reciprocalDivisors(p, 'protected').nodes.map((n) => n.op);
    expect(ops).toContain('div');
    expect(stepOf(emitWgsl(p, { math: 'protected' }).code)).not.toContain('100000000');
  });

  it('a program without such a division comes back as it is', () => {
    const p = programOf('def train(w, g, m):\n    m = 0.9 * m + g / norm(g)\n    return m, m\n');
    expect(reciprocalDivisors(p, 'ieee')).toBe(p);
  });

  it("the multiplication keeps the division's name and span", () => {
    const p = programOf('lr = 0.1\ndef train(w, g):\n    scaled = g / lr\n    return scaled\n');
    const div = p.nodes.find((n) => n.op === 'div')!;
    const mul = reciprocalDivisors(p, 'ieee').nodes.find((n) => n.op === 'mul' && n.name === 'scaled');
    expect(mul).toBeDefined();
    expect(mul!.span).toEqual(div.span);
    expect(div.span).toBeDefined();
  });
});
