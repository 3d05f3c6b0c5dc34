// getConfig()/fromConfig() for optic's tfjs optimizers: hyperparameter values (numbers and optic's
// schedules) and groups (globs, RegExps, ranks) as one JSON string. One string because tfjs-layers passes a
// saved optimizer config through convertPythonicToTs, which rewrites every key and every string value
// containing `_` into camelCase (`weight_decay` → `weightDecay`, glob `*_bias` → `*Bias`): the JSON text
// spells `_` as `\u005f`, so nothing in it is touched, and JSON.parse restores it exactly.
//
// Plain JavaScript, embedded verbatim like schedules.js (its one import is of schedules.js, which the
// printed module also embeds). Types: config.d.ts.

import { scheduleFromConfig } from './schedules.js';

const NON_FINITE = ['NaN', 'Infinity', '-Infinity'];

function encodeNumber(v) {
  return Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v) {
  return typeof v === 'string' && NON_FINITE.includes(v) ? Number(v) : v;
}

function encodeValue(name, value) {
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'function' && value.config) return { schedule: value.config };
  throw new Error(
    `getConfig: the value of '${name}' is a function that is not one of optic's schedules, and cannot be saved`,
  );
}

function decodeValue(value) {
  return typeof value === 'object' && value !== null ? scheduleFromConfig(value.schedule) : decodeNumber(value);
}

function encodeGroup(group, i) {
  const out = { set: Object.fromEntries(Object.entries(group.set).map(([k, v]) => [k, encodeValue(k, v)])) };
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

function decodeGroup(g) {
  const group = { set: Object.fromEntries(Object.entries(g.set).map(([k, v]) => [k, decodeValue(v)])) };
  if (g.rank) group.rank = g.rank;
  if (g.glob !== undefined) group.match = g.glob;
  if (g.regexp) group.match = new RegExp(g.regexp.source, g.regexp.flags);
  return group;
}

/** The config of an optimizer for `spec` with these values and groups. */
export function encodeConfig(spec, values, groups) {
  const payload = {
    program: spec.fingerprint,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeValue(k, v)])),
    groups: groups.map(encodeGroup),
  };
  return { optic: JSON.stringify(payload).replace(/_/g, '\\u005f') };
}

/** The constructor options an optimizer for `spec` saved with `config` had. */
export function decodeConfig(spec, config) {
  if (typeof config.optic !== 'string')
    throw new Error(`fromConfig: not a config of an optic optimizer (${spec.className})`);
  const payload = JSON.parse(config.optic);
  if (payload.program !== spec.fingerprint) {
    throw new Error(
      `fromConfig: this config was saved by a different version of the program ${JSON.stringify(spec.file)} (fingerprint ${payload.program}, this one is ${spec.fingerprint})`,
    );
  }
  const hypers = Object.fromEntries(Object.entries(payload.values).map(([k, v]) => [k, decodeValue(v)]));
  return { hypers, groups: payload.groups.map(decodeGroup) };
}
