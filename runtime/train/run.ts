// One training run: data, model and optimizer from a TrainJob, then epochs of minibatch steps (a loop over
// the optimizer's applyGradients, so that gradient clipping, loss checks and the data order are optic's),
// evaluation after each epoch, and after each epoch the metrics file and a checkpoint, both atomic. A run
// resumed from its checkpoint continues exactly as it would have: the model's initial weights, each epoch's
// order and every later step are functions of the seed and of what the checkpoint holds.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadDataset, CLASSES, type Dataset } from '../data/fashion-mnist.ts';
import { epochOrder, gatherImages, gatherLabels, pixelStats, splitTraining } from '../data/splits.ts';
import { useTfjsBackend } from '../tfjs/backends.ts';
import { tfjsOptimizer } from '../tfjs/index.ts';
import { valueAt } from '../hypers.ts';
import { baselineOptimizer } from './baseline.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { JobError, resolveJob, DECAY, type ResolvedJob, type TrainJob } from './job.ts';
import { summarize, writeMetrics, type EpochRecord, type Metrics } from './metrics.ts';
import { buildModel } from './models.ts';

export interface Progress {
  epoch(epoch: number, epochs: number, steps: number): void;
  step(done: number, loss: number, examplesPerSecond: number): void;
  epochEnd(record: EpochRecord): void;
}

export interface RunOptions {
  /** Where metrics.json, curves.svg and checkpoint.bin go; nothing is written without one. */
  out?: string;
  /** The program's text, compiled instead of reading `job.program` (a queue's worker on another machine). */
  source?: string;
  /** Continue from `out`'s checkpoint. */
  resume?: boolean;
  /** Write checkpoint.bin after each epoch (default true; a search's proxy jobs are never resumed). */
  checkpoint?: boolean;
  progress?: Progress;
  /** Polled after every step: true stops the run (its metrics say 'interrupted'). */
  stopRequested?: () => boolean;
  /** Stop (as if interrupted) after this many epochs in all: tests simulate a killed run with it. */
  stopAfterEpochs?: number;
}

interface CheckpointMeta {
  job: TrainJob;
  metrics: Metrics;
}

const CHECKPOINT = 'checkpoint.bin';
/** Steps between loss reads (each read waits for the device). */
const READ_EVERY = 10;
/** A loss this many times the first one read counts as divergence. */
const DIVERGED = 10;

const datasets = new Map<string, Dataset>();
function dataset(dir?: string): Dataset {
  const key = dir ?? '';
  if (!datasets.has(key)) datasets.set(key, loadDataset(dir));
  return datasets.get(key)!;
}

async function backendFor(job: TrainJob): Promise<string> {
  if (job.backend === 'wgsl' && job.tfjsBackend !== undefined && job.tfjsBackend !== 'webgpu') {
    throw new JobError(`--backend wgsl runs on tfjs's webgpu backend, not '${job.tfjsBackend}'`);
  }
  let chosen: Awaited<ReturnType<typeof useTfjsBackend>>;
  try {
    chosen = await useTfjsBackend(job.backend === 'wgsl' ? 'webgpu' : job.tfjsBackend);
  } catch (e) {
    throw new JobError((e as Error).message);
  }
  return chosen.name;
}

async function makeOptimizer(job: TrainJob, r: ResolvedJob): Promise<tf.Optimizer> {
  if (r.program === null) return baselineOptimizer(r.values);
  if (job.backend === 'wgsl') {
    const { WgslOptimizer } = await import('../webgpu/optimizer.ts');
    return new WgslOptimizer(r.program, { hypers: r.hypers, groups: r.groups });
  }
  return tfjsOptimizer(r.program, { hypers: r.hypers, groups: r.groups, math: job.math });
}

