// JSON in and out of `optic step`. JSON has no NaN or ±Infinity, so both directions spell them as the
// strings "NaN", "Infinity" and "-Infinity"; -0 is written as -0 (valid JSON), so a result round-trips.
// Every error names the field it is about, as a path like g[2][0].

import { CliError } from './io.ts';

const SPECIAL: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`'${file}' is not valid JSON: ${(e as Error).message}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

/** A number, or one of the strings "NaN", "Infinity", "-Infinity". */
export function toNumber(value: unknown, field: string): number {
  // JSON has no NaN or ±Infinity: a non-finite number is a literal beyond a double's range (1e999), an error as
  // it is in a program (E0004), not a silent Infinity.
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new CliError(
      `field '${field}' is a number beyond a double's range (at most ${Number.MAX_VALUE} in magnitude); write "Infinity" or "-Infinity" if you mean it`,
    );
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && Object.hasOwn(SPECIAL, value)) return SPECIAL[value];
  throw new CliError(`field '${field}' must be a number (or "NaN", "Infinity", "-Infinity"), not ${describe(value)}`);
}

export function toNumbers(value: unknown, field: string): Float64Array {
  if (!Array.isArray(value)) throw new CliError(`field '${field}' must be an array of numbers, not ${describe(value)}`);
  return Float64Array.from(value, (x, i) => toNumber(x, `${field}[${i}]`));
}

export function toObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${field} must be a JSON object, not ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  return Object.is(x, -0) ? '-0' : String(x);
}

/** `{"name": [..], ...}`, one field per line, each array on its line (diffable, still plain JSON). */
export function formatRecord(fields: ReadonlyArray<readonly [string, ArrayLike<number>]>): string {
  const lines = fields.map(([name, xs]) => `  ${JSON.stringify(name)}: [${Array.from(xs, formatNumber).join(', ')}]`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
