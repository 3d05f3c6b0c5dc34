// Driving the CLI from tests: in-process through run() (fast, most tests), or as a child process through the
// real executable (a few end-to-end tests: exit codes, streams, no color when not a terminal).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../runtime/cli/main.ts';

export interface Outcome {
  code: number;
  out: string;
  err: string;
}

export async function optic(...args: string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
  return { code, out, err };
}

/** The installed entry point, `node runtime/cli/bin.js ARGS`, with a plain (non-terminal) stdout/stderr. */
export function opticProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Outcome {
  const result = spawnSync(process.execPath, ['runtime/cli/bin.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
}

/** A scratch directory with the given files in it; returns its path. */
export function scratch(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'optic-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Parses `optic step`'s JSON, turning "NaN"/"Infinity"/"-Infinity" back into numbers. */
export function stepResult(out: string): Record<string, number[]> {
  const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
  const raw = JSON.parse(out) as Record<string, (number | string)[]>;
  return Object.fromEntries(
    Object.entries(raw).map(([k, xs]) => [k, xs.map((x) => (typeof x === 'string' ? special[x] : x))]),
  );
}

export function expectClose(actual: readonly number[], expected: readonly number[], rtol = 1e-12): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length}, expected ${expected.length}`);
  expected.forEach((e, i) => {
    const a = actual[i];
    const ok = Object.is(a, e) || Math.abs(a - e) <= rtol * Math.abs(e);
    if (!ok) throw new Error(`element ${i}: got ${a}, expected ${e}`);
  });
}
