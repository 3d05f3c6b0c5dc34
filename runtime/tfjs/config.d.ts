// Types of config.js (plain JavaScript, embedded in printed modules).

import type { TfjsSpec } from '../../compiler/targets/tfjs.ts';
import type { HyperValue, TfjsHyperGroup } from './hypers.js';

export function encodeConfig(
  spec: TfjsSpec,
  values: Readonly<Record<string, HyperValue>>,
  groups: readonly TfjsHyperGroup[],
): { optic: string };
export function decodeConfig(
  spec: TfjsSpec,
  config: { optic?: unknown },
): { hypers: Record<string, HyperValue>; groups: TfjsHyperGroup[] };
