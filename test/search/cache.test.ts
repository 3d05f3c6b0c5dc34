// The fitness cache: a candidate equivalent to one evaluated is found, by structure or by function, and the
// counts the report prints (hit rate, share of redundant statements) follow the lookups.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import type { Program } from '../../compiler/ir.ts';
import { FitnessCache, summary } from '../../runtime/search/cache.ts';

const program = (body: string): Program => {
  const compiled = compile(`def train(w, g):\n${body.replace(/^/gm, '    ')}\n`, 'c.opt');
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  return compiled.program;
};

describe('FitnessCache', () => {
  it('finds a renamed program with dead code by its structure', () => {
    const cache = new FitnessCache<number>();
    const first = cache.lookup(program('update = g * w\nreturn update'));
    expect(first.value).toBeUndefined();
    cache.store(first.keys, 0.5);
    const again = cache.lookup(program('dead = sqrt(g)\nu = g * w\nreturn u'));
    expect(again.value).toBe(0.5);
    expect(cache.stats).toMatchObject({ lookups: 2, structuralHits: 1, functionalHits: 0 });
  });

  it('finds a * b as b * a by its functional fingerprint, and tells a - b from b - a', () => {
    const cache = new FitnessCache<number>();
    const ab = cache.lookup(program('update = g * w\nreturn update'));
    cache.store(ab.keys, 0.5);
    const ba = cache.lookup(program('update = w * g\nreturn update'));
    expect(ba.keys.structural).not.toBe(ab.keys.structural);
    expect(ba.value).toBe(0.5);
    expect(cache.stats.functionalHits).toBe(1);
    expect(cache.lookup(program('update = w - g\nreturn update')).value).toBeUndefined();
    const sub = cache.lookup(program('update = g - w\nreturn update'));
    expect(sub.value).toBeUndefined();
  });

  it("fingerprints under the fitness's math: sqrt(g) is sqrt(abs(g)) under protected math only", () => {
    const hits = (math: 'ieee' | 'protected') => {
      const cache = new FitnessCache<number>(100, {}, math);
      cache.store(cache.lookup(program('update = sqrt(g)\nreturn update')).keys, 1);
      return cache.lookup(program('update = sqrt(abs(g))\nreturn update')).value;
    };
    expect(hits('ieee')).toBeUndefined();
    expect(hits('protected')).toBe(1);
  });

  it('keeps the most recently used entries within its capacity', () => {
    const cache = new FitnessCache<number>(2);
    const store = (body: string, value: number) => cache.store(cache.lookup(program(body)).keys, value);
    store('update = g\nreturn update', 1);
    store('update = 2 * g\nreturn update', 2);
    expect(cache.lookup(program('update = g\nreturn update')).value).toBe(1); // now the most recent
    store('update = 3 * g\nreturn update', 3);
    expect(cache.size).toBe(2);
    expect(cache.lookup(program('update = g\nreturn update')).value).toBe(1);
    expect(cache.lookup(program('update = 2 * g\nreturn update')).value).toBeUndefined();
  });

  it('counts the hit rate and the share of redundant statements', () => {
    const cache = new FitnessCache<number>();
    cache.store(cache.lookup(program('update = g * w\nreturn update')).keys, 1); // 1 statement, live
    cache.lookup(program('x = sqrt(w)\ny = x + 1\nupdate = w * g\nreturn update')); // 3, 2 dead: a hit
    cache.lookup(program('update = abs(g)\nreturn update')); // 1, live: a miss
    cache.lookup(program('update = g * w\nreturn update')); // a hit
    expect(summary(cache.stats)).toEqual({ hitRate: 2 / 4, redundantFraction: 2 / 6 });
  });
});
