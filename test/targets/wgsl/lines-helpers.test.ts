// A helper function (wgsl-ops.ts: tanh, pow, …) called only inside a row or column sum, or only in the new rows
// or cols state, must still be written into the module (wgsl-lines.ts merged: the bodies' helpers and helper
// types). A module that calls an undefined function is a shader WebGPU rejects.

import { describe, expect, it } from 'vitest';
import { emitWgsl } from '../../../compiler/targets/wgsl.ts';
import { programOf } from '../../fixtures/compile.ts';

describe('helpers called only from row and column code', () => {
  it.each([
    ['a row sum (a reduction stage)', 'def train(w, g):\n    return g * sum_rows(tanh(g))\n'],
    ['a column sum (a reduction stage)', 'def train(w, g):\n    return g * mean_cols(g ** 3)\n'],
    ['the new rows state', 'def train(w, g, r):\n    r = tanh(mean_rows(g) + r)\n    return g * r, r\n'],
  ])('in %s: every opt_ function called is defined', (_, source) => {
    const code = emitWgsl(programOf(source)).code;
    const called = new Set([...code.matchAll(/\b(opt_\w+)\(/g)].map((m) => m[1]));
    const defined = new Set([...code.matchAll(/\bfn (opt_\w+)\(/g)].map((m) => m[1]));
    expect(called.size).toBeGreaterThan(0);
    expect([...called].filter((f) => !defined.has(f))).toEqual([]);
  });
});
