// The training commands end to end, on a small dataset the test writes: `optic train` prints its accuracy and
// files, resumes, and fails with a sentence and exit 1 (bad data, unknown hyperparameter, bad checkpoint) or
// exit 2 (bad flags); `optic compare` and `optic sweep` run their jobs in worker processes and write their
// tables and plots, a failed job being a row, not the end.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { optic, opticProcess } from '../cli/harness.ts';
import { writeSyntheticDataset } from '../data/idx-files.ts';

let data: string;
beforeAll(() => {
  data = writeSyntheticDataset({ train: 300, test: 60 });
});
const out = () => mkdtempSync(join(tmpdir(), 'optic-cli-train-'));
const tiny = () => ['--data', data, '--validation', '40', '--batch', '32', '--tfjs-backend', 'wasm'];

describe('optic train', () => {
  it('trains, prints the test accuracy and where the metrics and plot are, and resumes a finished run as is', async () => {
    const dir = out();
    const r = await optic('train', 'programs/lion.opt', '--model', 'mlp', ...tiny(), '--set', 'lr=1e-3', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^test accuracy [01]\.\d{4} after 1 epoch \(mlp, 235146 parameters, [\d.]+ s\/epoch on tfjs\/wasm\)\n/,
    );
    expect(r.out).toContain(`metrics: ${dir}/metrics.json, plot: ${dir}/curves.svg`);
    expect(r.err).toMatch(/^epoch 1: loss [\d.]+, validation [\d.]+, test [\d.]+, [\d.]+ s\n$/);
    const again = await optic('train', '--resume', dir);
    expect(again.code).toBe(0);
    expect(again.out.split('\n')[0].slice(0, 22)).toBe(r.out.split('\n')[0].slice(0, 22));
  });

  it('fails with a sentence and exit 1 on missing data, an unknown hyperparameter, a bad checkpoint', async () => {
    const empty = out();
    const missing = await optic('train', 'programs/lion.opt', '--data', empty);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      `optic: cannot read '${empty}/train-images-idx3-ubyte.gz': no such file (nor '${empty}/train-images-idx3-ubyte')\n`,
    );
    const unknown = await optic('train', 'programs/lion.opt', ...tiny(), '--set', 'η=1', '--out', out());
    expect(unknown.code).toBe(1);
    // hypers.ts's one wording (issue 8), as optic step and the optimizers say it.
    expect(unknown.err).toMatch(
      /^optic: --set: 'η' is not a hyperparameter of programs\/lion\.opt \(hyperparameters: .*\)\n$/,
    );
    const broken = out();
    writeFileSync(join(broken, 'checkpoint.bin'), 'OPTICKPT\x10\x00');
    const resume = await optic('train', '--resume', broken);
    expect(resume.code).toBe(1);
    expect(resume.err).toBe(`optic: '${broken}/checkpoint.bin' is not a usable checkpoint: it is truncated\n`);
    const none = await optic('train', '--resume', empty);
    expect(none.err).toBe(`optic: cannot read '${empty}/checkpoint.bin': no such file\n`);
  });

  it('stops a diverging run with exit 1, naming the step and the files', async () => {
    const dir = out();
    const r = await optic('train', 'programs/sgd.opt', ...tiny(), '--set', 'lr=1e30', '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /optic: training stopped: the training loss .* at step \d+ \(epoch 1\); metrics: .*metrics\.json/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).status).toBe('diverged');
  });

  it("trains with tfjs's own tf.train.adam in place of a program (the baseline of the speed goal)", async () => {
    const dir = out();
    const r = await optic('train', 'tf.train.adam', ...tiny(), '--set', 'lr=3e-3', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^test accuracy [01]\.\d{4} after 1 epoch \(mlp, 235146 parameters, [\d.]+ s\/epoch on tfjs\/wasm\)/,
    );
    const m = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    expect(m).toMatchObject({ program: 'tf.train.adam', fingerprint: 'tf.train.adam', weight_decay: 'none' });
    expect(m.hyperparameters).toEqual({ lr: 3e-3, β1: 0.9, β2: 0.999, ε: 1e-7 });
    expect(m.state_bytes_per_parameter).toBe(8); // two moments
    const decay = await optic('train', 'tf.train.adam', ...tiny(), '--set', 'λ=0.1', '--out', out());
    expect(decay.code).toBe(1);
    // The wording of every unknown hyperparameter (runtime/hypers.ts).
    expect(decay.err).toBe(
      "optic: --set: 'λ' is not a hyperparameter of tf.train.adam (hyperparameters: lr, β1, β2, ε)\n",
    );
    const scheduled = await optic('train', 'tf.train.adam', ...tiny(), '--schedule', 'cosine', '--out', out());
    expect(scheduled.code).toBe(1);
    expect(scheduled.err).toBe(
      'optic: tf.train.adam takes a constant lr: --schedule and --warmup need an optimizer program\n',
    );
  });

  it("prints no banner on tfjs's cpu backend (it advises tfjs-node on its first tensor)", () => {
    const tiny = ['--data', data, '--validation', '40', '--batch', '32', '--train-limit', '64', '--test-limit', '20'];
    // A process of its own: the banner is console.warn's, once per process.
    const r = opticProcess(['train', 'programs/lion.opt', ...tiny, '--tfjs-backend', 'cpu', '--out', out()]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^epoch 1: loss [\d.]+, validation [\d.]+, test [\d.]+, [\d.]+ s\n$/);
  });

  it('rejects bad flags with exit 2', async () => {
    expect((await optic('train', 'programs/lion.opt', '--model', 'resnet50')).code).toBe(2);
    expect((await optic('train', 'programs/lion.opt', '--epochs', '0')).code).toBe(2);
    expect((await optic('train', 'programs/lion.opt', '--set', 'lr')).code).toBe(2);
    expect((await optic('train')).code).toBe(2);
  });
});