/** Trains as `job` says; resolves to the final metrics (also when the run diverged or was interrupted). */
export async function train(job: TrainJob, options: RunOptions = {}): Promise<Metrics> {
  const data = dataset(job.data);
  const split = splitTraining(data.train.count, job.validation, job.trainLimit);
  const batch = Math.min(job.batch, split.train.length);
  const steps = Math.floor(split.train.length / batch);
  const resolved = resolveJob(job, steps, options.source);
  const tfjsBackend = await backendFor(job);
  const stats = pixelStats(data.train, split.train);
  const testIndices = Int32Array.from(
    { length: Math.min(job.testLimit ?? data.test.count, data.test.count) },
    (_, i) => i,
  );
  const shape = [data.train.height, data.train.width, 1];
  const model = buildModel(
    job.model,
    { height: data.train.height, width: data.train.width, classes: CLASSES },
    job.seed,
  );
  const optimizer = await makeOptimizer(job, resolved);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let metrics: Metrics = {
    status: 'running',
    message: null,
    program: job.program,
    fingerprint: resolved.fingerprint,
    model: job.model,
    parameters: model.countParams(),
    hyperparameters: resolved.values,
    schedule: { kind: job.schedule, warmup: job.warmup },
    weight_decay: !resolved.values[DECAY]
      ? 'none'
      : resolved.groups.length
        ? 'no decay on rank ≤ 1 variables'
        : 'all variables',
    clip_global_norm: job.clipGlobalNorm ?? null,
    seed: job.seed,
    backend: job.backend,
    tfjs_backend: tfjsBackend,
    batch,
    epochs_planned: job.epochs,
    examples: { train: split.train.length, validation: split.validation.length, test: testIndices.length },
    epochs: [],
    final_train_loss: null,
    test_accuracy: null,
    seconds_per_epoch: null,
    cpu_seconds_per_epoch: null,
    wall_seconds: 0,
    state_bytes_per_parameter: null,
    job,
  };
  const started = performance.now();
  let previousWall = 0;
  try {
    if (options.out) mkdirSync(options.out, { recursive: true });
    if (options.resume) {
      const restored = await restore(options.out!, job, resolved.fingerprint, model, optimizer);
      metrics = { ...restored, status: 'running', message: null, tfjs_backend: tfjsBackend };
      previousWall = restored.wall_seconds;
    }
    const lossOf = (x: tf.Tensor, y: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
    for (let epoch = metrics.epochs.length; epoch < job.epochs; epoch++) {
      if (options.stopAfterEpochs !== undefined && epoch >= options.stopAfterEpochs) {
        metrics.status = 'interrupted';
        metrics.message = `stopped after epoch ${epoch}`;
        break;
      }
      options.progress?.epoch(epoch + 1, job.epochs, steps);
      const order = epochOrder(split.train.length, job.seed, epoch);
      const epochStart = performance.now();
      const cpuStart = process.cpuUsage();
      const losses: number[] = [];
      const pending: tf.Scalar[] = [];
      let stop: string | undefined;
      const flush = async () => {
        if (pending.length === 0) return;
        const values = await tf.tidy(() => tf.stack(pending)).data();
        pending.splice(0).forEach((t) => t.dispose());
        for (const v of values) {
          losses.push(v);
          const step = epoch * steps + losses.length;
          if (!Number.isFinite(v)) stop ??= `the training loss became ${v} at step ${step} (epoch ${epoch + 1})`;
          const first = metrics.epochs[0]?.train_loss ?? losses[0];
          if (Number.isFinite(v) && v > DIVERGED * Math.max(first, 1e-3) && v > 10)
            stop ??= `the training loss diverged: ${v.toPrecision(4)} at step ${step} (epoch ${epoch + 1}), more than ${DIVERGED}× its first value ${first.toPrecision(4)}`;
        }
        const seconds = (performance.now() - epochStart) / 1000;
        options.progress?.step(losses.length, values[values.length - 1], (losses.length * batch) / seconds);
      };
      for (let s = 0; s < steps && !stop; s++) {
        const indices = Int32Array.from({ length: batch }, (_, b) => split.train[order[s * batch + b]]);
        pending.push(step(data.train, indices, stats, shape, lossOf, variables, optimizer, job.clipGlobalNorm));
        if (pending.length === READ_EVERY || s === steps - 1) await flush();
        if (options.stopRequested?.()) {
          await flush();
          stop ??= 'interrupted';
          metrics.status = 'interrupted';
        }
      }
      await flush();
      const seconds = (performance.now() - epochStart) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      if (stop) {
        if (metrics.status !== 'interrupted') metrics.status = 'diverged';
        metrics.message =
          stop === 'interrupted'
            ? `interrupted during epoch ${epoch + 1}; metrics hold the ${epoch} epochs done`
            : stop;
        break;
      }
      const record: EpochRecord = {
        epoch: epoch + 1,
        train_loss: losses.reduce((a, b) => a + b, 0) / losses.length,
        val_accuracy:
          split.validation.length > 0 ? await accuracy(model, data.train, split.validation, stats, shape) : null,
        test_accuracy: await accuracy(model, data.test, testIndices, stats, shape),
        seconds,
        cpu_seconds: (cpu.user + cpu.system) / 1e6,
        lr: Object.hasOwn(resolved.hypers, 'lr') ? valueAt('lr', resolved.hypers.lr, (epoch + 1) * steps) : null,
      };
      metrics.epochs.push(record);
      metrics.wall_seconds = previousWall + (performance.now() - started) / 1000;
      metrics = summarize(metrics);
      options.progress?.epochEnd(record);
      if (options.out) {
        await writeMetrics(options.out, metrics);
        if (options.checkpoint !== false) {
          await saveCheckpoint<CheckpointMeta>(
            join(options.out, CHECKPOINT),
            { job, metrics },
            await namedWeights(model),
            await optimizer.getWeights(),
          );
        }
      }
    }
    if (metrics.status === 'running') metrics.status = 'completed';
    // Per trainable parameter: the optimizer keeps no state for BatchNorm's moving statistics.
    const trainable = variables.reduce((n, v) => n + v.size, 0);
    metrics.state_bytes_per_parameter = await stateBytes(optimizer, trainable);
    metrics.wall_seconds = previousWall + (performance.now() - started) / 1000;
    metrics = summarize(metrics);
    if (options.out) await writeMetrics(options.out, metrics);
    return metrics;
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

/** One minibatch step; returns the batch's loss (a scalar the caller reads later). */
function step(
  data: Dataset['train'],
  indices: Int32Array,
  stats: { mean: number; std: number },
  shape: number[],
  lossOf: (x: tf.Tensor, y: tf.Tensor) => tf.Scalar,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  clip?: number,
): tf.Scalar {
  return tf.tidy(() => {
    const x = tf.tensor(gatherImages(data, indices, stats), [indices.length, ...shape]);
    const y = tf.oneHot(tf.tensor1d(gatherLabels(data, indices), 'int32'), CLASSES);
    const { value, grads } = tf.variableGrads(() => lossOf(x, y), variables);
    optimizer.applyGradients(clip === undefined ? grads : clipByGlobalNorm(grads, clip));
    return value;
  });
}

/** g · min(1, c / ‖g‖₂), the norm over all gradients (optax.clip_by_global_norm). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, c: number): tf.NamedTensorMap {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(1, tf.div(c, tf.maximum(norm, 1e-30)));
  return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
}

/** Fraction of `indices` classified correctly, in batches of 1000 (inference mode: BatchNorm's averages). */
async function accuracy(
  model: tfl.LayersModel,
  data: Dataset['test'],
  indices: Int32Array,
  stats: { mean: number; std: number },
  shape: number[],
): Promise<number> {
  let correct = 0;
  for (let from = 0; from < indices.length; from += 1000) {
    const part = indices.subarray(from, from + 1000);
    const hits = tf.tidy(() => {
      const x = tf.tensor(gatherImages(data, part, stats), [part.length, ...shape]);
      const predicted = tf.argMax(model.apply(x, { training: false }) as tf.Tensor, -1);
      return tf.sum(tf.cast(tf.equal(predicted, tf.tensor1d(gatherLabels(data, part), 'int32')), 'int32'));
    });
    correct += (await hits.data())[0];
    hits.dispose();
  }
  return indices.length === 0 ? NaN : correct / indices.length;
}

async function namedWeights(model: tfl.LayersModel) {
  return model.weights.map((w, i) => ({ name: `${i}:${w.originalName}`, tensor: w.read() }));
}

async function stateBytes(optimizer: tf.Optimizer, parameters: number): Promise<number> {
  const weights = await optimizer.getWeights();
  const elements = weights.filter((w) => w.name !== 'iter').reduce((n, w) => n + w.tensor.size, 0);
  weights.forEach((w) => w.tensor.dispose());
  return (4 * elements) / parameters;
}

/** Loads the checkpoint in `dir` into the model and optimizer; returns the metrics of the epochs it holds. */
async function restore(
  dir: string,
  job: TrainJob,
  fingerprint: string,
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
): Promise<Metrics> {
  const ckpt = loadCheckpoint<CheckpointMeta>(join(dir, CHECKPOINT));
  if (ckpt.meta.metrics.fingerprint !== fingerprint)
    throw new JobError(
      `${job.program} has changed since the checkpoint in '${dir}' was written (its compiled fingerprint differs)`,
    );
  if (ckpt.model.length !== model.weights.length)
    throw new JobError(
      `the checkpoint in '${dir}' holds ${ckpt.model.length} model weights, the ${job.model} has ${model.weights.length}`,
    );
  model.weights.forEach((w, i) => {
    const t = ckpt.model[i].tensor;
    if (t.shape.join() !== w.shape.join())
      throw new JobError(
        `the checkpoint in '${dir}': weight ${i} is ${t.shape.join('×')}, the model's is ${w.shape.join('×')}`,
      );
    w.write(t);
  });
  // Not disposed: an optimizer may hold the loaded tensors until its first step creates its state.
  await optimizer.setWeights(ckpt.optimizer);
  return ckpt.meta.metrics;
}
