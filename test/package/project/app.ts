// Type-checked with `tsc --strict` against the shipped declarations: the API's types as a user sees them.
import type * as tf from '@tensorflow/tfjs';
import { check, type Diagnostic, formatDiagnostic, parseProgram, ProgramError, type Program, simplify } from 'optic';
import { NO_DECAY_FOR_VECTORS, type OpticOptimizer, tfjsOptimizer, warmupCosineDecay } from 'optic/tfjs';
import { useTfjsBackend, WgslOptimizer } from 'optic/webgpu';
import * as browser from 'optic/browser';
import Lion, { PROGRAM, sgdr } from './lion.js';

const diagnostics: Diagnostic[] = check('def train(w, g):\n    return undefined_name\n', 'bad.opt');
const lines: string[] = diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${formatDiagnostic(d)}`);
const program: Program = parseProgram('lr = 0.1\n\ndef train(w, g):\n    return lr * g\n', 'sgd.opt');
const simplified: Program = simplify(program).program;

const optimizer: OpticOptimizer = tfjsOptimizer(simplified, {
  hypers: { lr: warmupCosineDecay({ peak: 1e-3, warmupSteps: 10, decaySteps: 100 }) },
  groups: [NO_DECAY_FOR_VECTORS('lr')],
});
optimizer.setHyper('lr', 0.01);
// @ts-expect-error: a hyperparameter is a number or a schedule (fails if the declarations resolved to `any`)
optimizer.setHyper('lr', 'fast');
const base: tf.Optimizer = optimizer;

export async function onGpu(): Promise<number> {
  const { name } = await useTfjsBackend('webgpu');
  const wgsl: tf.Optimizer = new WgslOptimizer(program, { hypers: { lr: 1e-3 } });
  return name.length + wgsl.iterations;
}

// 'optic/browser': the same classes, from an entry point without Node modules.
const inPage: tf.Optimizer = new browser.WgslOptimizer(browser.parseProgram('def train(w, g):\n    return g\n'), {
  hypers: {},
});
// @ts-expect-error: readProgram reads a file: it is not in the browser's entry point
browser.readProgram('lion.opt');

// The module `optic compile --target tfjs -o lion.js` wrote, typed by the lion.d.ts beside it.
const lion: tf.Optimizer = new Lion({ hypers: { lr: sgdr({ peak: 1e-3, period: 100 }), λ: 0.1 } });
// @ts-expect-error: 'lamda' is not one of the program's hyperparameters
new Lion({ hypers: { lamda: 0.1 } });
const slots: readonly string[] = PROGRAM.state;

export function caught(e: unknown): Diagnostic[] {
  return e instanceof ProgramError ? e.diagnostics : [];
}

export { base, inPage, lines, lion, slots };
