// Funnel selection (issue 12 item 5; seeds/000 §5): the programs that beat the AdamW baseline on the proxy task
// move to a larger task (10× the data by default, so 10× the steps; another model if asked), and only those that
// still beat AdamW there are winners. The baselines (AdamW and Lion, with the search's hyperparameters) are
// evaluated on both tasks by the same evaluators as the candidates, so every number compares like with like.

import { structuralHash } from '../../compiler/hash.ts';
import type { Program } from '../../compiler/ir.ts';
import type { Evaluator, Individual, Outcome, SearchResult } from './evolve.ts';

export interface FunnelEntry {
  program: Program;
  born: number;
  proxy: number;
  /** Null when the larger task failed (diverged, the job failed). */
  funnel: number | null;
  error?: string;
  /** With an lr grid: the learning rates of its best proxy and larger-task runs. */
  lr?: { proxy?: number; funnel?: number };
}

export interface FunnelResult {
  /** Each baseline's fitness on the proxy and the larger task (null: it failed there). */
  baselines: Record<string, { proxy: number | null; funnel: number | null }>;
  /** The proxy winners that beat `reference` on the proxy (at most `top`), fittest first, with their funnel fitness. */
  candidates: FunnelEntry[];
  /** Those of them that beat `reference` on the larger task too, fittest there first. */
  winners: FunnelEntry[];
}

export interface FunnelOptions {
  /** The baselines by name; `reference` names the one to beat. */
  baselines: Record<string, Program>;
  reference: string;
  proxy: Evaluator;
  larger: Evaluator;
  /** Candidates moved to the larger task, at most. */
  top: number;
  /** Candidates with the same key are one program, moved once (default: the structural hash). */
  key?: (program: Program) => string;
}

const value = (o: Outcome): number | null => (o.ok && Number.isFinite(o.fitness) ? o.fitness : null);

export async function funnel(result: SearchResult, options: FunnelOptions): Promise<FunnelResult> {
  const names = Object.keys(options.baselines);
  const programs = names.map((n) => options.baselines[n]);
  const onProxy = (await options.proxy(programs)).map(value);
  const bar = onProxy[names.indexOf(options.reference)] ?? -Infinity;
  const chosen = proxyWinners(result, bar, options.key ?? structuralHash).slice(0, options.top);
  const onLarger = await options.larger([...programs, ...chosen.map((m) => m.program)]);
  const baselines = Object.fromEntries(names.map((n, i) => [n, { proxy: onProxy[i], funnel: value(onLarger[i]) }]));
  const barLarger = baselines[options.reference].funnel ?? -Infinity;
  const candidates = chosen.map((m, i): FunnelEntry => {
    const outcome = onLarger[names.length + i];
    const lr = { proxy: m.lr, funnel: outcome.ok ? outcome.lr : undefined };
    return {
      program: m.program,
      born: m.born,
      proxy: m.fitness,
      funnel: value(outcome),
      ...(!outcome.ok && { error: outcome.error }),
      ...((lr.proxy !== undefined || lr.funnel !== undefined) && { lr }),
    };
  });
  const winners = candidates
    .filter((c) => c.funnel !== null && c.funnel > barLarger)
    .sort((a, b) => b.funnel! - a.funnel!);
  return { baselines, candidates, winners };
}

/** The best and the final population, one per key, fitter than `bar` on the proxy, fittest (then youngest) first. */
function proxyWinners(result: SearchResult, bar: number, keyOf: (program: Program) => string): Individual[] {
  const seen = new Set<string>();
  return [result.best, ...result.population]
    .filter((m) => m.fitness > bar)
    .sort((a, b) => b.fitness - a.fitness || b.born - a.born)
    .filter((m) => {
      const key = keyOf(m.program);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
