// A search's checkpoint (issue 12 item 7): the command's settings and the search's state after the last batch
// (evolve.ts `SearchState`: population, best, counters, history, cache, random draws), one JSON file written
// atomically after every batch, so a search killed at any moment resumes from its last whole batch and ends
// where an uninterrupted one would. Numbers JSON cannot hold (a failed candidate's fitness is -Infinity; a
// constant may be -0) are written as {"$number": "-Infinity"}.

import { readFileSync } from 'node:fs';
import { writeAtomically } from '../files.ts';
import type { Program } from '../../compiler/ir.ts';
import type { Individual, SearchState } from './evolve.ts';

export const CHECKPOINT_FILE = 'search-state.json';

export interface SearchCheckpoint<Settings> {
  version: 1;
  settings: Settings;
  state: SearchState;
}

/** A checkpoint that cannot be read: missing, not JSON, another version. Its message is a sentence. */
export class SearchCheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchCheckpointError';
  }
}

const SPECIAL = '$number';

const encode = (_key: string, v: unknown) =>
  typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
    ? { [SPECIAL]: Object.is(v, -0) ? '-0' : String(v) }
    : v;

const decode = (_key: string, v: unknown) =>
  v !== null && typeof v === 'object' && Object.keys(v).length === 1 && SPECIAL in v
    ? Number((v as Record<string, string>)[SPECIAL])
    : v;

/** An individual with its program as an index into the file's program table. */
type Stored = Omit<Individual, 'program'> & { program: number };

/**
 * The file: each program once (a population restarted from one program holds P copies of it), individuals
 * naming theirs by index.
 */
interface StoredCheckpoint<Settings> {
  version: 1;
  settings: Settings;
  programs: Program[];
  state: Omit<SearchState, 'start' | 'best' | 'population'> & { start: Stored; best: Stored; population: Stored[] };
}

export function saveSearch<Settings>(path: string, { version, settings, state }: SearchCheckpoint<Settings>): void {
  const index = new Map<Program, number>();
  const store = (m: Individual): Stored => {
    if (!index.has(m.program)) index.set(m.program, index.size);
    return { ...m, program: index.get(m.program)! };
  };
  const stored = {
    ...state,
    start: store(state.start),
    best: store(state.best),
    population: state.population.map(store),
  };
  const file: StoredCheckpoint<Settings> = { version, settings, programs: [...index.keys()], state: stored };
  writeAtomically(path, `${JSON.stringify(file, encode)}\n`);
}

export function loadSearch<Settings>(path: string): SearchCheckpoint<Settings> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SearchCheckpointError(
      `cannot resume: ${missing ? `no ${path} (not a search's --out directory?)` : (e as Error).message}`,
    );
  }
  let file: StoredCheckpoint<Settings>;
  try {
    file = JSON.parse(text, decode);
  } catch {
    throw new SearchCheckpointError(`cannot resume: ${path} is not a search checkpoint (not JSON)`);
  }
  if (file?.version !== 1 || !file.state || !Array.isArray(file.programs))
    throw new SearchCheckpointError(`cannot resume: ${path} is not a version 1 search checkpoint`);
  const load = (m: Stored): Individual => ({ ...m, program: file.programs[m.program] });
  const { start, best, population } = file.state;
  const state = { ...file.state, start: load(start), best: load(best), population: population.map(load) };
  return { version: 1, settings: file.settings, state };
}