// Each job is a fresh worker process (tfjs and the dataset loaded anew): minutes on a loaded machine.
describe('optic compare and optic sweep', { timeout: 300_000 }, () => {
  it('compare: each program × seeds in workers; results.md, results.json, curves.svg; a failed run is a row', async () => {
    const dir = out();
    // step3_lion.opt leaves λ and lr open: its runs fail (no value for λ), the others go on.
    const r = await optic(
      'compare',
      'programs/lion.opt',
      'programs/paper/step3_lion.opt',
      '--model',
      'mlp',
      '--seeds',
      '2',
      '--workers',
      '2',
      ...tiny(),
      '--train-limit',
      '128',
      '--out',
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /\| lion \| [01]\.\d{4} ± 0\.\d{4} \| [01]\.\d{4} ± 0\.\d{4} \| [\d.]+ ± [\d.]+ \| [\d.]+ ± [\d.]+ \| [\d.]+ ± [\d.]+ \| 4 \| 2 \(0\) \|/,
    );
    expect(r.out).toContain('| step3_lion | – | – | – | – | – | – | 2 (2) |');
    expect(r.out).toMatch(
      /step3_lion-seed0: the hyperparameters 'λ', 'lr' have no value: pass --set λ=VALUE --set lr=VALUE/,
    );
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(json.rows.map((row: { label: string }) => row.label)).toEqual(['lion', 'step3_lion']);
    expect(json.entries[0]).toMatchObject({ model: 'mlp', optimizer: 'lion', seeds: 2, lr: 0.0003, λ: 1 });
    expect(json.entries[1]).toMatchObject({
      model: 'mlp',
      optimizer: 'step3_lion',
      seeds: 0,
      test_accuracy_mean: null,
    });
    expect(json.runs.filter((run: { ok: boolean }) => run.ok).map((run: { seed: number }) => run.seed)).toEqual([0, 1]);
    expect(readFileSync(join(dir, 'curves.svg'), 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(dir, 'runs', 'lion-seed1', 'metrics.json'))).toBe(true);
  });

  it('sweep: a grid of lr × λ; the table, the best point and a heatmap', async () => {
    const dir = out();
    const r = await optic(
      'sweep',
      'programs/lion.opt',
      '--grid',
      'lr=1e-4,1e-3',
      '--grid',
      'λ=0.1,1',
      '--model',
      'mlp',
      '--workers',
      '2',
      ...tiny(),
      '--train-limit',
      '96',
      '--out',
      dir,
    );
    expect(r.code).toBe(0);
    for (const point of ['lr=0.0001 λ=0.1', 'lr=0.0001 λ=1', 'lr=0.001 λ=0.1', 'lr=0.001 λ=1'])
      expect(r.out).toContain(`| ${point} |`);
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(json.rows.length).toBe(4);
    expect(Object.keys(json.best.point)).toEqual(['lr', 'λ']);
    const heatmap = readFileSync(join(dir, 'heatmap.svg'), 'utf8');
    expect(heatmap).toMatch(/^<svg/);
    expect(heatmap).toContain('validation accuracy');
  });

  it('sweep: rejects a malformed grid with exit 2', async () => {
    const r = await optic('sweep', 'programs/lion.opt', '--grid', 'lr=1e-4,abc');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--grid expects NAME=V1,V2,... with numbers (like --grid lr=1e-4,3e-4), not 'lr=1e-4,abc'");
  });
});
