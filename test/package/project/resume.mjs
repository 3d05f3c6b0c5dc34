// A new process: the one call that registers the program's optimizer class (tfjsOptimizerClass; importing the
// compiled module; wgslOptimizerClass for the WGSL kernel's), then loadLayersModel restores the model with its optimizer and
// state, and training continues.
import * as tf from '@tensorflow/tfjs';
import { parseProgram } from 'optic';
import { tfjsOptimizerClass } from 'optic/tfjs';
import { useTfjsBackend, wgslOptimizerClass } from 'optic/webgpu';
import { LION, loadFrom, trainFor } from './model.mjs';

const [dir, engine] = process.argv.slice(2);
const program = parseProgram(LION, 'lion.opt');
if (engine === 'wgsl') {
  await useTfjsBackend('webgpu');
  wgslOptimizerClass(program);
} else if (engine === 'module') await import('./lion.js');
else tfjsOptimizerClass(program);
const m = await loadFrom(dir);
const { optimizer } = m;
const restored = { className: optimizer.getClassName(), iterations: optimizer.iterations, hypers: optimizer.hypers };
const losses = await trainFor(m, 3);
console.log(JSON.stringify({ backend: tf.getBackend(), ...restored, losses }));
process.exit(0);
