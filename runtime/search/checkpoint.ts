// A search's checkpoint (issue 12 item 7): the command's settings and the search's state after the last batch
// (evolve.ts `SearchState`: population, best, counters, history, cache, random draws), one JSON file written
// atomically after every batch, so a search killed at any moment resumes from its last whole batch and ends
// where an uninterrupted one would. Numbers JSON cannot hold (a failed candidate's fitness is -Infinity; a
// constant may be -0) are written as {"$number": "-Infinity"}.

import { readFileSync } from 'node:fs';
import { writeAtomically } from '../files.ts';
import type { SearchState } from './evolve.ts';

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

export function saveSearch<Settings>(path: string, checkpoint: SearchCheckpoint<Settings>): void {
  writeAtomically(path, `${JSON.stringify(checkpoint, encode)}\n`);
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
  let checkpoint: SearchCheckpoint<Settings>;
  try {
    checkpoint = JSON.parse(text, decode);
  } catch {
    throw new SearchCheckpointError(`cannot resume: ${path} is not a search checkpoint (not JSON)`);
  }
  if (checkpoint?.version !== 1 || !checkpoint.state)
    throw new SearchCheckpointError(`cannot resume: ${path} is not a version 1 search checkpoint`);
  return checkpoint;
}
