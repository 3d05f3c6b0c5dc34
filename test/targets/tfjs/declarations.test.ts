// The declaration file beside the printed tfjs module (runtime/tfjs/declarations.ts), type-checked in process
// with TypeScript's strict mode: a project using every export as documented type-checks, the misuses the types
// exist to catch (a misspelled hyperparameter, a hyperparameter that is not a number or schedule) do not, and
// the names it declares are the names the module exports. test/package/ checks the same through npm pack and
// tsc with skipLibCheck, which does not check the .d.ts itself: here its own errors count too.

import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tfjsModuleFiles } from '../../../runtime/tfjs/module.ts';
import { programOf } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'optic-dts-'));
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
};

/** Writes the program's module and declarations as NAME.mjs / NAME.d.mts and `app` as NAME-app.mts. */
function project(source: string, name: string, app: string) {
  const { code, declarations } = tfjsModuleFiles(programOf(source, `${name}.opt`));
  writeFileSync(join(dir, `${name}.mjs`), code);
  writeFileSync(join(dir, `${name}.d.mts`), declarations);
  writeFileSync(join(dir, `${name}-app.mts`), app);
  const program = ts.createProgram([join(dir, `${name}.d.mts`), join(dir, `${name}-app.mts`)], OPTIONS);
  // Only the two files' own diagnostics: tfjs 4.22's declarations have errors of their own under strict.
  const ours = [`${name}.d.mts`, `${name}-app.mts`].map((f) => program.getSourceFile(join(dir, f)));
  expect(ours.every((f) => f !== undefined)).toBe(true);
  const diagnostics = ours.flatMap((f) => [
    ...program.getSyntacticDiagnostics(f),
    ...program.getSemanticDiagnostics(f),
  ]);
  const messages = diagnostics.map(
    (d) =>
      `${d.file?.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`,
  );
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(ours[0]!);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol).map((s) => s.name) : [];
  return { messages, exported: exported.sort() };
}

const SOURCE = `lr = 0.1
β1 = 0.9

def train(w, g, m, x):
    m = interpolate(g, m, β1)
    return lr * m * x, m
`;

/** Every export, as the module's header and README document it; each misuse marked. */
const APP = `import * as tf from '@tensorflow/tfjs-core';
import Optimizer, { PROGRAM, warmupCosineDecay, sgdr, linearDecay, type Schedule, type HyperValue, type HyperGroup,
  type Options, type HyperName, type Hypers } from './typed.mjs';
import { Optimizer as Named } from './typed.mjs';

const schedule: Schedule = warmupCosineDecay({ init: 0, peak: 1e-3, warmupSteps: 10, decaySteps: 100, end: 1e-5 });
const value: HyperValue = sgdr({ peak: 1e-3, min: 0, period: 10, mult: 2 });
const decay: HyperValue = linearDecay({ init: 1e-3, end: 0, steps: 100, begin: 5 });
const groups: HyperGroup[] = [
  { match: 'dense*', rank: [1], set: { lr: 0.5 } },
  { match: /bias/, set: { β1: value } },
  { match: (p) => p.shape.length === 2 && p.name.length > 0, set: { x: 2 } },
];
const hypers: Hypers = { lr: schedule, β1: 0.8, x: decay };
const options: Options = { hypers, groups, keepUpdates: true };
const o = new Optimizer(options);
const base: tf.Optimizer = new Named();
o.setHyper('lr', 0.01);
o.setHyper('x', (step: number) => 1 / step);
const name: HyperName = 'β1';
const kept: boolean = o.keepUpdates;
const last: tf.Tensor | undefined = o.lastUpdates.get('w');
const h: HyperValue | undefined = o.hypers.lr;
const g: HyperGroup | undefined = o.groups[0];
const s: tf.Variable[] | undefined = o.slots.get('w');
const className: string = Optimizer.className;
const state: readonly string[] = Optimizer.program.state;
const meta: string[] = [PROGRAM.className, PROGRAM.file, PROGRAM.fingerprint, ...PROGRAM.state, ...PROGRAM.inputs];
const defaults: (number | undefined)[] = PROGRAM.hypers.map((p) => p.default);
const names: string[] = PROGRAM.hypers.map((p) => p.name);
const config: unknown = schedule.config;

// @ts-expect-error: 'lamda' is not one of the program's hyperparameters
new Optimizer({ hypers: { lamda: 0.1 } });
// @ts-expect-error: nor in a group
new Optimizer({ groups: [{ set: { β2: 0.1 } }] });
// @ts-expect-error: a hyperparameter is a number or a schedule
o.setHyper('lr', 'fast');
// @ts-expect-error: setHyper takes the program's names only
o.setHyper('momentum', 0.9);
// @ts-expect-error: keepUpdates is a boolean
new Optimizer({ keepUpdates: 1 });
// @ts-expect-error: a group's ranks are numbers
new Optimizer({ groups: [{ rank: ['1'], set: {} }] });
// @ts-expect-error: PROGRAM is read-only
PROGRAM.state = [];
// @ts-expect-error: decaySteps is required
warmupCosineDecay({ peak: 1 });
// @ts-expect-error: period is required
sgdr({ peak: 1 });
// @ts-expect-error: steps is required
linearDecay({ init: 1 });

export { base, className, config, defaults, g, h, kept, last, meta, name, names, s, state };
`;

describe('the declarations of the printed tfjs module', () => {
  it('type-check a strict project that uses every export, and refuse its misuses', () => {
    const { messages, exported } = project(SOURCE, 'typed', APP);
    expect(messages).toEqual([]);
    expect(readFileSync(join(dir, 'typed.d.mts'), 'utf8').split('\n')[0]).toBe(
      '// Generated by optic from "typed.opt": the types of the module beside this file.',
    );
    expect(exported).toEqual([
      'HyperGroup',
      'HyperName',
      'HyperValue',
      'Hypers',
      'Optimizer',
      'Options',
      'PROGRAM',
      'Schedule',
      'default',
      'linearDecay',
      'sgdr',
      'warmupCosineDecay',
    ]);
  });

  it('declare what the module exports at run time', async () => {
    const { exported } = project(SOURCE, 'exports', 'export {};\n');
    const module = await import(/* @vite-ignore */ pathToFileURL(join(dir, 'exports.mjs')).href);
    const types = ['HyperGroup', 'HyperName', 'HyperValue', 'Hypers', 'Options', 'Schedule'];
    expect(Object.keys(module).sort()).toEqual(exported.filter((n) => !types.includes(n)));
  });

  it('give a program without hyperparameters or inputs no names to set', () => {
    const app = `import Optimizer, { type HyperName } from './plain.mjs';
new Optimizer({ hypers: {} });
// @ts-expect-error: no name is a hyperparameter of this program
new Optimizer({ hypers: { lr: 0.1 } });
// @ts-expect-error: nor a HyperName
const name: HyperName = 'lr';
export { name };
`;
    const { messages } = project('def train(w, g):\n    return g * 0.5\n', 'plain', app);
    expect(messages).toEqual([]);
  });
});
