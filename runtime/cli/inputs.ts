// The input file of `optic step`, checked against the program's signature:
//   {"w": [..], "g": [[..], [..]], "<state slot>": [..], "<scalar input>": 0.1 or [0.1, 0.09]}
// `w` is one tensor, shaped by its nesting: a flat array is 1-D, [[1, 2, 3], [4, 5, 6]] a 2 × 3 matrix (rows
// and columns: compiler/shapes.ts); `g` holds one gradient of w's shape per step (one nested level more for
// several steps: a flat array beside a flat w is one step); a state slot holds w's shape, or for a row or column
// slot one number per column or per row, given flat or nested; a missing one starts at zero. A scalar input is
// one number for every step or an array with one per step. Every error names the field; a field the program
// does not read is an error too (most likely a misspelled slot).

import { type Signature, slotType } from '../../compiler/ir.ts';
import { slotShape } from '../../compiler/shapes.ts';
import { CliError } from './io.ts';
import { depthOf, toNumber, toNumbers, toObject, toTensor } from './json.ts';

export interface StepData {
  w: Float64Array;
  /** w's shape, from the nesting of its array. */
  shape: number[];
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
  const { data: w, shape } = toTensor(fields.w, 'w');
  const g = readGradients(fields.g, shape);
  const state = signature.state.map((slot, k) => {
    const type = slotType(signature, k);
    const n = slotShape(type, shape).reduce((a, b) => a * b, 1);
    if (!Object.hasOwn(fields, slot)) return new Float64Array(n);
    const { data } = toTensor(fields[slot], slot);
    if (type === 'tensor') return sized(data, slot, w.length);
    if (data.length !== n) {
      const per = type === 'row' ? 'column' : 'row';
      throw new CliError(
        `field '${slot}' has ${count(data.length, 'element')} but the slot holds one per ${per} of 'w' (shape [${shape.join(', ')}]): ${n}`,
      );
    }
    return data;
  });
  const perInput = signature.inputs.map((name) => readScalarInput(fields, name, g.length, file));
  const inputs = g.map((_, step) => perInput.map((values) => values[step]));
  return { w, shape, g, state, inputs };
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

function readGradients(value: unknown, shape: readonly number[]): Float64Array[] {
  const n = shape.reduce((a, b) => a * b, 1);
  if (!Array.isArray(value)) return [toNumbers(value, 'g')];
  if (value.length === 0) throw new CliError(`field 'g' is empty: give one gradient per step`);
  const nested = shape.length <= 1 ? value.some(Array.isArray) : depthOf(value) > shape.length;
  const one = (v: unknown, field: string) => {
    if (shape.length <= 1) return sized(toNumbers(v, field), field, n);
    const t = toTensor(v, field);
    if (t.shape.join() !== shape.join())
      throw new CliError(`field '${field}' has shape [${t.shape.join(', ')}] but 'w' has [${shape.join(', ')}]`);
    return t.data;
  };
  if (!nested) return [one(value, 'g')];
  return value.map((step, i) => one(step, `g[${i}]`));
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
