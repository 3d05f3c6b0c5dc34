// The module `optic compile --target tfjs` prints: it imports only @tensorflow/tfjs-core, it is what runs (the
// printed file, imported by Node, trains bit for bit like the runtime's class), it registers its class, and
// no program can inject code into it: names that are JavaScript keywords, `__proto__`, `constructor`, `eval`,
// quotes and line separators in names or the file name compile to correct code.

import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Program } from '../../../compiler/ir.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { tfjsModule } from '../../../runtime/tfjs/module.ts';
import { tfjsOptimizerClass, type OpticOptimizerClass } from '../../../runtime/tfjs/index.ts';
import { differential, programFile, programOf, randomCase } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'optic-tfjs-'));
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));

async function importModule(
  program: Program,
  name: string,
): Promise<{ default: OpticOptimizerClass; PROGRAM: unknown }> {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, tfjsModule(program));
  return import(/* @vite-ignore */ pathToFileURL(file).href);
}

beforeAll(async () => {
  await useTfjsBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const HOSTILE = `# every name here is a JavaScript keyword or a property every object has
__proto__ = 0.9
constructor = 0.999
toString = 1e-8
this = 0.01
def train(w, g, eval, arguments, valueOf):
    eval = interpolate(g, eval, __proto__)
    arguments = interpolate(square(g), arguments, constructor)
    function = eval / (sqrt(arguments) + toString)
    valueOf = max(valueOf, abs(function))
    update = this * function + valueOf * 0
    return update, eval, arguments, valueOf
`;

describe('the printed module', () => {
  it('imports only @tensorflow/tfjs-core', () => {
    const text = tfjsModule(programFile('programs/lion.opt'));
    expect([...text.matchAll(/^import\b.*$/gm)].map((m) => m[0])).toEqual([
      "import * as tf from '@tensorflow/tfjs-core';",
    ]);
    expect(text).not.toMatch(/\brequire\(|\bimport\(/);
  });

  it('runs bit for bit like the runtime class, and registers itself', async () => {
    const program = programFile('programs/adamw.opt');
    const printed = (await importModule(program, 'adamw')).default;
    expect(printed.className).toBe('OpticAdamw');
    expect(tf.serialization.SerializationMap.getMap().classNameMap.OpticAdamw[0]).toBe(printed);
    const runtime = tfjsOptimizerClass(program);
    const a = tf.variable(tf.tensor([0.5, -1, 2]), true, 'mod/a');
    const b = tf.variable(tf.tensor([0.5, -1, 2]), true, 'mod/b');
    const [p, r] = [new printed({ hypers: { lr: 0.1 } }), new runtime({ hypers: { lr: 0.1 } })];
    for (let s = 0; s < 5; s++) {
      const g = tf.tensor([0.3 * s - 0.2, 0.1, -0.7 + s]);
      p.applyGradients({ 'mod/a': g });
      r.applyGradients({ 'mod/b': g });
      g.dispose();
    }
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
  });
});

describe('hostile names', () => {
  const program = programOf(HOSTILE, 'we"ird\u2028name*/\n.opt');

  it('never appear as identifiers in the generated step', () => {
    const { step } = compileProgram(program, 'tfjs');
    const code = step.replace(/^\/\/.*$/gm, '');
    const identifiers = new Set(code.match(/[A-Za-z_$][A-Za-z0-9_$]*/g));
    // (`function` is also a name in the program, but the generator writes the keyword itself.)
    for (const name of ['__proto__', 'constructor', 'toString', 'this', 'eval', 'arguments', 'valueOf']) {
      expect(identifiers.has(name), name).toBe(false);
    }
    expect(step.split('\n')[0]).toMatch(/^\/\/ "we\\"ird\\u2028name\*\/\\n\.opt": /);
  });

  it('compile to a module that imports and computes what the interpreter does', async () => {
    const mod = await importModule(program, 'hostile');
    expect(mod.PROGRAM).toMatchObject({ state: ['eval', 'arguments', 'valueOf'], file: 'we"ird\u2028name*/\n.opt' });
    const c = randomCase(
      3,
      [
        { name: 'k', shape: [3, 2] },
        { name: 'b', shape: [2] },
      ],
      4,
    );
    expect(await differential(program, c, 'cpu')).toBeNull();
    const opt = new mod.default({ hypers: { this: 0.5, __proto__: 0.8 } as Record<string, number> });
    expect(opt.getConfig().optic).not.toContain('_');
  });
});
