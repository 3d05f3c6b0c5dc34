// What the tfjs target writes from user text (compiler/targets/tfjs-names.ts): string literals and comments
// that nothing can end early, number literals that read back as the same number, identifiers that are
// always identifiers, class names tfjs-layers keeps, and the fingerprint saved configurations carry.

import { describe, expect, it } from 'vitest';
import { className, fingerprint, mangle, numberLiteral, quote } from '../../../compiler/targets/tfjs-names.ts';

describe('quote', () => {
  it.each(['plain', 'a "quoted" \\ name', 'line\nbreak', 'λ', '\u2028\u2029', 'tab\there', '😀', '*/ // */'])(
    '%j: printable ASCII that reads back as the same text, also inside a // comment',
    (text) => {
      const literal = quote(text);
      expect(literal).toMatch(/^"[\x20-\x7e]*"$/);
      expect(JSON.parse(literal)).toBe(text);
      expect(new Function(`// ${literal}\nreturn ${literal};`)()).toBe(text);
    },
  );
});

describe('numberLiteral', () => {
  it.each([0, -0, 1.5, -2.5e-300, 5e-324, 0.1, 1 / 3, 1e21, Math.LN2, NaN, Infinity, -Infinity])(
    '%d reads back as the same number',
    (value) => {
      expect(Object.is(new Function(`return ${numberLiteral(value)};`)(), value)).toBe(true);
    },
  );
});

describe('mangle', () => {
  it('is the prefix and id alone without a name', () => {
    expect(mangle('v', 7)).toBe('v7');
    expect(mangle('v', 7, '')).toBe('v7');
  });
  it('keeps ASCII letters, digits and _ of the name, writes others as u + hex code point, and cuts at 24', () => {
    expect(mangle('v', 12, 'm_hat2')).toBe('v12_m_hat2');
    expect(mangle('v', 3, 'λ')).toBe('v3_u3bb');
    expect(mangle('v', 3, '😀')).toBe('v3_u1f600');
    expect(mangle('v', 1, 'x'.repeat(30))).toBe(`v1_${'x'.repeat(24)}`);
  });
  it.each(['constructor', '__proto__', 'eval', 'a b', 'x-y', '"', '0'])('%j gives an identifier', (name) => {
    expect(mangle('v', 5, name)).toMatch(/^v5_[A-Za-z0-9_]+$/);
  });
});

describe('className', () => {
  it.each([
    ['adamw.opt', 'OpticAdamw'],
    ['programs/paper/step2_evolved.opt', 'OpticStep2Evolved'],
    ['C:\\work\\lion.opt', 'OpticLion'],
    ['my-adam.v2.opt', 'OpticMyAdamV2'],
    ['noext', 'OpticNoext'],
    ['λ.opt', 'OpticProgram'],
  ])('%s → %s', (file, name) => {
    expect(className(file)).toBe(name);
  });
});

describe('fingerprint', () => {
  it('is 32-bit FNV-1a in 8 hex digits (the published test vectors)', () => {
    expect(fingerprint('')).toBe('811c9dc5');
    expect(fingerprint('a')).toBe('e40c292c');
    expect(fingerprint('foobar')).toBe('bf9cf968');
  });
  it('keeps leading zeros', () => {
    const short = Array.from({ length: 5000 }, (_, i) => `x${i}`).find((t) => fingerprint(t).startsWith('0'));
    expect(short).toBeDefined();
    expect(fingerprint(short!)).toMatch(/^[0-9a-f]{8}$/);
  });
});
