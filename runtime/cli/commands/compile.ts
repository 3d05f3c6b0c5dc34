// `optic compile FILE --target NAME [-o OUT]`: prints (or writes) what a target makes of a program. Targets
// are a lookup table, one line each: tfjs prints an ES module exporting the program's tf.train.Optimizer
// subclass (runtime/tfjs/module.ts), the same code `--backend tfjs` runs.

import { Option, type Command } from 'commander';
import type { Program } from '../../../compiler/ir.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { sameFile, writeAtomically } from '../../files.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';

export interface TargetOptions {
  math: MathMode;
}

/** Target name → the text it makes of a program. Loaded on demand, so `optic check` does not load tfjs. */
export const TARGETS: Readonly<Record<string, (program: Program, options: TargetOptions) => Promise<string>>> = {
  tfjs: async (program, options) => (await import('../../tfjs/module.ts')).tfjsModule(program, { math: options.math }),
  wgsl: async (program, options) => {
    const { compileProgram } = await import('../../../compiler/pipeline.ts');
    const { printWgsl } = await import('../../../compiler/targets/wgsl.ts');
    return printWgsl(compileProgram(program, 'wgsl', { math: options.math }));
  },
};

interface CompileOptions extends TargetOptions {
  target: string;
  output?: string;
}

export function register(cli: Command, io: Io): void {
  cli
    .command('compile')
    .description('compile a program for a target and print the code (or write it with -o)')
    .argument('<file>', 'program file (.opt)')
    .addOption(
      new Option(
        '--target <name>',
        'tfjs: an ES module exporting a tf.train.Optimizer; wgsl: the WebGPU kernels of one fused step',
      )
        .choices(Object.keys(TARGETS))
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write the code to this file instead of printing it')
    .addOption(
      new Option('--math <mode>', "IEEE arithmetic, or hero's protected division, log and sqrt")
        .choices(['ieee', 'protected'])
        .default('ieee'),
    )
    .action((file: string, options: CompileOptions) => runCompile(io, file, options));
}

async function runCompile(io: Io, file: string, options: CompileOptions): Promise<void> {
  if (options.output !== undefined && sameFile(options.output, file)) {
    throw new CliError(`the output '${options.output}' is the program '${file}': refusing to overwrite it`, EXIT.usage);
  }
  const { program } = loadProgram(io, file);
  const code = await TARGETS[options.target](program, options);
  if (options.output === undefined) io.out(code);
  // Atomically: a reader (a bundler watching the file) never sees half a module, and a failure leaves the old one.
  else writeAtomically(options.output, code);
}
