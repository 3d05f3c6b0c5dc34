// The row and column parts of the WGSL kernels (wgsl-kernels.ts): a tile's share of its tensor's rows and
// columns, one per thread, and the sum over one row (C contiguous elements) or column (R elements, C apart)
// of tensor values computed at each vec4 the line crosses. A workgroup sharing each long line (a tree sum
// per line) was measured slower on lavapipe than a thread per line: each line's barriers cost more than the
// idle lanes (results in the commit that dropped it).

import type { ValueId } from '../ir.ts';
import type { Body } from './wgsl-body.ts';

export const indent = (lines: readonly string[], by: string) => lines.map((l) => by + l);

/**
 * The loop over this tile's rows (`rows`) or columns (`cols`), one per thread: `inner` with `ln` the row or
 * column, in a block of its own.
 */
export function eachLine(
  axis: 'rows' | 'cols',
  shape: { readonly workgroup: number }, // wgsl-tiles.ts's TileShape (which imports this module)
  inner: readonly string[],
): string[] {
  const [from, to] = axis === 'rows' ? ['r0', 'r1'] : ['c0', 'c1'];
  return [`for (var ln = ${from} + lane; ln < ${to}; ln += ${shape.workgroup}u) {`, ...indent(inner, '  '), '}'];
}

/**
 * The sum over line `ln` of each of `args` (tensor values, computed by `body` at each vec4 `i` the line
 * crosses) into `target(j)`: a row is C contiguous elements, vec4 by vec4 with the elements outside it masked;
 * a column R elements C apart, each the one component of its vec4.
 */
export function lineSums(
  axis: 'rows' | 'cols',
  body: Body,
  args: readonly ValueId[],
  target: (j: number) => string,
): string[] {
  if (args.length === 0) return [];
  const open = args.map((_, j) => `var l${j} = 0f;`);
  const close = args.map((_, j) => `${target(j)} = l${j};`);
  if (axis === 'rows')
    return [
      ...open,
      'let e_begin = ln * t_c;',
      'let e_end = e_begin + t_c;',
      'for (var v = e_begin / 4u; 4u * v < e_end; v += 1u) {',
      '  let i = t_first + v;',
      '  let e = vec4u(4u * v) + vec4u(0u, 1u, 2u, 3u);',
      '  let inside = (e >= vec4u(e_begin)) & (e < vec4u(e_end));',
      ...indent(body.lines, '  '),
      ...args.map((id, j) => `  l${j} += dot(select(vec4f(0f), ${body.value(id)}, inside), vec4f(1f));`),
      '}',
      ...close,
    ];
  return [
    ...open,
    'for (var j = 0u; j < t_r; j += 1u) {',
    '  let e = j * t_c + ln;',
    '  let i = t_first + e / 4u;',
    ...indent(body.lines, '  '),
    ...args.map((id, j) => `  l${j} += ${body.value(id)}[e % 4u];`),
    '}',
    ...close,
  ];
}

/** The scalar lines of several bodies, once each, in IR order (the per-step row first). */
function mergeScalars(bodies: readonly Body[]): string[] {
  const all = [...new Set(bodies.flatMap((b) => b.scalarLines))];
  const id = (line: string) => {
    const m = /^let v(\d+)/.exec(line);
    return m ? Number(m[1]) : -1;
  };
  return all.sort((a, b) => id(a) - id(b));
}

/** One body standing for several: their scalar lines, helpers and helper types (for the module's prelude). */
export function merged(bodies: readonly Body[], main: Body): Body {
  return {
    ...main,
    scalarLines: mergeScalars(bodies),
    helpers: new Set(bodies.flatMap((b) => [...b.helpers])),
    helperTypes: new Set(bodies.flatMap((b) => [...b.helperTypes])),
  };
}
