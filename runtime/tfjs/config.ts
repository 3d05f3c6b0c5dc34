// getConfig()/fromConfig() for optic's tfjs optimizers: hyperparameter values (numbers and optic's
// schedules) and groups (globs, RegExps, ranks) as one JSON string. One string because tfjs-layers passes a
// saved optimizer config through convertPythonicToTs, which rewrites every key and every string value
// containing `_` into camelCase (`weight_decay` → `weightDecay`, glob `*_bias` → `*Bias`): the JSON text
// spells `_` as `\u005f`, so nothing in it is touched, and JSON.parse restores it exactly.
//
// Bundled into the module `optic compile --target tfjs` prints: it imports nothing but runtime/hypers.ts and
// runtime/schedules.ts, which have no imports.

import type { HyperGroup, HyperValue, HyperValues } from '../hypers.ts';
import { type Schedule, type ScheduleConfig, scheduleFromConfig } from '../schedules.ts';

/** What config.ts needs of a compiled program (compiler/targets/tfjs.ts's TfjsSpec has it). */
export interface ConfigSpec {
  readonly className: string;
  readonly file: string;
  readonly fingerprint: string;
}

type Encoded = number | string | { schedule: ScheduleConfig };

interface EncodedGroup {
  set: Record<string, Encoded>;
  rank?: number[];
  glob?: string;
  regexp?: { source: string; flags: string };
}

const NON_FINITE = ['NaN', 'Infinity', '-Infinity'];

function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v: number | string): number {
  return typeof v === 'string' && NON_FINITE.includes(v) ? Number(v) : (v as number);
}

function encodeValue(name: string, value: HyperValue): Encoded {
  if (typeof value === 'number') return encodeNumber(value);
  const config = (value as Schedule).config;
  if (typeof value === 'function' && config) return { schedule: config };
  throw new Error(
    `getConfig: the value of '${name}' is a function that is not one of optic's schedules, and cannot be saved`,
  );
}

function decodeValue(value: Encoded): HyperValue {
  return typeof value === 'object' && value !== null ? scheduleFromConfig(value.schedule) : decodeNumber(value);
}

function encodeGroup(group: HyperGroup, i: number): EncodedGroup {
  const out: EncodedGroup = {
    set: Object.fromEntries(Object.entries(group.set).map(([k, v]) => [k, encodeValue(k, v)])),
  };
  if (group.rank) out.rank = [...group.rank];
  const m = group.match;
  if (typeof m === 'string') out.glob = m;
  else if (m instanceof RegExp) out.regexp = { source: m.source, flags: m.flags };
  else if (m !== undefined)
    throw new Error(
      `getConfig: group ${i} matches with a function, which cannot be saved (use a glob, a RegExp or ranks)`,
    );
  return out;
}

function decodeGroup(g: EncodedGroup): HyperGroup {
  const group: HyperGroup = { set: Object.fromEntries(Object.entries(g.set).map(([k, v]) => [k, decodeValue(v)])) };
  if (g.rank) group.rank = g.rank;
  if (g.glob !== undefined) group.match = g.glob;
  if (g.regexp) group.match = new RegExp(g.regexp.source, g.regexp.flags);
  return group;
}

/** The config of an optimizer for `spec` with these values and groups. */
export function encodeConfig(spec: ConfigSpec, values: HyperValues, groups: readonly HyperGroup[]): { optic: string } {
  const payload = {
    program: spec.fingerprint,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeValue(k, v)])),
    groups: groups.map(encodeGroup),
  };
  return { optic: JSON.stringify(payload).replace(/_/g, '\\u005f') };
}

/** The constructor options an optimizer for `spec` saved with `config` had. */
export function decodeConfig(
  spec: ConfigSpec,
  config: { optic?: unknown },
): { hypers: Record<string, HyperValue>; groups: HyperGroup[] } {
  if (typeof config.optic !== 'string')
    throw new Error(`fromConfig: not a config of an optic optimizer (${spec.className})`);
  const payload: { program: string; values: Record<string, Encoded>; groups: EncodedGroup[] } = JSON.parse(
    config.optic,
  );
  if (payload.program !== spec.fingerprint) {
    throw new Error(
      `fromConfig: this config was saved by a different version of the program ${JSON.stringify(spec.file)} (fingerprint ${payload.program}, this one is ${spec.fingerprint})`,
    );
  }
  const hypers = Object.fromEntries(Object.entries(payload.values).map(([k, v]) => [k, decodeValue(v)]));
  return { hypers, groups: payload.groups.map(decodeGroup) };
}
