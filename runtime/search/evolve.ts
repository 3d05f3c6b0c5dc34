// Regularized evolution (Real et al. 2019; seeds/001 §2, seeds/000 §4): a population of P programs, warm-started
// with the initial one; each cycle samples T members, mutates a copy of the fittest of them (compiler/mutate.ts),
// evaluates the child, adds it and removes the oldest member, so every program dies of age however fit it is.
// When the best fitness has not improved for `plateau` candidates, the population restarts as copies of the best
// so far and of the initial program, alternately.
//
// Children are made `batch` at a time from the population as it stands (one per worker), evaluated together,
// then added in the order they were made: with one random stream from the seed, a search is deterministic for
// its seed and batch size whatever order the evaluations finish in. A child equivalent to a program already
// evaluated (cache.ts) takes its fitness without being evaluated again, as does a child equal to another of
// the same batch.
//
// After each batch the whole state can be taken (`onBatch`: the population, the best and the start, the counters,
// the restarts, the history, the cache and how many random numbers were drawn) and given back (`resume`): the
// search goes on exactly as it would have.

import type { Program } from '../../compiler/ir.ts';
import { type MutateOptions, mutate } from '../../compiler/mutate.ts';
import type { MathMode } from '../../compiler/ops.ts';
import { mulberry32 } from '../random.ts';
import { type CacheKeys, type CacheState, FitnessCache, summary } from './cache.ts';

/** A candidate's fitness (higher is fitter), or why it has none (diverged, rejected, the job failed). */
export type Outcome =
  /** `lr`: the learning rate it scored best at, when the fitness tunes lr per candidate (`--tune-lr`). */
  { ok: true; fitness: number; lr?: number } | { ok: false; error: string };

/** Evaluates candidates; the outcomes come back in the order of `programs`. */
export type Evaluator = (programs: readonly Program[]) => Promise<Outcome[]>;

/** An evaluator over a fitness function, one candidate at a time in this process. */
export function inProcess(fitness: (program: Program) => Promise<Outcome> | Outcome): Evaluator {
  return async (programs) => {
    const outcomes: Outcome[] = [];
    for (const p of programs) outcomes.push(await fitness(p));
    return outcomes;
  };
}

export interface Individual {
  program: Program;
  /** -Infinity for a candidate without a fitness. */
  fitness: number;
  /** Its birth: 0 for the initial program, then the count of candidates made before it, plus one. */
  born: number;
  error?: string;
  /** The learning rate its fitness was reached at, when the fitness tunes lr per candidate. */
  lr?: number;
}

export interface EvolveOptions {
  /** P: members of the population. */
  population: number;
  /** T: members sampled per tournament. */
  tournament: number;
  /** Candidates to make (mutations, cache hits included). */
  budget: number;
  seed: number;
  /** Children made and evaluated together (the number of workers); default 1. */
  batch?: number;
  /** Candidates without a better best before a restart; default: never restart. */
  plateau?: number;
  mutation?: MutateOptions;
  /** Hyperparameter values the functional fingerprint runs with (those the fitness uses). */
  hypers?: Readonly<Record<string, number>>;
  /** The arithmetic the fitness runs under (default IEEE): the fingerprint follows it. */
  math?: MathMode;
  onProgress?: (progress: Progress) => void;
  /** Called after each batch with the search's state (checkpoint.ts saves it). */
  onBatch?: (state: SearchState) => void;
  /** Continue from a state `onBatch` gave (same options but `budget`). */
  resume?: SearchState;
}

/** Everything a search needs to go on where it was: plain data (programs as IR). */
export interface SearchState {
  /** Random numbers drawn from the seed's stream so far. */
  draws: number;
  start: Individual;
  best: Individual;
  population: Individual[];
  generated: number;
  evaluated: number;
  cacheHits: number;
  stuck: number;
  lastImprovement: number;
  restarts: SearchResult['restarts'];
  history: Progress[];
  cache: CacheState<Outcome>;
}

export interface Progress {
  generated: number;
  evaluated: number;
  cacheHits: number;
  best: number;
  /** Median fitness of the population (failures count as -Infinity). */
  median: number;
}

export interface SearchResult {
  initial: Individual;
  best: Individual;
  /** Candidates made, evaluated, and answered by the cache (or by an equal candidate of their batch). */
  generated: number;
  evaluated: number;
  cacheHits: number;
  /** Mutations that found no valid child of their parent. */
  stuck: number;
  restarts: { at: number; from: 'best' | 'initial' }[];
  /** Share of the candidates' statements that no output depends on. */
  redundantFraction: number;
  /** Progress after each batch: for the plot of best and median fitness against candidates. */
  history: Progress[];
  /** The members when the search ended, oldest first. */
  population: Individual[];
}

export async function evolve(initial: Program, evaluate: Evaluator, options: EvolveOptions): Promise<SearchResult> {
  return new Search(initial, evaluate, options).run();
}

const fitnessOf = (o: Outcome): Pick<Individual, 'fitness' | 'error' | 'lr'> =>
  o.ok && Number.isFinite(o.fitness)
    ? { fitness: o.fitness, ...(o.lr !== undefined && { lr: o.lr }) }
    : { fitness: -Infinity, error: o.ok ? 'fitness is not finite' : o.error };

class Search {
  private readonly random: () => number;
  private draws = 0;
  private readonly cache: FitnessCache<Outcome>;
  private population: Individual[] = [];
  private best!: Individual;
  private start!: Individual;
  private generated = 0;
  private evaluated = 0;
  private cacheHits = 0;
  private stuck = 0;
  private lastImprovement = 0;
  private restarts: SearchResult['restarts'] = [];
  private history: Progress[] = [];

