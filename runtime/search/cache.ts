// De-duplication before anything is trained (seeds/000 §4, abstract execution): a candidate equivalent to one
// already evaluated gets that one's fitness. Two keys, cheapest first: the structural hash (compiler/hash.ts:
// dead statements, names and statement order ignored), then the functional fingerprint (runtime/equiv.ts:
// updates on fixed probe inputs, AutoML-Zero's FEC), so `a * b` and `b * a` meet at the second. Fitness is
// kept in an LRU cache by fingerprint. The counts behind the paper's numbers (cache hit rate 89.1%, 69.8% of
// statements redundant) are kept as the candidates go by.

import { redundancy, structuralHash } from '../../compiler/hash.ts';
import type { Program } from '../../compiler/ir.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { fingerprint } from '../equiv.ts';

export interface CacheKeys {
  structural: string;
  functional: string;
}

export interface CacheStats {
  lookups: number;
  /** Found by structural hash alone (no interpreter run). */
  structuralHits: number;
  /** Found by functional fingerprint, structurally new. */
  functionalHits: number;
  /** Statements of the candidates looked up, and how many of them no output depends on. */
  statements: number;
  deadStatements: number;
}

/** A Map kept in least-recently-used order: a read moves the entry to the back, an insert past capacity drops the front. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  get size(): number {
    return this.map.size;
  }

  entries(): [K, V][] {
    return [...this.map];
  }
}

export class FitnessCache<V> {
  private readonly byStructure: Lru<string, string>;
  private readonly byFunction: Lru<string, V>;
  readonly stats: CacheStats = { lookups: 0, structuralHits: 0, functionalHits: 0, statements: 0, deadStatements: 0 };

  /**
   * `hypers`: the values the fingerprint runs with (the ones fitness uses; open ones get probe values); `math`:
   * the arithmetic the fitness runs under, so two programs that differ only where IEEE divides by 0 stay apart.
   */
  constructor(
    capacity = 100_000,
    private readonly hypers: Readonly<Record<string, number>> = {},
    private readonly math: MathMode = 'ieee',
  ) {
    this.byStructure = new Lru(capacity);
    this.byFunction = new Lru(capacity);
  }

  /** The candidate's keys, and its fitness when an equivalent program was evaluated. Counts the lookup. */
  lookup(program: Program): { keys: CacheKeys; value?: V } {
    this.stats.lookups++;
    const { statements, dead } = redundancy(program);
    this.stats.statements += statements;
    this.stats.deadStatements += dead;
    const structural = structuralHash(program);
    const known = this.byStructure.get(structural);
    const functional = known ?? fingerprint(program, this.hypers, this.math);
    const value = this.byFunction.get(functional);
    if (value !== undefined) {
      if (known !== undefined) this.stats.structuralHits++;
      else this.stats.functionalHits++;
    }
    this.byStructure.set(structural, functional);
    return { keys: { structural, functional }, ...(value !== undefined && { value }) };
  }

  store(keys: CacheKeys, value: V): void {
    this.byStructure.set(keys.structural, keys.functional);
    this.byFunction.set(keys.functional, value);
  }

  get size(): number {
    return this.byFunction.size;
  }

  /** The fitness entries, least recently used first. */
  entries(): [string, V][] {
    return this.byFunction.entries();
  }

  snapshot(): CacheState<V> {
    return { structural: this.byStructure.entries(), functional: this.byFunction.entries(), stats: { ...this.stats } };
  }

  /** Loads a snapshot into this cache (an empty one: a search resumed). */
  restore(state: CacheState<V>): void {
    for (const [k, v] of state.structural) this.byStructure.set(k, v);
    for (const [k, v] of state.functional) this.byFunction.set(k, v);
    Object.assign(this.stats, state.stats);
  }
}

/** A cache's contents and counts, for a checkpoint: both maps least recently used first. */
export interface CacheState<V> {
  structural: [string, string][];
  functional: [string, V][];
  stats: CacheStats;
}

/** Share of lookups answered by the cache, and of statements that were dead: what the report prints. */
export function summary(stats: CacheStats): { hitRate: number; redundantFraction: number } {
  const hits = stats.structuralHits + stats.functionalHits;
  return {
    hitRate: stats.lookups === 0 ? 0 : hits / stats.lookups,
    redundantFraction: stats.statements === 0 ? 0 : stats.deadStatements / stats.statements,
  };
}
