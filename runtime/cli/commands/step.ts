// `optic step FILE --inputs IN.json`: runs the program for one step per gradient in IN.json on a backend
// (the reference interpreter by default), applying w ← w − update with the counter starting at --step,
// and prints the last update, the final weights and the final state as JSON.

import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Program } from '../../../compiler/ir.ts';
import { error } from '../../../grammar/diagnostics.ts';
import { BACKENDS } from '../backends.ts';
import { printDiagnostics } from '../diagnostics.ts';
import { readRegularFile } from '../../../compiler/source-file.ts';
import { readStepData } from '../inputs.ts';
import { CliError, EXIT, Reported, type Io } from '../io.ts';
import { formatRecord, parseJson } from '../json.ts';
import { loadProgram } from '../load.ts';
import type { Precision } from '../../interp.ts';
import { TFJS_BACKENDS } from '../../tfjs/backend-names.ts';

interface StepOptions {
  inputs: string;
  /** Absent when no --set is given (a default of [] would show in --help as `(default: [])`). */
  set?: string[];
  step: number;
  backend: string;
  precision: Precision;
  tfjsBackend?: string;
}

export function register(cli: Command, io: Io): void {
  cli
    .command('step')
    .description('run a program for one step per gradient and print the update, weights and state as JSON')
    .argument('<file>', 'program file (.opt)')
    .requiredOption('--inputs <file>', 'JSON: {"w": [..], "g": [[..], ..], "<state>": [..], "<input>": x or [..]}')
    .option('--set <name=value>', 'a hyperparameter value (repeatable); overrides the declared default', collect)
    .option('--step <t>', 'the step counter of the first step', positiveInteger, 1)
    .addOption(
      new Option(
        '--backend <name>',
        'what runs the program: the reference interpreter, the WGSL kernel (WebGPU) or tfjs',
      )
        .choices(Object.keys(BACKENDS))
        .default('interp'),
    )
    .addOption(
      new Option('--precision <p>', 'with --backend interp: its arithmetic; the compiled backends compute in float32')
        .choices(['float64', 'float32'])
        .default('float64'),
    )
    .addOption(
      new Option(
        '--tfjs-backend <name>',
        'with --backend tfjs: which tfjs backend; the best available when not given',
      ).choices(TFJS_BACKENDS),
    )
    .action((file: string, options: StepOptions) => runStep(io, file, options));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveInteger(value: string): number {
  const t = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(t) || t < 1)
    throw new InvalidArgumentError('Expected an integer of at least 1.');
  return t;
}

async function runStep(io: Io, file: string, options: StepOptions): Promise<void> {
  const sets = parseSets(options.set ?? []);
  const { source, program } = loadProgram(io, file);
  const hypers = hyperValues(io, program, sets, source);
  const data = readStepData(
    parseJson(new TextDecoder().decode(readRegularFile(options.inputs, 'input file')), options.inputs),
    program.signature,
    options.inputs,
  );
  const stepper = await BACKENDS[options.backend](program, {
    w: data.w,
    state: data.state,
    hypers,
    step: options.step,
    precision: options.precision,
    tfjsBackend: options.tfjsBackend,
    note: (message) => io.err(`${message}\n`),
  });
  try {
    let update: Float64Array = new Float64Array(data.w.length);
    for (let i = 0; i < data.g.length; i++) update = await stepper.step(data.g[i], data.inputs[i]);
    const state = stepper.state();
    io.out(
      formatRecord([
        ['update', update],
        ['w', stepper.weights()],
        ...program.signature.state.map((slot, k) => [slot, state[k]] as const),
      ]),
    );
  } finally {
    stepper.dispose();
  }
}

/** `--set NAME=VALUE` → name → number. A malformed flag is a usage error (exit 2). */
export function parseSets(sets: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const set of sets) {
    const eq = set.indexOf('=');
    const name = set.slice(0, eq).trim();
    const text = set.slice(eq + 1).trim();
    const value = NUMBER.test(text) ? Number(text) : SPECIAL[text];
    if (eq <= 0 || name === '' || value === undefined) {
      throw new CliError(`--set expects NAME=NUMBER (like --set lr=0.001), not '${set}'`, EXIT.usage);
    }
    values.set(name, value);
  }
  return values;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  '+Infinity': Infinity,
  '-Infinity': -Infinity,
};

/**
 * Every hyperparameter's value: --set, else the declared default. A --set for a name the program does not
 * have is an error (a typo would otherwise do nothing); so is a hyperparameter left without a value, reported
 * as E0400 at its first use in the program.
 */
function hyperValues(
  io: Io,
  program: Program,
  sets: ReadonlyMap<string, number>,
  source: string,
): Record<string, number> {
  const { hypers } = program.signature;
  for (const name of sets.keys()) {
    if (!hypers.some((h) => h.name === name)) {
      const have =
        hypers.length > 0 ? `its hyperparameters are ${hypers.map((h) => h.name).join(', ')}` : 'it has none';
      throw new CliError(`--set ${name}: ${program.file} has no hyperparameter '${name}' (${have})`);
    }
  }
  const values: Record<string, number> = {};
  const missing = [];
  for (const [index, h] of hypers.entries()) {
    const value = sets.get(h.name) ?? h.default;
    if (value !== undefined) values[h.name] = value;
    else missing.push(missingHyper(program, index, h.name));
  }
  if (missing.length > 0) {
    printDiagnostics(io, missing, source);
    throw new Reported();
  }
  return values;
}

function missingHyper(program: Program, index: number, name: string) {
  const use = program.nodes.find((n) => n.op === 'hyper' && n.index === index);
  const span = use?.span ?? { file: program.file, line: 1, col: 1, start: 0, end: 0 };
  const hint = `declare a default before the def ('${name} = …') or pass --set ${name}=VALUE`;
  return error('E0400', `the hyperparameter '${name}' has no value`, span, hint);
}
