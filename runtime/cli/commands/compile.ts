// `optic compile FILE --target NAME [--format json] [--tile 64x16] [-o OUT]`: prints (or writes) what a target
// makes of a program. Targets are a lookup table, one line each: tfjs prints an ES module exporting the program's
// tf.train.Optimizer subclass (runtime/tfjs/module.ts), the same code `--backend tfjs` runs; wgsl prints the
// module with its manifest in a closing comment, or with `--format json` the kernel file a page loads
// ('optic/kernel', runtime/webgpu/kernel.ts).

import { Option, type Command } from 'commander';
import type { Program } from '../../../compiler/ir.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { CPU_TILE, DEFAULT_TILE, type TileShape, tileName } from '../../../compiler/targets/wgsl-tiles.ts';
import { sameFile, writeAtomically } from '../../files.ts';
import { CliError, EXIT, type Io } from '../io.ts';
import { loadProgram } from '../load.ts';
import { tileShape } from '../options.ts';

export interface TargetOptions {
  math: MathMode;
  format?: 'json';
  /** wgsl only: the kernels' tile shape (default: the target's, for GPUs). */
  tile?: TileShape;
}

/** What a target makes of a program: the code, and for a JavaScript module the types written beside it. */
interface Output {
  code: string;
  declarations?: string;
}

/** Target name → what it makes of a program. Loaded on demand, so `optic check` does not load tfjs. */
export const TARGETS: Readonly<Record<string, (program: Program, options: TargetOptions) => Promise<Output>>> = {
  tfjs: async (program, options) =>
    (await import('../../tfjs/module.ts')).tfjsModuleFiles(program, { math: options.math }),
  wgsl: async (program, options) => {
    if (options.format === 'json') {
      const { compileKernel, kernelJson } = await import('../../webgpu/compile.ts');
      try {
        return { code: kernelJson(compileKernel(program, { math: options.math, tile: options.tile })) };
      } catch (e) {
        throw new CliError((e as Error).message);
      }
    }
    const { compileProgram } = await import('../../../compiler/pipeline.ts');
    const { printWgsl } = await import('../../../compiler/targets/wgsl.ts');
    return { code: printWgsl(compileProgram(program, 'wgsl', { math: options.math, tile: options.tile })) };
  },
};

/** `lion.js` → `lion.d.ts`, `lion.mjs` → `lion.d.mts`: where TypeScript looks for a module's types. */
const declarationsPath = (output: string): string | undefined =>
  /\.m?js$/.test(output) ? output.replace(/\.(m?)js$/, '.d.$1ts') : undefined;

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
    .addOption(
      new Option(
        '--format <format>',
        "wgsl only: json, the kernel as one JSON file (WGSL of each pass, manifest) that 'optic/kernel' runs",
      ).choices(['json']),
    )
    .option('-o, --output <file>', 'write the code to this file instead of printing it (tfjs: and its .d.ts beside it)')
    .addOption(
      new Option('--math <mode>', "IEEE arithmetic, or hero's protected division, log and sqrt")
        .choices(['ieee', 'protected'])
        .default('ieee'),
    )
    .option(
      '--tile <shape>',
      `wgsl only: the kernels' tile shape, threads x vec4s per thread (default ${tileName(DEFAULT_TILE)}, for GPUs; a page that runs on a CPU adapter such as lavapipe is faster with ${tileName(CPU_TILE)}, what optic's own runner chooses there)`,
      tileShape,
    )
    .action((file: string, options: CompileOptions) => runCompile(io, file, options));
}

async function runCompile(io: Io, file: string, options: CompileOptions): Promise<void> {
  if (options.output !== undefined && sameFile(options.output, file)) {
    throw new CliError(`the output '${options.output}' is the program '${file}': refusing to overwrite it`, EXIT.usage);
  }
  if (options.format !== undefined && options.target !== 'wgsl') {
    throw new CliError(`--format ${options.format} is for --target wgsl`, EXIT.usage);
  }
  if (options.tile !== undefined && options.target !== 'wgsl') {
    throw new CliError('--tile is for --target wgsl', EXIT.usage);
  }
  const { program } = loadProgram(io, file);
  const { code, declarations } = await TARGETS[options.target](program, options);
  if (options.output === undefined) return io.out(code);
  // Atomically: a reader (a bundler watching the file) never sees half a module, and a failure leaves the old one.
  writeAtomically(options.output, code);
  const types = declarationsPath(options.output);
  if (declarations !== undefined && types !== undefined) writeAtomically(types, declarations);
}
