// runtime/tfjs/config.ts on its own: what getConfig() writes and fromConfig() reads for optic's tfjs
// optimizers. Values (numbers, non-finite ones, schedules) and groups (globs, RegExps, ranks) come back as
// they were; the text has no `_` for tfjs-layers' convertPythonicToTs to rewrite; what cannot be saved, or
// was saved by another program, is refused with a message that says why.

import { describe, expect, it } from 'vitest';
import { linearDecay } from '../../runtime/schedules.ts';
import { decodeConfig, encodeConfig } from '../../runtime/tfjs/config.ts';

const SPEC = { className: 'Optic_my_adam', file: 'programs/my_adam.opt', fingerprint: 'f00d_1' };

describe('encodeConfig / decodeConfig', () => {
  it('round-trips finite and non-finite numbers, schedules, globs, RegExps with flags, and ranks', () => {
    const schedule = linearDecay({ init: 0.1, end: 0.01, steps: 10 });
    const config = encodeConfig(SPEC, { lr: schedule, β_1: 0.9, big: Infinity, small: -Infinity, odd: Number.NaN }, [
      { match: 'dense_1/*_bias', set: { λ_w: 0 } },
      { match: /Norm_\d/gi, rank: [1, 2], set: { λ_w: -Infinity } },
      { rank: [0], set: { lr: schedule } },
    ]);
    expect(config.optic).not.toContain('_');
    const { hypers, groups } = decodeConfig(SPEC, JSON.parse(JSON.stringify(config)));
    expect(Object.keys(hypers)).toEqual(['lr', 'β_1', 'big', 'small', 'odd']);
    expect(hypers.β_1).toBe(0.9);
    expect(hypers.big).toBe(Infinity);
    expect(hypers.small).toBe(-Infinity);
    expect(hypers.odd).toBeNaN();
    for (const s of [1, 5, 10, 20]) expect((hypers.lr as (s: number) => number)(s)).toBe(schedule(s));
    expect(groups[0]).toEqual({ match: 'dense_1/*_bias', set: { λ_w: 0 } });
    expect(groups[1].match).toEqual(/Norm_\d/gi);
    expect((groups[1].match as RegExp).flags).toBe('gi');
    expect(groups[1].rank).toEqual([1, 2]);
    expect(groups[1].set).toEqual({ λ_w: -Infinity });
    expect(groups[2]).not.toHaveProperty('match');
    expect(groups[2].rank).toEqual([0]);
    expect((groups[2].set.lr as (s: number) => number)(3)).toBe(schedule(3));
  });

  it('keeps strings that merely look like non-finite numbers out of the conversion, and an empty glob', () => {
    const { groups } = decodeConfig(SPEC, encodeConfig(SPEC, {}, [{ match: '', set: {} }]));
    expect(groups).toEqual([{ match: '', set: {} }]);
    expect(
      decodeConfig(SPEC, { optic: JSON.stringify({ program: SPEC.fingerprint, values: { a: 'nan' }, groups: [] }) })
        .hypers.a,
    ).toBe('nan');
  });

  it('refuses a function that is not a schedule, and a group matching by a function, naming them', () => {
    expect(() => encodeConfig(SPEC, { lr: (s: number) => 1 / s }, [])).toThrow(
      "getConfig: the value of 'lr' is a function that is not one of optic's schedules, and cannot be saved",
    );
    expect(() => encodeConfig(SPEC, {}, [{ set: {} }, { match: () => true, set: { lr: 1 } }])).toThrow(
      'getConfig: group 1 matches with a function, which cannot be saved (use a glob, a RegExp or ranks)',
    );
    expect(() => encodeConfig(SPEC, {}, [{ set: { μ: (s: number) => s } }])).toThrow(/the value of 'μ'/);
  });

  it("refuses a config that is not optic's, or that another version of the program saved", () => {
    expect(() => decodeConfig(SPEC, {})).toThrow('fromConfig: not a config of an optic optimizer (Optic_my_adam)');
    expect(() => decodeConfig(SPEC, { optic: 3 })).toThrow(/not a config of an optic optimizer/);
    const other = encodeConfig({ ...SPEC, fingerprint: 'beef' }, {}, []);
    expect(() => decodeConfig(SPEC, other)).toThrow(
      'fromConfig: this config was saved by a different version of the program "programs/my_adam.opt" (fingerprint beef, this one is f00d_1)',
    );
  });
});
