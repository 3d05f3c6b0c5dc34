// What `optic bench` writes: the JSON report (format optic-bench/3), a markdown table and the log-log plot.
// The ratios are the ones issue 11 names and two that split the fused step's distance to its twin, each
// defined in the report itself (RATIO_DEFINITIONS): of implementations timed interleaved (suite.ts), taken
// round by round (measure.ts's pairedRatio), the median of the per-round ratios with its 10th–90th percentiles.

import { cpus, totalmem } from 'node:os';
import { type TimingPoint, timingSvg } from '../train/plots.ts';
import type { LoopKind } from './js-loop.ts';
import { pairedRatio, type Spread } from './measure.ts';
import { BENCH_BACKENDS, type BenchResult, type BenchRow, type ColdCosts, type Implementation } from './suite.ts';

export const RATIO_DEFINITIONS = {
  fused_vs_tfjs_webgpu: 'tfjs target on webgpu ÷ fused WGSL: how many times faster the fused step is',
  fused_vs_tf_train_webgpu: 'tf.train.adam on webgpu ÷ fused WGSL (programs equivalent to Adam)',
  lion_vs_adamw_fused:
    'fused Lion ÷ fused AdamW at the same size, on the Lion program (both timed in one interleaved set)',
  tfjs_target_vs_tf_train: 'per tfjs backend: tfjs target ÷ tf.train.adam (programs equivalent to Adam)',
  js_loop_vs_fused: 'plain JavaScript Float32Array loop ÷ fused WGSL (AdamW, Adam and Lion)',
  fused_vs_traffic_twin:
    "traffic twin ÷ fused WGSL: the twin (the WGSL target's apply_step with the program's reads and writes, each output the sum of the tensors read, no checks; the other passes the program's own) is the device's limit for this program's memory traffic, so 1 at best",
  checks_vs_unchecked:
    'the fused step without its non-finite checks ÷ the fused step: what the checks leave of the speed, 1 when they cost nothing',
  unchecked_vs_traffic_twin:
    "traffic twin ÷ the fused step without its checks: what the program's arithmetic leaves of the speed (with checks_vs_unchecked, fused_vs_traffic_twin split in two)",
} as const;

/** A ratio's name in BenchRatios.spread: the ratio's, with the backend for tfjs_target_vs_tf_train. */
type RatioKey =
  | Exclude<keyof typeof RATIO_DEFINITIONS, 'tfjs_target_vs_tf_train'>
  | `tfjs_target_vs_tf_train.${string}`;

export interface BenchRatios {
  program: string;
  params: number;
  fused_vs_tfjs_webgpu: number | null;
  fused_vs_tf_train_webgpu: number | null;
  lion_vs_adamw_fused: number | null;
  tfjs_target_vs_tf_train: Record<string, number | null>;
  js_loop_vs_fused: number | null;
  fused_vs_traffic_twin: number | null;
  checks_vs_unchecked: number | null;
  unchecked_vs_traffic_twin: number | null;
  /** Each ratio's 10th and 90th percentiles over the rounds (the values above are the medians). */
  spread: Partial<Record<RatioKey, { p10: number; p90: number }>>;
}

export interface BenchMachine {
  cpu: string;
  cores: number;
  memory_gib: number;
  node: string;
  platform: string;
  /**
   * The WebGPU adapter (vendor, architecture, device), its driver (Dawn's description) and whether it is a
   * fallback (CPU) adapter, which decides the default tile shape (wgsl-tiles.ts `tileFor`), if any.
   */
  adapter: { vendor: string; architecture: string; device: string; driver: string; fallback: boolean } | null;
}

export interface BenchReport {
  format: 'optic-bench/3';
  date: string;
  command: string;
  machine: BenchMachine;
  options: {
    params: number[];
    tensors: number;
    steps: number;
    interp_limit: number;
    implementations: string[];
    /** The WGSL kernels' tile shapes (`64x4`); the ratios are the first one's. */
    tiles: string[];
  };
  backends: string[];
  /** Which loop (js-loop.ts) each program is equivalent to, and whether it is Adam. */
  programs: { name: string; loop: LoopKind | null; adam: boolean }[];
  /** How steps are timed: wall and CPU time always, the device's own time where it can tell. */
  timing: { wall: string; gpu: string };
  rows: BenchRow[];
  ratios: BenchRatios[];
  ratio_definitions: typeof RATIO_DEFINITIONS;
  cold: ColdCosts[];
}

