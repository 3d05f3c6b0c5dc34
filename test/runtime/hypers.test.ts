import { describe, expect, it } from 'vitest';
import { IRBuilder, type Program } from '../../compiler/ir.ts';
import {
  checkHypers,
  groupMatches,
  hyperValues,
  HyperError,
  hyperSpec,
  hypersPerTensor as tableOf,
  NO_DECAY_FOR_VECTORS,
  parseSettings,
  type HyperGroup,
  type HyperValues,
  type ParamInfo,
} from '../../runtime/hypers.ts';

const hypersPerTensor = (program: Program, params: ParamInfo[], values?: HyperValues, groups?: HyperGroup[]) =>
  tableOf(hyperSpec(program), params, values, groups);

// update = (g + w * λ) * lr, with lr declared 0.1 and λ undeclared.
function decayProgram(): Program {
  const b = new IRBuilder();
  const w = b.leaf('w', 'tensor');
  const g = b.leaf('g', 'tensor');
  const lr = b.leaf('hyper', 'scalar', { index: 0 });
  const lam = b.leaf('hyper', 'scalar', { index: 1 });
  const update = b.apply('mul', [b.apply('add', [g, b.apply('mul', [w, lam])]), lr]);
  return {
    file: 'test',
    nodes: b.nodes,
    outputs: { update, state: [] },
    signature: {
      fn: 'train',
      w: 'w',
      g: 'g',
      state: [],
      inputs: [],
      hypers: [{ name: 'lr', default: 0.1 }, { name: 'λ' }],
    },
  };
}

const params = [
  { name: 'dense/kernel', shape: [4, 3] },
  { name: 'dense/bias', shape: [3] },
  { name: 'norm/gamma', shape: [3] },
];

describe('hypersPerTensor', () => {
  it('fills defaults, then values, then groups in order', () => {
    const table = hypersPerTensor(decayProgram(), params, { λ: 0.5 }, [
      NO_DECAY_FOR_VECTORS(),
      { match: 'norm/*', set: { lr: 0.01 } },
    ]);
    expect(table).toEqual([
      [0.1, 0.5],
      [0.1, 0],
      [0.01, 0],
    ]);
  });

  it('names the hyperparameters some variable has no value for', () => {
    expect(() => hypersPerTensor(decayProgram(), params)).toThrow(HyperError);
    expect(() => hypersPerTensor(decayProgram(), params)).toThrow(/'λ'/);
  });

  it('rejects a group that sets a hyperparameter the program does not have', () => {
    expect(() => hypersPerTensor(decayProgram(), params, { λ: 1 }, [{ match: '*', set: { weight_decay: 0 } }])).toThrow(
      /'weight_decay'/,
    );
  });
});

describe('groupMatches', () => {
  it('matches globs, regular expressions, predicates and ranks', () => {
    const bias = params[1];
    expect(groupMatches({ match: '*/bias', set: {} }, bias)).toBe(true);
    expect(groupMatches({ match: 'bias', set: {} }, bias)).toBe(false);
    expect(groupMatches({ match: /bias$/, set: {} }, bias)).toBe(true);
    expect(groupMatches({ match: (p) => p.shape[0] === 3, set: {} }, bias)).toBe(true);
    expect(groupMatches({ rank: [2], set: {} }, bias)).toBe(false);
    expect(groupMatches({ match: '*', rank: [1], set: {} }, bias)).toBe(true);
  });
});

describe('hostile hyperparameter names', () => {
  it('reads __proto__ and constructor as ordinary names, not Object.prototype members', () => {
    const b = new IRBuilder();
    b.leaf('w', 'tensor');
    const g = b.leaf('g', 'tensor');
    const p1 = b.leaf('hyper', 'scalar', { index: 0 });
    const p2 = b.leaf('hyper', 'scalar', { index: 1 });
    const program: Program = {
      file: 'test',
      nodes: b.nodes,
      outputs: { update: b.apply('mul', [b.apply('mul', [g, p1]), p2]), state: [] },
      signature: {
        fn: 'train',
        w: 'w',
        g: 'g',
        state: [],
        inputs: [],
        hypers: [{ name: '__proto__', default: 2 }, { name: 'constructor' }],
      },
    };
    const values = JSON.parse('{"constructor": 3}') as Record<string, number>;
    expect(
      hypersPerTensor(program, params.slice(0, 1), values, [{ match: '*', set: JSON.parse('{"__proto__": 5}') }]),
    ).toEqual([[5, 3]]);
    expect(() => hypersPerTensor(program, params.slice(0, 1))).toThrow(/'constructor'/);
  });
});

describe('non-finite values (issue 10 item 7)', () => {
  const spec = { file: 'p.opt', hypers: [{ name: 'lr' }], inputs: ['lr_t'] };

  it('a hyperparameter must be finite, given, in a group, or from a schedule at the step read', () => {
    expect(() => checkHypers(spec, { lr: NaN })).toThrow("the hyperparameter 'lr' is NaN: hyperparameters must be");
    expect(() => checkHypers(spec, {}, [{ set: { lr: -Infinity } }])).toThrow("'lr' is -Infinity in group 1:");
    const schedule = (step: number) => (step < 3 ? 0.1 : Infinity);
    expect(hyperValues(spec, { lr: schedule }, 2)).toEqual([0.1]);
    expect(() => hyperValues(spec, { lr: schedule }, 3)).toThrow("'lr' is Infinity (its schedule at step 3):");
  });

  it('a per-step input may be non-finite: it is data', () => {
    expect(() => checkHypers(spec, { lr: 1, lr_t: NaN })).not.toThrow();
  });
});

describe('parseSettings (--set)', () => {
  it('reads numbers strictly, and names like constructor as names', () => {
    const values = parseSettings(['lr=1e-3', 'constructor=-0.5', '__proto__=NaN', 'β=-Infinity']);
    expect(Object.entries(values)).toEqual([
      ['lr', 0.001],
      ['constructor', -0.5],
      ['__proto__', NaN],
      ['β', -Infinity],
    ]);
  });

  it.each([
    ['lr=toString', /'toString' is not a number/],
    ['lr=constructor', /'constructor' is not a number/],
    ['lr=0x10', /'0x10' is not a number/],
    ['lr=', /'' is not a number/],
    ['=1', /expected NAME=NUMBER/],
    ['lr', /expected NAME=NUMBER/],
    ['lr=1e999', /'1e999' is beyond a double's range/],
    ['lr=-1.8e308', /'-1\.8e308' is beyond a double's range/],
  ])('rejects %s, naming the bad value', (setting, message) => {
    expect(() => parseSettings([setting])).toThrow(message);
  });
});
