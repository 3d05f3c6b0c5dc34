// `optic equiv A B`: fuzz-checks that two programs give the same update at every step from zero state
// (runtime/equiv.ts). Exit 0 with a one-line summary; exit 1 with a shrunk counterexample, or for what makes
// the programs impossible to compare (one does not compile, a --set name neither has, different signatures);
// exit 2 for a malformed command line (the codes of every command: README, "The command line").

import { InvalidArgumentError, type Command } from 'commander';
import type { Program } from '../../../compiler/ir.ts';
import { equivalent, equivSpec, type Counterexample, type EquivOptions } from '../../equiv.ts';
import { CliError, EXIT, Reported, shellQuote, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';
import { progressBar } from '../progress.ts';
import { checkSets, collect, integer, parseSets } from '../options.ts';

interface Options {
  steps: number;
  trials: number;
  seed?: number;
  finite?: boolean;
  states?: boolean;
  set?: string[];
}

export function register(cli: Command, io: Io): void {
  cli
    .command('equiv')
    .description('fuzz-check that two programs produce the same updates from zero state')
    .argument('<a>', 'the first program file (.opt), the reference')
    .argument('<b>', 'the second program file (.opt)')
    .option('--steps <n>', 'steps per trial', integer(1), 8)
    .option('--trials <k>', 'random trials', integer(1), 100)
    .option('--seed <s>', 'the random seed (a failure prints the one that replays it)', int32)
    .option('--finite', 'compare only elements where A computes no NaN or ±Inf along the way')
    .option('--states', 'compare the state slots too, in order')
    .option('--set <name=value>', 'a hyperparameter value for both programs (repeatable)', collect)
    .action((a: string, b: string, options: Options) => runEquiv(io, a, b, options));
}

function int32(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || Math.abs(n) > 0x7fffffff)
    throw new InvalidArgumentError('Expected a 32-bit integer.');
  return n;
}

function runEquiv(io: Io, fileA: string, fileB: string, options: Options): void {
  const sets = parseSets(options.set ?? []);
  const [a, b] = [loadProgram(io, fileA).program, loadProgram(io, fileB).program];
  checkSets(equivSpec(a, b), sets);
  const equivOptions: EquivOptions = {
    steps: options.steps,
    trials: options.trials,
    seed: options.seed,
    level: options.finite ? 'finite' : 'exact',
    states: options.states ?? false,
    hypers: sets,
  };
  const bar = progressBar('steps');
  let result: ReturnType<typeof equivalent>;
  try {
    result = equivalent(a, b, { ...equivOptions, progress: bar?.update });
  } finally {
    bar?.stop();
  }
  if (result.kind === 'equivalent') {
    io.out(
      `equivalent over ${result.trials} trials × ${result.steps} steps (level ${equivOptions.level}, seed ${result.seed})\n`,
    );
    return;
  }
  if (result.kind === 'incompatible') throw new CliError(`cannot compare ${fileA} and ${fileB}: ${result.reason}`);
  io.out(describeCounterexample(result.counterexample, { a: fileA, b: fileB, sig: { a, b } }));
  io.out(`rerun: ${rerun(fileA, fileB, options, result.seed)}\n`);
  throw new Reported(EXIT.user);
}

const num = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
const tensors = (ts: readonly ArrayLike<number>[]) =>
  `[${ts.map((t) => `[${Array.from(t, num).join(', ')}]`).join(', ')}]`;
const record = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} = ${num(v)}`)
    .join(', ') || '(none)';

export function describeCounterexample(
  c: Counterexample,
  files: { a: string; b: string; sig: { a: Program; b: Program } },
): string {
  const what =
    c.output === 'update'
      ? 'the update'
      : `state slot ${c.output + 1} (${files.sig.a.signature.state[c.output]} vs ${files.sig.b.signature.state[c.output]})`;
  const at = `step ${c.step}, tensor ${c.mismatch.tensor}, element ${c.mismatch.index}`;
  const pick = (o: Counterexample['a']) => (c.output === 'update' ? o.update : o.state[c.output]);
  const lines = [
    `not equivalent: ${what} differs at ${at}`,
    `  A (${files.a}): ${num(c.mismatch.expected)}`,
    `  B (${files.b}): ${num(c.mismatch.actual)}`,
    'inputs, from zero state (tensors of the model, in order):',
    `  hyperparameters of A: ${record(c.hypers.a)}`,
    `  hyperparameters of B: ${record(c.hypers.b)}`,
    ...(c.case.shapes ? [`  shapes (row-major): ${c.case.shapes.map((s) => `[${s.join(', ')}]`).join(', ')}`] : []),
    `  w at step 1: ${tensors(c.case.w)}`,
    ...c.case.g.slice(0, c.step).map((g, s) => {
      const inputs = Object.keys(c.case.inputs[s]).length > 0 ? `, ${record(c.case.inputs[s])}` : '';
      return `  step ${s + 1}: g = ${tensors(g)}${inputs}`;
    }),
    ...(c.step > 1 ? [`  w at step ${c.step}: ${tensors(c.w)}`] : []),
    `outputs at step ${c.step}:`,
    `  A: ${tensors(pick(c.a))}`,
    `  B: ${tensors(pick(c.b))}`,
  ];
  return `${lines.join('\n')}\n`;
}

function rerun(a: string, b: string, options: Options, seed: number): string {
  const flags = [`--seed ${seed}`, `--steps ${options.steps}`, `--trials ${options.trials}`];
  if (options.finite) flags.push('--finite');
  if (options.states) flags.push('--states');
  for (const s of options.set ?? []) flags.push(`--set ${shellQuote(s)}`);
  return `optic equiv ${shellQuote(a)} ${shellQuote(b)} ${flags.join(' ')}`;
}
