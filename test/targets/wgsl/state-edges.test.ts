// runtime/webgpu/state.ts's checks at the edges state.test.ts leaves: a program without state slots, a
// list without `iter`, an entry named like a slot alone, shapes of the same size but another rank or
// another extent. Host code only (no adapter needed).

import { describe, expect, it } from 'vitest';
import { checkState, fromNamed, type NamedValue } from '../../../runtime/webgpu/state.ts';

const SLOTS = ['m', 'v'];
const PARAMS = [
  { name: 'p0', shape: [3, 5] },
  { name: 'p1', shape: [2] },
];
const entry = (name: string, shape: number[], fill = 1): NamedValue => ({
  name,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
  shape,
});

describe('checkState', () => {
  it('names "none" as the slots of a program without state', () => {
    expect(() => checkState([], PARAMS, { step: 1, state: [[new Float32Array(15), new Float32Array(2)]] })).toThrow(
      'setState: the state has 1 slot(s); the program has 0 (none)',
    );
    expect(() => checkState([], PARAMS, { step: 1, state: [] })).not.toThrow();
  });
});

describe('fromNamed', () => {
  it('takes the step from `iter` only: a list without it has no step', () => {
    const got = fromNamed(SLOTS, PARAMS, [entry('p1/m', [2], 41)]);
    expect(got.step).toBeUndefined();
    expect(Array.from(got.state[0][1])).toEqual([41, 41]);
  });

  it('refuses an entry named like a slot alone, and names "it has none" for a program without slots', () => {
    expect(() => fromNamed(SLOTS, PARAMS, [entry('m', [2])])).toThrow(`"m" is not '<variable>/<slot>'`);
    expect(() => fromNamed([], PARAMS, [entry('p1/m', [2])])).toThrow(
      `setWeights: "p1/m" is not '<variable>/<slot>' with a slot of this program (it has none)`,
    );
  });

  it('refuses state of the same size in another rank, or with one extent in common only', () => {
    expect(() => fromNamed(SLOTS, PARAMS, [entry('p0/m', [3, 5, 1])])).toThrow(
      "setWeights: the state of variable 'p0' has shape [3,5,1]; the variable 'p0' has [3,5]",
    );
    expect(() => fromNamed(SLOTS, PARAMS, [entry('p0/m', [3, 7])])).toThrow(/has shape \[3,7\]/);
    expect(() => fromNamed(SLOTS, [{ name: 'q', shape: [2, 1] }], [entry('q/m', [2])])).toThrow(
      "setWeights: the state of variable 'q' has shape [2]; the variable 'q' has [2,1]",
    );
  });
});
