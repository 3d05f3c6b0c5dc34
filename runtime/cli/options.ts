// Option-value parsers the commands share (commander calls them with the option's text).

import { InvalidArgumentError } from 'commander';
import { parseSettings } from '../hypers.ts';
import { CliError, EXIT } from './io.ts';

/** A parser of whole numbers of at least `min` (digits only: no sign, exponent or fraction). */
export function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer of at least ${min}.`);
    return n;
  };
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
