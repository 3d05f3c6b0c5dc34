// Plots as SVG, drawn by Vega-Lite (compiled to a Vega spec, rendered headless by Vega's SVG renderer in
// Node: no canvas, no browser). Each function takes plain rows and returns the SVG text.

import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

async function render(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface CurvePoint {
  /** Which run (a program and a seed, say); one line each. */
  run: string;
  /** What the color stands for (the program); runs of one group share a color. */
  group: string;
  epoch: number;
  train_loss: number | null;
  val_accuracy: number | null;
  test_accuracy: number | null;
}

/** Training loss and test (and validation) accuracy per epoch, one line per run, colored by group. */
export function curvesSvg(points: readonly CurvePoint[], title: string): Promise<string> {
  const data = { values: points.map((p) => ({ ...p })) };
  const color = { field: 'group', type: 'nominal', title: null } as const;
  const x = { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } } as const;
  const panel = (field: string, label: string, dash?: string) => ({
    mark: { type: 'line', point: true, ...(dash ? { strokeDash: [4, 3] } : {}) },
    encoding: {
      x,
      y: { field, type: 'quantitative', title: label, scale: { zero: false } },
      color,
      detail: { field: 'run' },
    },
  });
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data,
    hconcat: [
      { ...panel('train_loss', 'training loss'), width: 300, height: 220 },
      {
        width: 300,
        height: 220,
        layer: [
          panel('test_accuracy', 'test accuracy (validation dashed)'),
          panel('val_accuracy', 'test accuracy (validation dashed)', 'dashed'),
        ],
      },
    ],
  } as TopLevelSpec);
}

export interface GridCell {
  x: number;
  y: number;
  value: number | null;
}

/** A heatmap of `value` over a grid of two hyperparameters (log-spaced values shown as written), labelled. */
export function heatmapSvg(
  cells: readonly GridCell[],
  names: { x: string; y: string; value: string },
  title: string,
): Promise<string> {
  const values = cells.map((c) => ({
    x: c.x,
    y: c.y,
    value: c.value,
    label: c.value === null ? 'failed' : c.value.toFixed(3),
  }));
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values },
    width: 60 * new Set(cells.map((c) => c.x)).size,
    height: 40 * new Set(cells.map((c) => c.y)).size,
    encoding: {
      x: { field: 'x', type: 'ordinal', title: names.x, sort: 'ascending' },
      y: { field: 'y', type: 'ordinal', title: names.y, sort: 'descending' },
    },
    layer: [
      {
        mark: 'rect',
        encoding: { color: { field: 'value', type: 'quantitative', title: names.value, scale: { scheme: 'viridis' } } },
      },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'label' }, color: { value: 'white' } } },
    ],
  } as TopLevelSpec);
}

export interface TimingPoint {
  /** One panel each. */
  program: string;
  /** One line each: an implementation on a backend. */
  implementation: string;
  params: number;
  /** Median milliseconds per step, and the 10th and 90th percentiles. */
  ms: number;
  p10: number;
  p90: number;
}

/** Time per step against parameter count, log-log: one line per implementation, one panel per program. */
export function timingSvg(points: readonly TimingPoint[], title: string): Promise<string> {
  const x = { field: 'params', type: 'quantitative', title: 'parameters', scale: { type: 'log' } } as const;
  const y = { type: 'quantitative', scale: { type: 'log' } } as const;
  const color = { field: 'implementation', type: 'nominal', title: null } as const;
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: points.map((p) => ({ ...p })) },
    facet: { column: { field: 'program', type: 'nominal', title: null } },
    spec: {
      width: 280,
      height: 220,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: { x, y: { ...y, field: 'ms', title: 'ms per step (median; bars: p10–p90)' }, color },
        },
        { mark: 'rule', encoding: { x, y: { ...y, field: 'p10' }, y2: { field: 'p90' }, color } },
      ],
    },
  } as TopLevelSpec);
}

export interface SearchPoint {
  /** Candidates evaluated so far (cache hits not counted). */
  evaluated: number;
  best: number | null;
  median: number | null;
}

/** A search's best fitness and its population's median fitness against the evaluations done. */
export function searchSvg(points: readonly SearchPoint[], title: string): Promise<string> {
  const values = points.flatMap((p) => [
    { evaluated: p.evaluated, series: 'best', fitness: p.best },
    { evaluated: p.evaluated, series: 'population median', fitness: p.median },
  ]);
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values },
    width: 420,
    height: 260,
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'evaluated', type: 'quantitative', title: 'evaluations' },
      y: { field: 'fitness', type: 'quantitative', title: 'fitness', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as TopLevelSpec);
}
