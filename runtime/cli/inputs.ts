// The input file of `optic step`, checked against the program's signature:
//   {"w": [..], "g": [[..], [..]], "<state slot>": [..], "<scalar input>": 0.1 or [0.1, 0.09]}
// `w` is one flat tensor; `g` holds one gradient per step (a flat array is one step); a missing state slot
// starts at zero; a scalar input is one number for every step or an array with one per step. Every error
// names the field; a field the program does not read is an error too (most likely a misspelled slot).

import type { Signature } from '../../compiler/ir.ts';
import { CliError } from './io.ts';
import { toNumber, toNumbers, toObject } from './json.ts';

export interface StepData {
  w: Float64Array;
  /** One gradient per step. */
  g: Float64Array[];
  /** One tensor per state slot, in signature order. */
  state: Float64Array[];
  /** inputs[step][k]: the k-th scalar input of the signature at that step. */
  inputs: number[][];
}

export function readStepData(json: unknown, signature: Signature, file: string): StepData {
  const fields = toObject(json, `the top level of '${file}'`);
  checkFieldNames(fields, signature);
  if (!Object.hasOwn(fields, 'w'))
    throw new CliError(`'${file}' has no field 'w' (the weights, one flat array of numbers)`);
  if (!Object.hasOwn(fields, 'g')) throw new CliError(`'${file}' has no field 'g' (one gradient per step)`);
  const w = toNumbers(fields.w, 'w');
  const g = readGradients(fields.g, w.length);
  const state = signature.state.map((slot) =>
    Object.hasOwn(fields, slot) ? sized(toNumbers(fields[slot], slot), slot, w.length) : new Float64Array(w.length),
  );
  const perInput = signature.inputs.map((name) => readScalarInput(fields, name, g.length, file));
  const inputs = g.map((_, step) => perInput.map((values) => values[step]));
  return { w, g, state, inputs };
}

function checkFieldNames(fields: Record<string, unknown>, signature: Signature): void {
  const known = ['w', 'g', ...signature.state, ...signature.inputs];
  const unknown = Object.keys(fields).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const group = (names: readonly string[], what: string) =>
    names.length > 0 ? `${plural(names.length, what)} ${names.join(', ')}` : `no ${what}s`;
  const roles = `${group(signature.state, 'state slot')}; ${group(signature.inputs, 'scalar input')}`;
  throw new CliError(`unknown field '${unknown[0]}': the program reads only ${known.join(', ')} (${roles})`);
}

const plural = (n: number, noun: string) => (n === 1 ? noun : `${noun}s`);
/** `1 element`, `2 elements`. */
const count = (n: number, noun: string) => `${n} ${plural(n, noun)}`;

function sized(t: Float64Array, field: string, n: number): Float64Array {
  if (t.length !== n) throw new CliError(`field '${field}' has ${count(t.length, 'element')} but 'w' has ${n}`);
  return t;
}

function readGradients(value: unknown, n: number): Float64Array[] {
  if (!Array.isArray(value)) return [toNumbers(value, 'g')];
  if (value.length === 0) throw new CliError(`field 'g' is empty: give one gradient per step`);
  const nested = value.some(Array.isArray);
  if (!nested) return [sized(toNumbers(value, 'g'), 'g', n)];
  return value.map((step, i) => sized(toNumbers(step, `g[${i}]`), `g[${i}]`, n));
}

function readScalarInput(fields: Record<string, unknown>, name: string, steps: number, file: string): number[] {
  if (!Object.hasOwn(fields, name)) {
    throw new CliError(
      `'${file}' has no field '${name}': the program takes the scalar input ${name} at every step (a number, or an array with one per step)`,
    );
  }
  const value = fields[name];
  if (!Array.isArray(value)) return new Array<number>(steps).fill(toNumber(value, name));
  if (value.length !== steps)
    throw new CliError(`field '${name}' has ${count(value.length, 'value')} but 'g' has ${count(steps, 'step')}`);
  return Array.from(toNumbers(value, name));
}
