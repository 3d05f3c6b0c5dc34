// `optic step FILE --inputs IN.json`: runs the program for one step per gradient in IN.json on a backend
// (the reference interpreter by default), applying w ← w − update with the counter starting at --step,
// and prints the last update, the final weights and the final state as JSON.

import { Option, type Command } from 'commander';
import type { Program } from '../../../compiler/ir.ts';
import { error } from '../../../grammar/diagnostics.ts';
import { EngineError, type EngineName } from '../../engine.ts';
import { ENGINES } from '../../engines.ts';
import { HyperError, hyperSpec, hyperValues } from '../../hypers.ts';
import { type Applies, checkSets, collect, integer, parseSets, refuseIgnored } from '../options.ts';
import type { Precision } from '../../interp.ts';
import { TFJS_BACKENDS } from '../../tfjs/backend-names.ts';
import { printDiagnostics } from '../diagnostics.ts';
import { readRegularFile } from '../../../compiler/source-file.ts';
import { readStepData } from '../inputs.ts';
import { CliError, Reported, type Io } from '../io.ts';
import { formatRecord, parseJson } from '../json.ts';
import { loadProgram } from '../load.ts';

interface StepOptions {
  inputs: string;
  /** Absent when no --set is given (a default of [] would show in --help as `(default: [])`). */
  set?: string[];
  step: number;
  backend: string;
  precision: Precision;
  tfjsBackend?: string;
}

/** Options that mean something with one backend only. */
const IGNORED: readonly Applies[] = [
  {
    option: 'precision',
    applies: (o) => o.backend === 'interp',
    where: 'with --backend interp (the compiled backends compute in float32)',
  },
  { option: 'tfjsBackend', applies: (o) => o.backend === 'tfjs', where: 'with --backend tfjs' },
];

export function register(cli: Command, io: Io): void {
  cli
    .command('step')
    .description('run a program for one step per gradient and print the update, weights and state as JSON')
    .argument('<file>', 'program file (.opt)')
    .requiredOption('--inputs <file>', 'JSON: {"w": [..], "g": [[..], ..], "<state>": [..], "<input>": x or [..]}')
    .option('--set <name=value>', 'a hyperparameter value (repeatable); overrides the declared default', collect)
    .option('--step <t>', 'the step counter of the first step', integer(1), 1)
    .addOption(
      new Option(
        '--backend <name>',
        'what runs the program: the reference interpreter, the WGSL kernel (WebGPU) or tfjs',
      )
        .choices(Object.keys(ENGINES))
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
    .action((file: string, options: StepOptions, command: Command) => {
      refuseIgnored(command, IGNORED);
      return runStep(io, file, options);
    });
}

async function runStep(io: Io, file: string, options: StepOptions): Promise<void> {
  const sets = parseSets(options.set ?? []);
  const { source, program } = loadProgram(io, file);
  checkValues(io, program, sets, source);
  const data = readStepData(
    parseJson(new TextDecoder().decode(readRegularFile(options.inputs, 'input file')), options.inputs),
    program.signature,
    options.inputs,
  );
  const engine = await ENGINES[options.backend as EngineName](program, {
    params: [{ name: program.signature.w, shape: data.shape }],
    w: [data.w],
    state: data.state.map((s) => [s]),
    hypers: sets,
    step: options.step,
    keepUpdate: true,
    precision: options.precision,
    tfjsBackend: options.backend === 'tfjs' ? (options.tfjsBackend ?? 'best') : undefined,
    note: (message) => io.err(`${message}\n`),
  }).catch(userError);
  try {
    let snapshot = await engine.read();
    for (let i = 0; i < data.g.length; i++) {
      await engine.step([data.g[i]], data.inputs[i]);
      const next = await engine.read();
      if (next.step === snapshot.step)
        throw new CliError(
          `step ${next.step}: the gradient or a per-step input has a NaN or ±Inf; the WGSL kernel skips such a step (optax's apply_if_finite), so there is no result to print`,
        );
      snapshot = next;
    }
    const update = snapshot.update?.[0] ?? new Float64Array(data.w.length);
    io.out(
      formatRecord([
        ['update', update],
        ['w', snapshot.w[0]],
        ...program.signature.state.map((slot, k) => [slot, snapshot.state[k][0]] as const),
      ]),
    );
  } finally {
    engine.dispose();
  }
}

/** An engine that cannot start for a reason of the user's (no adapter, an unknown tfjs backend): exit 1. */
function userError(e: unknown): never {
  throw e instanceof EngineError ? new CliError(e.message) : e;
}

/**
 * Checks the --set values against the program (runtime/hypers.ts): a name it does not have is an error (a typo
 * would otherwise do nothing); a hyperparameter left without a value is reported as E0400 at its first use.
 */
function checkValues(io: Io, program: Program, sets: Readonly<Record<string, number>>, source: string): void {
  checkSets(hyperSpec(program), sets);
  try {
    hyperValues(hyperSpec(program), sets);
  } catch (e) {
    if (!(e instanceof HyperError) || e.kind !== 'missing') throw e;
    printDiagnostics(
      io,
      e.names.map((name) => missingHyper(program, name)),
      source,
    );
    throw new Reported();
  }
}

/** E0400 at the hyperparameter's first use, worded by runtime/hypers.ts, with the command line's hint. */
function missingHyper(program: Program, name: string) {
  const index = program.signature.hypers.findIndex((h) => h.name === name);
  const use = program.nodes.find((n) => n.op === 'hyper' && n.index === index);
  const span = use?.span ?? { file: program.file, line: 1, col: 1, start: 0, end: 0 };
  const hint = `declare a default before the def ('${name} = …') or pass --set ${name}=VALUE`;
  return error('E0400', HyperError.missing([name]).message, span, hint);
}
