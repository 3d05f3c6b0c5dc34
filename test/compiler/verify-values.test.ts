// compiler/verify.ts keeps `value` to constants: fold (compiler/passes/fold.ts) folds any node whose
// arguments all have a value, so a leaf such as a hyperparameter carrying one would be folded into a constant.

import { describe, expect, it } from 'vitest';
import type { Program } from '../../compiler/ir.ts';
import { verify } from '../../compiler/verify.ts';
import { programFile } from '../fixtures/compile.ts';

describe('verify: values', () => {
  const program = programFile('programs/adamw.opt');

  it('accepts a compiled program', () => {
    expect(verify(program)).toEqual([]);
  });

  it('refuses a value on a node that is not a constant', () => {
    const hyper = program.nodes.findIndex((n) => n.op === 'hyper');
    expect(hyper).toBeGreaterThanOrEqual(0);
    const nodes = program.nodes.map((n, i) => (i === hyper ? { ...n, value: 0.5 } : n));
    expect(verify({ ...program, nodes } as Program)).toEqual([`node ${hyper} (hyper): only a constant has a value`]);
  });
});
