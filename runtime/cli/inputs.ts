// The input file of `optic step`, checked against the program's signature:
//   {"w": [..], "g": [[..], [..]], "<state slot>": [..], "<scalar input>": 0.1 or [0.1, 0.09]}
// `w` is one tensor whose shape is its JSON nesting (a number is a scalar tensor, a flat array 1-D, an array
// of equal arrays 2-D, …); `g` holds one gradient of w's shape, or a list of them, one per step; a missing
// state slot starts at zero, a given one has the slot's numbers (w's shape, or one per row or column of its
// R×C view, nested or flat); a scalar input is one number for every step or an array with one per step. Every
// error names the field; a field the program does not read is an error too (most likely a misspelled slot).

import { type Signature, slotType } from '../../compiler/ir.ts';
import { matrixView, valueLength } from '../../compiler/shape.ts';
import { CliError } from './io.ts';
import { toNumber, toNumbers, toObject } from './json.ts';

export interface StepData {
  w: Float64Array;
  /** w's shape, from its nesting. */
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
  const { data: w, shape } = readTensor(fields.w, 'w');
  const g = readGradients(fields.g, shape);
  const view = matrixView(shape);
  const state = signature.state.map((slot, k) => {
    const n = valueLength(slotType(signature, k), view);
    if (!Object.hasOwn(fields, slot)) return new Float64Array(n);
    const { data } = readTensor(fields[slot], slot);
    if (data.length !== n)
      throw new CliError(
        slotType(signature, k) === 'tensor'
          ? `field '${slot}' has ${count(data.length, 'element')} but 'w' has ${n}`
          : `field '${slot}' has ${count(data.length, 'element')} but the ${slotType(signature, k)} slot '${slot}' holds ${n} for 'w' of shape [${shape.join(', ')}] (one per ${slotType(signature, k).slice(0, -1)})`,
      );
    return data;
  });
  const perInput = signature.inputs.map((name) => readScalarInput(fields, name, g.length, file));
  const inputs = g.map((_, step) => perInput.map((values) => values[step]));
  return { w, shape, g, state, inputs };
}

/** A tensor whose shape is its JSON nesting: a number, or an array of equally shaped tensors (row-major). */
function readTensor(value: unknown, field: string): { data: Float64Array; shape: number[] } {
  if (!Array.isArray(value)) return { data: Float64Array.of(toNumber(value, field)), shape: [] };
  if (!value.some(Array.isArray)) return { data: toNumbers(value, field), shape: [value.length] };
  const parts = value.map((x, i) => readTensor(x, `${field}[${i}]`));
  parts.forEach((p, i) => {
    if (p.shape.join() !== parts[0].shape.join())
      throw new CliError(
        `field '${field}[${i}]' has shape [${p.shape.join(', ')}] but '${field}[0]' has [${parts[0].shape.join(', ')}]: a tensor's rows must all have one shape`,
      );
  });
  const data = new Float64Array(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  return { data, shape: [value.length, ...parts[0].shape] };
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

/** One gradient shaped like w, checked. */
function gradient(value: unknown, field: string, shape: readonly number[]): Float64Array {
  const t = readTensor(value, field);
  if (t.shape.join() === shape.join()) return t.data;
  if (t.shape.length === 1 && shape.length === 1)
    throw new CliError(`field '${field}' has ${count(t.data.length, 'element')} but 'w' has ${shape[0]}`);
  throw new CliError(`field '${field}' has shape [${t.shape.join(', ')}] but 'w' has shape [${shape.join(', ')}]`);
}

/** One gradient shaped like w (one step), or an array of them (one per step). */
function readGradients(value: unknown, shape: readonly number[]): Float64Array[] {
  if (Array.isArray(value) && value.length === 0) throw new CliError(`field 'g' is empty: give one gradient per step`);
  if (!Array.isArray(value) || depth(value) <= shape.length) return [gradient(value, 'g', shape)];
  return value.map((step, i) => gradient(step, `g[${i}]`, shape));
}

/** How deep a JSON value's arrays nest, along its first elements (a number: 0). */
function depth(value: unknown): number {
  let d = 0;
  for (let x = value; Array.isArray(x); x = x.find(Array.isArray) ?? x[0]) d++;
  return d;
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
