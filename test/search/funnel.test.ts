// The funnel (runtime/search/funnel.ts): the proxy winners that beat the reference move to the larger task once
// per key; with the cache's functional fingerprint as the key, two spellings of one program (`v / 1` and `v`,
// different structural hashes) are moved once, not twice.

import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { structuralHash } from '../../compiler/hash.ts';
import type { Program } from '../../compiler/ir.ts';
import { fingerprint } from '../../runtime/equiv.ts';
import type { Individual, Outcome, SearchResult } from '../../runtime/search/evolve.ts';
import { funnel } from '../../runtime/search/funnel.ts';

const program = (body: string) =>
  compile(`def train(w, g, v):\n    v = interpolate(square(g), v, 0.999)\n${body}    return update, v\n`, 'p.opt')
    .program!;
const PLAIN = program('    update = g / (sqrt(v) + 1e-8) * 0.001\n');
const SPELLED = program('    v_hat = v / 1\n    update = g / (sqrt(v_hat) + 1e-8) * 0.001\n');
const OTHER = program('    update = sign(g) * 0.001\n');
const BASELINE = program('    update = g * 0.001\n');

const member = (p: Program, fitness: number, born: number): Individual => ({ program: p, fitness, born });
const result = {
  best: member(PLAIN, 0.9, 3),
  population: [member(PLAIN, 0.9, 3), member(SPELLED, 0.9, 5), member(OTHER, 0.8, 4), member(BASELINE, 0.1, 0)],
} as unknown as SearchResult;

/** Runs the funnel with fixed fitness on both tasks; the programs the larger task was given. */
async function moved(key?: (p: Program) => string): Promise<Program[]> {
  const given: Program[] = [];
  const fitness = (ps: readonly Program[]): Outcome[] =>
    ps.map((p) => ({ ok: true, fitness: p === BASELINE ? 0.5 : 0.7 }));
  await funnel(result, {
    baselines: { adamw: BASELINE },
    reference: 'adamw',
    proxy: async (ps) => fitness(ps),
    larger: async (ps) => {
      given.push(...ps);
      return fitness(ps);
    },
    top: 5,
    ...(key && { key }),
  });
  return given;
}

describe('funnel', () => {
  it('moves two structures of one function once with the fingerprint as the key, twice by structure', async () => {
    expect(structuralHash(PLAIN)).not.toBe(structuralHash(SPELLED));
    expect(fingerprint(PLAIN)).toBe(fingerprint(SPELLED));
    expect(await moved()).toEqual([BASELINE, SPELLED, PLAIN, OTHER]);
    expect(await moved((p) => fingerprint(p))).toEqual([BASELINE, SPELLED, OTHER]);
  });
});
