// The package's main entry point (`import … from 'optic'`): the compiler as a library. Programs from text or a
// file, their diagnostics as data (code, severity, message, span, hint), the simplifier, the equivalence checker,
// and the pipeline to either target. The tfjs optimizers are 'optic/tfjs', the WebGPU one 'optic/webgpu'.
//
//   import { readProgram } from 'optic';
//   const lion = readProgram('lion.opt');          // throws ProgramError (with .diagnostics) on an error

import { compileFile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { programOf } from './program.ts';

export { parse, type ParseResult } from '../../grammar/parse.ts';
export { format } from '../../grammar/format.ts';
export {
  CODES,
  type Code,
  type Diagnostic,
  formatDiagnostic,
  hasErrors,
  type Severity,
  type Span,
} from '../../grammar/diagnostics.ts';
export { type Compiled, compile, compileFile } from '../../compiler/compile.ts';
export type { Program } from '../../compiler/ir.ts';
export { printProgram, type PrintOptions } from '../../compiler/print.ts';
export { type Level, simplify, type Simplified, type SimplifyOptions } from '../../compiler/passes/simplify.ts';
export {
  compileProgram,
  compileSource,
  optimize,
  type PipelineOptions,
  type Target,
  type TargetOptions,
  type TargetOutput,
} from '../../compiler/pipeline.ts';
export { type EquivOptions, type EquivResult, equivalent } from '../equiv.ts';
export { evaluate } from '../interp.ts';
export { check, parseProgram, ProgramError } from './program.ts';

/** The program in a file (UTF-8, `.opt`); throws ProgramError when it is missing or has errors. */
export function readProgram(path: string): Program {
  const compiled = compileFile(path);
  return programOf(compiled, compiled.source);
}
