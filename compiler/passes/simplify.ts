// The simplifier: a flat, named list of passes run in order until a whole round changes nothing. Each pass
// is a pure function IR → IR. None adds ops (rewrite replacements have at most one op; the others only
// remove or merge), and the pipeline checks it after every pass, so `simplify` never makes a program longer;
// running to a fixed point makes it idempotent.

import { isLeaf, opCount, type Program } from '../ir.ts';
import { zeroState } from './zero-state.ts';
import { cse } from './cse.ts';
import { dce } from './dce.ts';
import { fold } from './fold.ts';
import type { MathMode } from '../ops.ts';
import { structureKey, type Level, type LogEntry, type Pass } from './pass.ts';
import { rewrite } from './rewrite.ts';

export type { Level, LogEntry, PassContext } from './pass.ts';

export const PASSES: ReadonlyArray<{ name: string; run: Pass }> = [
  { name: 'dce', run: dce },
  { name: 'zero-state', run: zeroState },
  { name: 'fold', run: fold },
  { name: 'rewrite', run: rewrite },
  { name: 'cse', run: cse },
  { name: 'dce', run: dce },
];

/** Rounds before giving up on a fixed point: each round shrinks the program or only renames. */
const MAX_ROUNDS = 50;

export interface Simplified {
  program: Program;
  /** What each pass removed or rewrote, in the order it happened. */
  log: LogEntry[];
  /** Ops before and after, dead ones included (opCount counts only live ones, so it cannot see DCE). */
  ops: { before: number; after: number };
}

export interface SimplifyOptions {
  /** The arithmetic the program runs under (default IEEE): folding computes with it, rules that fail under it do not fire. */
  math?: MathMode;
  /** Called after every pass (tests run the IR verifier here). */
  afterPass?: (name: string, program: Program) => void;
}

export function simplify(program: Program, level: Level = 'exact', options: SimplifyOptions = {}): Simplified {
  const context = { level, math: options.math ?? 'ieee' } as const;
  const log: LogEntry[] = [];
  let current = program;
  let before = opCount(current);
  let start = structureKey(current);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // A round ends with dce, which leaves only live nodes: a later round skips its leading dce, which would
    // change nothing (dce is idempotent: test/passes/passes.test.ts).
    for (const pass of round === 0 ? PASSES : PASSES.slice(1)) {
      const result = pass.run(current, context);
      const after = opCount(result.program);
      if (after > before)
        throw new Error(`simplify: pass ${pass.name} grew the program from ${before} to ${after} ops`);
      options.afterPass?.(pass.name, result.program);
      log.push(...result.log);
      current = result.program;
      before = after;
    }
    const end = structureKey(current);
    if (end === start) break;
    start = end;
  }
  return { program: current, log, ops: { before: allOps(program), after: allOps(current) } };
}

function allOps(program: Program): number {
  return program.nodes.filter((n) => !isLeaf(n.op)).length;
}