  constructor(
    private readonly initial: Program,
    private readonly evaluate: Evaluator,
    private readonly options: EvolveOptions,
  ) {
    if (!(options.population >= 1 && options.tournament >= 1 && options.tournament <= options.population))
      throw new RangeError('evolve: the tournament must take 1 to P members of a population of P ≥ 1');
    const stream = mulberry32(options.seed);
    this.random = () => {
      this.draws++;
      return stream();
    };
    this.cache = new FitnessCache(100_000, options.hypers, options.math);
  }

  async run(): Promise<SearchResult> {
    if (this.options.resume) this.restore(this.options.resume);
    else {
      const [outcome] = await this.outcomes([this.initial]);
      this.start = { program: this.initial, born: 0, ...fitnessOf(outcome) };
      this.best = this.start;
      this.fill(this.start);
    }
    const batch = Math.max(1, this.options.batch ?? 1);
    // A start without a fitness gives tournaments nothing to select by: the search ends before it begins.
    while (Number.isFinite(this.start.fitness) && this.generated < this.options.budget) {
      const size = Math.min(batch, this.options.budget - this.generated);
      const children = this.children(size);
      const outcomes = await this.outcomes(children.map((c) => c.program));
      children.forEach((child, i) => this.add({ ...child, ...fitnessOf(outcomes[i]) }));
      this.maybeRestart();
      this.report();
      this.options.onBatch?.(this.snapshot());
    }
    const { redundantFraction } = summary(this.cache.stats);
    return {
      initial: this.start,
      best: this.best,
      generated: this.generated,
      evaluated: this.evaluated,
      cacheHits: this.cacheHits,
      stuck: this.stuck,
      restarts: this.restarts,
      redundantFraction,
      history: this.history,
      population: this.population,
    };
  }

  private snapshot(): SearchState {
    const { draws, start, best, population, generated, evaluated, cacheHits, stuck, lastImprovement } = this;
    const { restarts, history } = this;
    const cache = this.cache.snapshot();
    return {
      draws,
      start,
      best,
      population,
      generated,
      evaluated,
      cacheHits,
      stuck,
      lastImprovement,
      restarts,
      history,
      cache,
    };
  }

  private restore(state: SearchState): void {
    while (this.draws < state.draws) this.random();
    ({ start: this.start, best: this.best, generated: this.generated, evaluated: this.evaluated } = state);
    ({ cacheHits: this.cacheHits, stuck: this.stuck, lastImprovement: this.lastImprovement } = state);
    this.population = [...state.population];
    this.restarts = [...state.restarts];
    this.history = [...state.history];
    this.cache.restore(state.cache);
  }

  /** `size` children of tournament winners, in the order made; a parent with no valid child makes none. */
  private children(size: number): Omit<Individual, 'fitness'>[] {
    const made: Omit<Individual, 'fitness'>[] = [];
    for (let k = 0; k < size; k++) {
      this.generated++;
      const parent = this.tournament();
      const child = mutate(parent.program, Math.floor(this.random() * 2 ** 31), this.options.mutation);
      if (child) made.push({ program: child.program, born: this.generated });
      else this.stuck++;
    }
    return made;
  }

  /** The fittest of T members drawn at random (with replacement), the youngest among equals. */
  private tournament(): Individual {
    let winner: Individual | undefined;
    for (let k = 0; k < this.options.tournament; k++) {
      const m = this.population[Math.floor(this.random() * this.population.length)];
      if (!winner || m.fitness > winner.fitness || (m.fitness === winner.fitness && m.born > winner.born)) winner = m;
    }
    return winner!;
  }

  /** Outcomes for `programs`, from the cache where it knows them; the rest evaluated once each. */
  private async outcomes(programs: readonly Program[]): Promise<Outcome[]> {
    const looked = programs.map((p) => this.cache.lookup(p));
    const pending = new Map<string, { index: number; keys: CacheKeys }>();
    const toEvaluate: Program[] = [];
    looked.forEach(({ keys, value }, i) => {
      if (value !== undefined || pending.has(keys.functional)) return;
      pending.set(keys.functional, { index: toEvaluate.length, keys });
      toEvaluate.push(programs[i]);
    });
    const fresh = toEvaluate.length > 0 ? await this.evaluate(toEvaluate) : [];
    this.evaluated += toEvaluate.length;
    this.cacheHits += programs.length - toEvaluate.length;
    for (const { index, keys } of pending.values()) this.cache.store(keys, fresh[index]);
    return looked.map(({ keys, value }) => value ?? fresh[pending.get(keys.functional)!.index]);
  }

  private add(child: Individual): void {
    this.population.push(child);
    this.population.shift();
    if (child.fitness > this.best.fitness) {
      this.best = child;
      this.lastImprovement = this.generated;
    }
  }

  private fill(member: Individual): void {
    this.population = Array.from({ length: this.options.population }, () => member);
  }

  private maybeRestart(): void {
    const plateau = this.options.plateau;
    if (plateau === undefined || this.generated - this.lastImprovement < plateau) return;
    const from = this.restarts.length % 2 === 0 ? 'best' : 'initial';
    this.restarts.push({ at: this.generated, from });
    this.fill(from === 'best' ? this.best : this.start);
    this.lastImprovement = this.generated;
  }

  private report(): void {
    const sorted = this.population.map((m) => m.fitness).sort((a, b) => a - b);
    const progress: Progress = {
      generated: this.generated,
      evaluated: this.evaluated,
      cacheHits: this.cacheHits,
      best: this.best.fitness,
      median: sorted[Math.floor((sorted.length - 1) / 2)],
    };
    this.history.push(progress);
    this.options.onProgress?.(progress);
  }
}
