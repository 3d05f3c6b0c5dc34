// What `optic search` does after the evolution: the funnel (runtime/search/funnel.ts) with AdamW and Lion as
// baselines on the proxy and on a larger task, and best.opt: the reported program simplified (exact rules, the
// search's math) and checked equivalent to it by `equivalent` (runtime/equiv.ts), kept as found if it is not.

import { redundancy } from '../../../compiler/hash.ts';
import type { Program } from '../../../compiler/ir.ts';
import type { MathMode } from '../../../compiler/ops.ts';
import { simplify } from '../../../compiler/passes/simplify.ts';
import { equivalent, fingerprint } from '../../equiv.ts';
import { type Evaluator, inProcess } from '../../search/evolve.ts';
import { quadraticFitness } from '../../search/fitness.ts';
import { type FunnelResult, funnel } from '../../search/funnel.ts';
import { proxyEvaluator } from '../../search/proxy.ts';
import type { SearchResult } from '../../search/evolve.ts';
import { shipped } from '../../root.ts';
import { compileJobProgram } from '../../train/job.ts';
import type { ModelName } from '../../train/models.ts';

export interface FunnelFlags {
  funnel: number;
  funnelModel?: ModelName;
  funnelTrainLimit?: number;
}

/** The reference first: the one a candidate must beat. */
const BASELINES = { adamw: 'programs/adamw.opt', lion: 'programs/lion.opt' } as const;

/** Steps of the quadratic's larger task: 10× the search's 50. */
export const QUADRATIC_FUNNEL_STEPS = 500;

/**
 * The funnel of `result`'s best `top`, one per function (the cache's fingerprint under the search's
 * hyperparameters and math: `v / 1` and `v` are moved once).
 */
export function runFunnel(
  result: SearchResult,
  top: number,
  proxy: Evaluator,
  larger: Evaluator,
  run: { hypers: Readonly<Record<string, number>>; math: MathMode },
): Promise<FunnelResult> {
  const baselines = Object.fromEntries(
    Object.entries(BASELINES).map(([name, file]) => [name, compileJobProgram(shipped(file))]),
  );
  const key = (program: Program) => fingerprint(program, run.hypers, run.math);
  return funnel(result, { baselines, reference: 'adamw', proxy, larger, top, key });
}

/** The proxy's larger task: `--funnel-train-limit` (default 10× the proxy's examples) and `--funnel-model`. */
export function largerTask(flags: FunnelFlags & { trainLimit: number }): { trainLimit: number; model: ModelName } {
  return { trainLimit: flags.funnelTrainLimit ?? 10 * flags.trainLimit, model: flags.funnelModel ?? 'mlp' };
}

/** The larger task: the quadratic for 10× the steps, or the proxy's job on 10× the data (or as the flags say). */
export function largerEvaluator(
  flags: FunnelFlags & { fitness: 'proxy' | 'quadratic'; math: MathMode; trainLimit: number },
  proxyOptions: Parameters<typeof proxyEvaluator>[0],
): Evaluator {
  if (flags.fitness === 'quadratic')
    return inProcess(quadraticFitness(QUADRATIC_FUNNEL_STEPS, { hypers: proxyOptions.hypers, math: flags.math }));
  const { trainLimit, model } = largerTask(flags);
  return proxyEvaluator({
    ...proxyOptions,
    dir: `${proxyOptions.dir}/funnel`,
    job: { ...proxyOptions.job, trainLimit, model },
  });
}

export interface Simplified {
  program: Program;
  /** Whether the simplified form was checked equivalent (false: the program is kept as found). */
  equivalent: boolean;
  statements: { before: number; after: number };
}

/** The program simplified under `math` when `equivalent` agrees (200 trials, a fixed seed), else as it is. */
export function simplifiedChecked(program: Program, math: MathMode, hypers: Record<string, number>): Simplified {
  const simple = simplify(program, 'exact', { math }).program;
  const check = equivalent(program, simple, { math, hypers, trials: 200, seed: 0 });
  const ok = check.kind === 'equivalent';
  const count = (p: Program) => redundancy(p).statements;
  return {
    program: ok ? simple : program,
    equivalent: ok,
    statements: { before: count(program), after: count(ok ? simple : program) },
  };
}
