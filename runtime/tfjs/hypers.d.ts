// Types of hypers.js (plain JavaScript, embedded in printed modules).

import type { TfjsSpec } from '../../compiler/targets/tfjs.ts';
import type { Schedule } from './schedules.js';

export interface ParamInfo {
  name: string;
  shape: readonly number[];
}

export type HyperValue = number | Schedule | ((step: number) => number);

/** runtime/groups.ts's HyperGroup, whose values may also be schedules. */
export interface TfjsHyperGroup {
  match?: string | RegExp | ((p: ParamInfo) => boolean);
  rank?: readonly number[];
  set: Readonly<Record<string, HyperValue>>;
}

export function groupMatches(group: TfjsHyperGroup, param: ParamInfo): boolean;
export function checkValues(
  spec: TfjsSpec,
  values: Readonly<Record<string, HyperValue>>,
  groups: readonly TfjsHyperGroup[],
): void;
export function valueAt(name: string, value: HyperValue, step: number): number;
export function inputsAt(spec: TfjsSpec, values: Readonly<Record<string, HyperValue>>, step: number): number[];
export function hyperTable(
  spec: TfjsSpec,
  params: readonly ParamInfo[],
  values: Readonly<Record<string, HyperValue>>,
  groups: readonly TfjsHyperGroup[],
  step: number,
): { rows: number[][]; row: number[] };
