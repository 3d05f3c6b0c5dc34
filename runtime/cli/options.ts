// Option-value parsers the commands share (commander calls them with the option's text), and the checks of a
// command line as a whole: --set names against a program, options that the others would make ignored.

import { type Command, InvalidArgumentError } from 'commander';
import type { TileShape } from '../../compiler/targets/wgsl-tiles.ts';
import { checkHypers, HyperError, type HyperSpec, parseSettings } from '../hypers.ts';
import { CliError, EXIT } from './io.ts';

/** A WGSL tile shape, threads per workgroup × vec4s per thread: `64x4`. */
export function tileShape(value: string): TileShape {
  const m = /^(\d+)x(\d+)$/.exec(value);
  const [workgroup, perThread] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!(workgroup >= 2 && workgroup <= 256 && (workgroup & (workgroup - 1)) === 0 && perThread >= 1))
    throw new InvalidArgumentError(
      'expected threads x vec4s per thread, like 64x4 (threads: a power of 2 from 2 to 256).',
    );
  return { workgroup, perThread };
}

/** A parser of whole numbers of at least `min` (digits only: no sign, exponent or fraction). */
export function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer of at least ${min}.`);
    return n;
  };
}

/** A parser of comma-separated positive numbers (`0.3,1,3`). */
export function positives(value: string): number[] {
  const numbers = value.split(',').map((v) => Number(v.trim()));
  if (value.trim() === '' || numbers.some((n) => !Number.isFinite(n) || n <= 0))
    throw new InvalidArgumentError('expected positive numbers separated by commas, like 0.3,1,3.');
  return numbers;
}

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--set NAME=VALUE` values (runtime/hypers.ts's strict parsing); a malformed one is a usage error. */
export function parseSets(sets: readonly string[]): Record<string, number> {
  try {
    return parseSettings(sets);
  } catch (e) {
    if (e instanceof SyntaxError) throw new CliError(`--set: ${e.message}`, EXIT.usage);
    throw e;
  }
}

/**
 * Checks `--set` values against a program before anything runs (runtime/hypers.ts): a name it does not have or
 * a non-finite hyperparameter is exit 1, the command line being well formed but wrong for the program.
 */
export function checkSets(spec: HyperSpec, values: Readonly<Record<string, number>>, option = '--set'): void {
  try {
    checkHypers(spec, values);
  } catch (e) {
    throw e instanceof HyperError ? new CliError(`${option}: ${e.message}`) : e;
  }
}

/** Where an option means something: given elsewhere on the command line, it would be ignored, so it is refused. */
export interface Applies {
  /** The option's key (commander's attribute name, `tfjsBackend` for --tfjs-backend). */
  option: string;
  /** Whether it means something next to these option values. */
  applies: (options: Record<string, unknown>) => boolean;
  /** Where it applies, for the message: `with --backend interp`. */
  where: string;
}

/** A usage error (exit 2) for each option given on the command line where `rules` say it would be ignored. */
export function refuseIgnored(command: Command, rules: readonly Applies[]): void {
  const options = command.opts();
  for (const rule of rules) {
    if (command.getOptionValueSource(rule.option) !== 'cli' || rule.applies(options)) continue;
    const flag = command.options.find((o) => o.attributeName() === rule.option)?.long ?? rule.option;
    throw new CliError(`${flag} applies only ${rule.where}; here it would be ignored`, EXIT.usage);
  }
}