/** The machine: CPU, memory, Node, and the WebGPU adapter when there is one. */
export async function benchMachine(): Promise<BenchMachine> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  const info = (await gpu?.requestAdapter())?.info;
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    adapter: info
      ? {
          vendor: info.vendor,
          architecture: info.architecture,
          device: info.device,
          driver: info.description,
          fallback: info.isFallbackAdapter,
        }
      : null,
  };
}

/** What the report's times are, on this device. */
export function benchTiming(result: BenchResult): BenchReport['timing'] {
  return {
    wall: "each step followed by a wait until the device has finished it (queue completion); medians with p10–p90 over interleaved rounds; every ratio is taken round by round (the two implementations' wall times in the same round), its median with p10–p90 over the rounds",
    gpu: result.gpuTimestamps
      ? "rows' gpu: GPU timestamps written at the begin and end of the step's compute pass (the fused step, the same without its checks, and its traffic twin), read back with each step's wait"
      : "not measured: the webgpu device has no 'timestamp-query' (rows' gpu is null)",
  };
}

/** The ratios per program and size, null where an implementation did not run: paired by round (measure.ts). */
export function benchRatios(result: BenchResult): BenchRatios[] {
  // The ratios are the WGSL kernels' at their first tile shape.
  const rounds = (program: string | undefined, params: number, implementation: Implementation, backend: string) =>
    result.rows.find(
      (r) =>
        r.program === program &&
        r.params === params &&
        r.implementation === implementation &&
        r.backend === backend &&
        (r.tile === null || r.tile === result.tiles[0]),
    )?.rounds;
  const named = (loop: LoopKind) => result.programs.find((p) => p.loop === loop)?.name;
  const sizes = [...new Set(result.rows.map((r) => r.params))];
  return result.programs.flatMap((p) =>
    sizes.map((n) => {
      const spreads: BenchRatios['spread'] = {};
      /** a ÷ b, round by round: the median, its spread kept under `key`. */
      const ratio = (key: RatioKey, a?: readonly number[], b?: readonly number[]) => {
        const paired = a && b ? pairedRatio(a, b) : null;
        if (!paired) return null;
        spreads[key] = { p10: paired.p10, p90: paired.p90 };
        return paired.median;
      };
      const of = (implementation: Implementation, backend = 'webgpu') => rounds(p.name, n, implementation, backend);
      const fused = of('wgsl');
      const unchecked = of('wgsl-unchecked');
      const twin = of('traffic-twin');
      const adamw = named('adamw');
      return {
        program: p.name,
        params: n,
        fused_vs_tfjs_webgpu: ratio('fused_vs_tfjs_webgpu', of('tfjs'), fused),
        fused_vs_tf_train_webgpu: ratio('fused_vs_tf_train_webgpu', of('tf.train.adam'), fused),
        lion_vs_adamw_fused:
          p.loop === 'lion' && adamw ? ratio('lion_vs_adamw_fused', fused, rounds(adamw, n, 'wgsl', 'webgpu')) : null,
        tfjs_target_vs_tf_train: Object.fromEntries(
          BENCH_BACKENDS.map((b) => [b, ratio(`tfjs_target_vs_tf_train.${b}`, of('tfjs', b), of('tf.train.adam', b))]),
        ),
        js_loop_vs_fused: ratio('js_loop_vs_fused', of('js-loop', 'js'), fused),
        fused_vs_traffic_twin: ratio('fused_vs_traffic_twin', twin, fused),
        checks_vs_unchecked: ratio('checks_vs_unchecked', unchecked, fused),
        unchecked_vs_traffic_twin: ratio('unchecked_vs_traffic_twin', twin, unchecked),
        spread: spreads,
      };
    }),
  );
}

const f2 = (x: number) => x.toFixed(2);
const fr = (x: number | null) => (x === null ? '–' : x.toFixed(2));
/** A ratio with its spread over the rounds: `0.93 (0.85–1.01)`. */
const frs = (x: number | null, s?: Pick<Spread, 'p10' | 'p90'>) =>
  x === null ? '–' : s ? `${x.toFixed(2)} (${s.p10.toFixed(2)}–${s.p90.toFixed(2)})` : x.toFixed(2);

