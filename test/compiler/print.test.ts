// The printer: its text is valid input that compiles back to an equivalent program, with the source's names
// where SSA allows them, fresh `name_1` where it does not, and copies at the end only when state slots
// cannot otherwise land in their parameters' names.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { arbIRProgram } from '../../compiler/generate.ts';
import { IRBuilder, type Program } from '../../compiler/ir.ts';
import { fold } from '../../compiler/passes/fold.ts';
import { printProgram } from '../../compiler/print.ts';
import { format } from '../../grammar/format.ts';
import { parse } from '../../grammar/parse.ts';
import { equivalent } from '../../runtime/equiv.ts';

function reparse(text: string): Program {
  const compiled = compile(text, 'printed.opt');
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (!compiled.program || errors.length > 0)
    throw new Error(`${text}\n${errors.map((d) => `${d.span.line}:${d.span.col} ${d.message}`).join('\n')}`);
  return compiled.program;
}

const body = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim());

describe('printProgram', () => {
  it('prints random programs as text that compiles back to an equivalent program (states included)', () => {
    fc.assert(
      fc.property(arbIRProgram(), fc.integer(), (p, seed) => {
        const text = printProgram(p);
        const q = reparse(text);
        const result = equivalent(p, q, { level: 'exact', states: true, trials: 5, steps: 3, seed });
        expect(result.kind === 'different' ? { text, ...result.counterexample } : result.kind).toBe('equivalent');
        // A fixed point once literals are folded (`-1` reads back as negative(1)) and every value has a name (p's
        // unnamed values are named by the first print, `t` or `t_1` depending on what else is live).
        const once = printProgram(fold(q).program);
        expect(printProgram(fold(reparse(once)).program)).toBe(once);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the source, names and reassignments as written', () => {
    const source =
      'lr = 0.001\n\ndef train(w, g, m):\n    g = clip(g, 1)\n    m = interpolate(g, m, 0.9)\n    update = sign(m) * lr\n    return update, m\n';
    expect(printProgram(reparse(source))).toBe(source);
  });

  it("prints in optic fmt's canonical form: a blank line after the defaults, comments at the edges", () => {
    const text = printProgram(
      reparse('β=0.9\nlr = -1e-3\ndef train(w, g, m):\n    m = interp(g, m, β)\n\n\n    return m*lr, m\n'),
      { header: ['h'], footer: ['a', 'b'] },
    );
    expect(text).toBe(
      '# h\nβ = 0.9\nlr = -0.001\n\ndef train(w, g, m):\n    m = interpolate(g, m, β)\n    update = m * lr\n    return update, m\n# a\n# b\n',
    );
  });

  it("is optic fmt's canonical form for generated programs (format(parse(print(p))) = print(p))", () => {
    fc.assert(
      fc.property(arbIRProgram(), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), (p, notes) => {
        const text = printProgram(p, { header: notes, footer: notes });
        const parsed = parse(text, 'printed.opt');
        expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(format(parsed.program!)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('writes operators with the parentheses the grammar needs, and negative literals with a minus', () => {
    const source =
      'def train(w, g):\n    update = (w - (g - 1)) / (w * (g * 2)) + -0.5 * (-g) ** 2 - -(w ** g)\n    return update\n';
    const text = printProgram(reparse(source));
    expect(body(text)[0]).toBe('update = (w - (g - 1)) / (w * (g * 2)) + -0.5 * (-g) ** 2 - -w ** g');
  });

  it('renames a value whose name is still needed: the old state is read after the new one is made', () => {
    // Built by hand: no source can read m after assigning it, but passes can reorder values like this.
    const b = new IRBuilder();
    const g = b.leaf('g', 'tensor', { name: 'g' });
    const m = b.leaf('state', 'tensor', { index: 0, name: 'm' });
    const next = b.apply('mul', [g, b.constant(0.9)], { name: 'm' });
    const update = b.apply('add', [next, m], { name: 'update' });
    const p: Program = {
      file: 'x',
      signature: { fn: 'train', w: 'w', g: 'g', state: ['m'], inputs: [], hypers: [] },
      nodes: b.nodes,
      outputs: { update, state: [next] },
    };
    const text = printProgram(p);
    expect(body(text)).toEqual(['m_1 = g * 0.9', 'update = m_1 + m', 'm = m_1', 'return update, m']);
    expect(equivalent(p, reparse(text), { states: true, seed: 1 }).kind).toBe('equivalent');
  });

  it('swaps state slots through a saved copy', () => {
    const text = printProgram(
      reparse('def train(w, g, m, v):\n    t = m + g\n    m = v\n    v = t\n    return g, m, v\n'),
    );
    expect(body(text)).toEqual(['t = m + g', 'm = v', 'v = t', 'return g, m, v']);
    const swap = reparse('def train(w, g, m, v):\n    t = m\n    m = v\n    v = t\n    return g, m, v\n');
    const swapped = printProgram(swap);
    expect(body(swapped)).toEqual(['m_old = m', 'm = v', 'v = m_old', 'return g, m, v']);
    expect(equivalent(swap, reparse(swapped), { states: true, seed: 1 }).kind).toBe('equivalent');
  });

  it("never assigns a hyperparameter's name or a reserved word, and prints only the defaults still read", () => {
    const b = new IRBuilder();
    const g = b.leaf('g', 'tensor', { name: 'g' });
    const lr = b.leaf('hyper', 'scalar', { index: 0, name: 'lr' });
    const x = b.apply('mul', [g, lr], { name: 'lr' });
    const y = b.apply('abs', [x], { name: 'lambda' });
    const z = b.apply('sqrt', [y], { name: 'step' });
    const p: Program = {
      file: 'x',
      nodes: b.nodes,
      outputs: { update: b.apply('add', [z, x]), state: [] },
      signature: {
        fn: 'train',
        w: 'w',
        g: 'g',
        state: [],
        inputs: [],
        hypers: [
          { name: 'lr', default: 0.1 },
          { name: 'unused', default: 2 },
        ],
      },
    };
    const text = printProgram(p);
    expect(text.split('\n')[0]).toBe('lr = 0.1');
    expect(text).not.toContain('unused');
    expect(body(text)).toEqual([
      'lr_1 = g * lr',
      'lambda_1 = abs(lr_1)',
      'step_1 = sqrt(lambda_1)',
      'update = step_1 + lr_1',
      'return update',
    ]);
    expect(equivalent(p, reparse(text), { seed: 1 }).kind).toBe('equivalent');
  });

  it('keeps comments out of reach of user text: header and footer lines are comments', () => {
    const text = printProgram(reparse('def train(w, g):\n    return g\n'), {
      header: ['from a.opt'],
      footer: ['done'],
    });
    expect(text).toBe('# from a.opt\ndef train(w, g):\n    return g\n# done\n');
  });
});
