// What the WGSL text may and may not contain: names that are WGSL keywords, reserved words or dangerous in
// JavaScript compile and run; no user text reaches the module; constants that are no WGSL literal (Inf, NaN,
// out of float32 range, subnormal) travel in the uniform buffer. The golden modules are in golden.test.ts.

import { afterAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../compiler/ir.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { differential } from './harness.ts';
import { testGpu } from './gpu.ts';
import { programOf } from '../../fixtures/compile.ts';

const gpu = await testGpu();
afterAll(() => gpu?.destroy());

const program = (source: string): Program => programOf(source);

async function errors(code: string): Promise<string[]> {
  const info = await gpu!.device.createShaderModule({ code }).getCompilationInfo();
  return info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
}

// (\`__proto__\` is a local here; as a hyperparameter name, test/runtime/hypers.test.ts covers it.)
const HOSTILE = `fn = 0.5
constructor = 0.9
def override(let, var, loop, struct, eval):
    loop = interpolate(var, loop, constructor)
    struct = interpolate(square(var), struct, 0.99)
    const = loop / (sqrt(struct) + 1e-8)
    __proto__ = let * 0.1
    return fn * const + __proto__ * eval, loop, struct
`;

describe.skipIf(!gpu)('WGSL text', () => {
  it('names that are WGSL keywords and reserved words compile and run correctly', async () => {
    const p = program(HOSTILE);
    const { code } = compileProgram(p, 'wgsl');
    expect(await errors(code)).toEqual([]);
    expect(await differential(gpu!.device, { program: p, sizes: [9, 200], steps: 3, seed: 1 })).toMatchObject({
      ok: true,
    });
  });

  it('no user text reaches the module: every name is mangled into [A-Za-z0-9_]', () => {
    const p = program('λ = 0.1\ndef train(w, g, mé):\n    mé = mé + g * λ\n    return g * λ, mé\n');
    const { code } = compileProgram(p, 'wgsl');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that the code is ASCII
    expect(code).not.toMatch(/[^\x00-\x7f]/u);
    expect(code).toContain('lambda');
  });

  it('constants that are no WGSL literal go to the uniform buffer, never into the text', async () => {
    const p = program(
      'def train(w, g):\n    big = 1e39\n    tiny = 1e-45\n    return g * big + g * tiny + 0 * (1 / 0), \n'.replace(
        ', \n',
        '\n',
      ),
    );
    const { code, manifest } = compileProgram(p, 'wgsl');
    expect(await errors(code)).toEqual([]);
    expect(code).not.toMatch(/1e\+?39|1e-45|\binf\b/i);
    const specials = manifest.params.fields.filter((f) => f.bits !== undefined);
    expect(specials.map((f) => f.bits)).toContain(0x7f800000);
  });
});

describe('WGSL text of constants and helpers (no device needed)', () => {
  it('each constant that is no WGSL literal is read from its own uniform field', () => {
    const p = program('def train(w, g):\n    big = 1e39\n    tiny = 1e-45\n    return g * big + w * tiny\n');
    const { code, manifest } = compileProgram(p, 'wgsl');
    const field = (bits: number) => manifest.params.fields.find((f) => f.bits === bits)?.name;
    expect([field(0x7f800000), field(1)]).toEqual(['k0', 'k1']); // float32(1e39) is Infinity; 1e-45 the least subnormal
    expect(code).toContain('_g * P.k0)');
    expect(code).toContain('_w * P.k1)');
  });

  it('a helper two others call is written once (log1p, for arcsinh and arccosh)', () => {
    const { code } = compileProgram(program('def train(w, g):\n    return arcsinh(g) + arccosh(w)\n'), 'wgsl');
    expect(code.split('fn opt_log1p_vec4f(').length - 1).toBe(1);
    expect(code.indexOf('fn opt_log1p_vec4f(')).toBeLessThan(code.indexOf('fn opt_asinh_vec4f('));
  });

  it('a helper is written only for the types that call it (tanh of a norm: f32 only)', () => {
    const { code } = compileProgram(program('def train(w, g):\n    return tanh(norm(g)) * g\n'), 'wgsl');
    expect(code).toContain('fn opt_tanh_f32(x: f32) -> f32 {');
    expect(code).toContain(' = opt_tanh_f32(');
    expect(code).not.toContain('vec4f(x: vec4f)');
    expect(code).not.toMatch(/opt_\w*_vec4f/);
  });
});