function table(rows: readonly string[][]): string {
  const [head, ...body] = rows;
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The report as markdown: one table of timings, one of ratios, one of cold costs. */
export function benchMarkdown(report: BenchReport): string {
  const fused = (r: BenchRow) =>
    report.rows.find((x) => x.program === r.program && x.params === r.params && x.implementation === 'wgsl');
  const timings = report.rows.map((r) => [
    r.program,
    String(r.params),
    String(r.tensors),
    `${r.implementation} (${r.backend}${r.tile ? `, ${r.tile}` : ''})`,
    f2(r.wall.median),
    `${f2(r.wall.p10)}–${f2(r.wall.p90)}`,
    f2(r.cpu.median),
    r.gpu ? f2(r.gpu.median) : '–',
    fused(r) ? (r.wall.median / fused(r)!.wall.median).toFixed(1) : '–',
    r.agrees === null ? '–' : r.agrees ? 'yes' : '**no**',
  ]);
  const ratios = report.ratios.map((r) => [
    r.program,
    String(r.params),
    frs(r.fused_vs_tfjs_webgpu, r.spread.fused_vs_tfjs_webgpu),
    frs(r.fused_vs_tf_train_webgpu, r.spread.fused_vs_tf_train_webgpu),
    frs(r.lion_vs_adamw_fused, r.spread.lion_vs_adamw_fused),
    BENCH_BACKENDS.map((b) => `${b} ${fr(r.tfjs_target_vs_tf_train[b])}`).join(', '),
    frs(r.js_loop_vs_fused, r.spread.js_loop_vs_fused),
    frs(r.fused_vs_traffic_twin, r.spread.fused_vs_traffic_twin),
    frs(r.checks_vs_unchecked, r.spread.checks_vs_unchecked),
    frs(r.unchecked_vs_traffic_twin, r.spread.unchecked_vs_traffic_twin),
  ]);
  const cold = report.cold.map((c) => [
    c.program,
    `${f2(c.first_compile_wgsl_ms)}, ${f2(c.compile_wgsl_ms)}, ${f2(c.warm_compile_wgsl_ms)}`,
    `${f2(c.first_compile_tfjs_ms)}, ${f2(c.compile_tfjs_ms)}, ${f2(c.warm_compile_tfjs_ms)}`,
    c.pipelines_wgsl_ms === null ? '–' : f2(c.pipelines_wgsl_ms),
    Object.keys(c.open_ms)
      .map((k) => `${k} ${f2(c.open_ms[k])} + ${f2(c.first_step_ms[k])}`)
      .join('; '),
  ]);
  const { machine } = report;
  return [
    `# optic bench, ${report.date}`,
    '',
    `\`${report.command}\``,
    '',
    `Machine: ${machine.cpu} (${machine.cores} cores, ${machine.memory_gib} GiB), Node ${machine.node}, ${machine.platform}; ` +
      `adapter: ${machine.adapter ? `${machine.adapter.vendor} ${machine.adapter.device} (${machine.adapter.driver}${machine.adapter.fallback ? '; a fallback adapter, CPU' : ''})` : 'none'}. ` +
      `tfjs backends: ${report.backends.join(', ')}.`,
    '',
    '## Time per step (ms, wall; medians over interleaved rounds)',
    '',
    `Wall: ${report.timing.wall}. GPU: ${report.timing.gpu}.`,
    '',
    table([
      ['program', 'params', 'tensors', 'implementation', 'median', 'p10–p90', 'cpu', 'gpu', '× fused', 'same weights'],
      ...timings,
    ]),
    '',
    '## Ratios',
    '',
    'Medians of the per-round ratios, with their 10th–90th percentiles in brackets (the ratios per backend: medians only).',
    '',
    table([
      [
        'program',
        'params',
        'fused_vs_tfjs_webgpu',
        'fused_vs_tf_train_webgpu',
        'lion_vs_adamw_fused',
        'tfjs_target_vs_tf_train',
        'js_loop_vs_fused',
        'fused_vs_traffic_twin',
        'checks_vs_unchecked',
        'unchecked_vs_traffic_twin',
      ],
      ...ratios,
    ]),
    '',
    ...Object.entries(report.ratio_definitions).map(([k, v]) => `- \`${k}\`: ${v}`),
    '',
    '## Cold costs (ms, at the smallest size)',
    '',
    'Compile: the first of 5 compilations early in the process (for the first program, V8 compiles optic itself ' +
      'then), their median, and the median of 5 after 20 rounds over every program (warm).',
    '',
    table([
      [
        'program',
        'text → WGSL: first, median, warm',
        'text → tfjs: first, median, warm',
        'WGSL pipelines',
        'open + first step',
      ],
      ...cold,
    ]),
    '',
  ].join('\n');
}

/** Time per step against parameter count, log-log, one line per implementation, one panel per program. */
export function benchSvg(report: BenchReport): Promise<string> {
  const points: TimingPoint[] = report.rows.map((r) => ({
    program: r.program,
    implementation: `${r.implementation} (${r.backend})`,
    params: r.params,
    ms: r.wall.median,
    p10: r.wall.p10,
    p90: r.wall.p90,
  }));
  return timingSvg(points, `optic bench: time per step, ${report.options.tensors} tensor(s)`);
}
