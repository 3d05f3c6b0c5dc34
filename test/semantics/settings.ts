// Which programs the semantics tests run, and with what values. The learning rates for convergence are
// optax's (alias_test.py, _OPTIMIZERS_UNDER_TEST) where optax has the optimizer; the paper's listings leave
// λ and lr open, and get values here.

import { readdirSync } from 'node:fs';
import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import type { Values } from './steppers.ts';

/**
 * Every .opt file under programs/, relative to the repository, but programs/hero/: those are examples of
 * Hero's format with their constants (lr 1 for Adam, λ = 1 for Lion) in the body, not tunable, which
 * test/programs/hero.test.ts runs on every engine against numpy.
 */
export const PROGRAM_FILES: readonly string[] = readdirSync('programs', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.opt') && !f.startsWith('hero/'))
  .map((f) => `programs/${f}`)
  .sort();

/** The set run on every target (the brief's representative optimizers). */
export const REPRESENTATIVE = ['sgd', 'momentum', 'adam', 'adamw', 'lion', 'rmsprop', 'adagrad', 'lamb'].map(
  (n) => `programs/${n}.opt`,
);

export function load(file: string): Program {
  const { program, diagnostics } = compileFile(file);
  if (!program) throw new Error(`${file} does not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
  return program;
}

/** Values for what the paper's listings leave open (their defaults are the rest of the library's). */
const OPEN: Readonly<Record<string, Values>> = {
  'programs/paper/step1_adamw.opt': { hypers: { lr: 1e-3, λ: 0 } },
  'programs/paper/step2_evolved.opt': { hypers: { lr: 1e-3, λ: 0 } },
  'programs/paper/step3_lion.opt': { hypers: { lr: 1e-3, λ: 0 } },
  // lr is a per-step input the program scales itself (by 0.001 and 0.0002).
  'programs/paper/program3_adamw.opt': { inputs: { lr: 1 } },
  'programs/paper/program4_discovered.opt': { inputs: { lr: 1 } },
};

/** The values every test starts from: declared defaults, plus the open ones above. */
export function defaults(file: string): Values {
  return OPEN[file] ?? {};
}

/** `defaults` with every weight-decay hyperparameter (λ) set to 0. */
export function withoutDecay(file: string, program: Program): Values {
  const base = defaults(file);
  const hasDecay = program.signature.hypers.some((h) => h.name === 'λ');
  return hasDecay ? { ...base, hypers: { ...base.hypers, λ: 0 } } : base;
}

/** optax's learning rate (and weight decay) per optimizer, for the parabola and Rosenbrock. */
const CONVERGENCE: Readonly<Record<string, Values>> = {
  // optax's sgd row has momentum 0.9 at 1e-3; plain gradient descent gets the same rate.
  'programs/sgd.opt': { hypers: { lr: 1e-3 } },
  'programs/momentum.opt': { hypers: { lr: 1e-3, μ: 0.9 } },
  'programs/nesterov.opt': { hypers: { lr: 1e-3, μ: 0.9 } },
  'programs/adagrad.opt': { hypers: { lr: 1 } },
  'programs/adam.opt': { hypers: { lr: 0.1 } },
  'programs/adamw.opt': { hypers: { lr: 0.1, λ: 1e-4 } },
  'programs/amsgrad.opt': { hypers: { lr: 0.1 } },
  // Adam's rate; the slow weights then halve each 5-step excursion (α = 0.5), slower but convergent.
  'programs/lookahead_adam.opt': { hypers: { lr: 0.1 } },
  // Adam's and Lion's rates: the mask only drops coordinates that disagree with the gradient.
  'programs/cautious_adamw.opt': { hypers: { lr: 0.1, λ: 1e-4 } },
  'programs/cautious_lion.opt': { hypers: { lr: 1e-2, λ: 1e-4 } },
  // Adam-like steps (a normalised gradient, averaged): Adam's rate.
  'programs/adopt.opt': { hypers: { lr: 0.1 } },
  'programs/adan.opt': { hypers: { lr: 0.1, λ: 0 } },
  'programs/lars.opt': { hypers: { lr: 1, λ: 0 } },
  'programs/lamb.opt': { hypers: { lr: 1e-3, λ: 0 } },
  'programs/lion.opt': { hypers: { lr: 1e-2, λ: 1e-4 } },
  'programs/nadam.opt': { hypers: { lr: 1e-2 } },
  'programs/rmsprop.opt': { hypers: { lr: 5e-3 } },
  'programs/signsgd.opt': { hypers: { lr: 0.1 } },
  // Not in optax: Lion's rate (signum is Lion with one β).
  'programs/signum.opt': { hypers: { lr: 1e-2 } },
  'programs/adabelief.opt': { hypers: { lr: 1e-2 } },
  'programs/radam.opt': { hypers: { lr: 5e-3 } },
  // Relative step sizes (no learning rate), as optax's adafactor without one.
  'programs/adafactor.opt': {},
  'programs/adafactor_unfactored.opt': {},
  'programs/tfjs/adadelta.opt': { hypers: { lr: 0.1 } },
  'programs/tfjs/adagrad.opt': { hypers: { lr: 1 } },
  'programs/tfjs/adam.opt': { hypers: { lr: 0.1 } },
  'programs/tfjs/adamax.opt': { hypers: { lr: 0.1 } },
  'programs/tfjs/momentum.opt': { hypers: { lr: 1e-3 } },
  'programs/tfjs/rmsprop.opt': { hypers: { lr: 5e-3 } },
  'programs/tfjs/sgd.opt': { hypers: { lr: 1e-3 } },
  'programs/paper/step1_adamw.opt': { hypers: { lr: 0.1, λ: 1e-4 } },
  'programs/paper/step3_lion.opt': { hypers: { lr: 1e-2, λ: 1e-4 } },
  'programs/paper/program3_adamw.opt': { inputs: { lr: 100 } },
  'programs/paper/step2_evolved.opt': { hypers: { lr: 1e-2, λ: 1e-4 } },
  'programs/paper/program4_discovered.opt': { inputs: { lr: 50 } },
};

export function convergenceValues(file: string): Values {
  const values = CONVERGENCE[file];
  if (!values) throw new Error(`settings.ts: no convergence values for ${file}`);
  return values;
}
