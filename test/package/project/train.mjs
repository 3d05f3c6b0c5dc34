// In the installed package, plain Node: compile a program through the API, train with its optimizer on the
// engine named by argv[3] (tfjs: the tfjs target's, on tfjs's default backend; module: the same class from the
// module `optic compile --target tfjs` wrote; wgsl: the WGSL kernel, on tfjs's webgpu backend), save the model with the optimizer's state in argv[2], then go on for 3 epochs (what the
// reloaded model must repeat). Prints what happened as JSON.
import * as tf from '@tensorflow/tfjs';
import { parseProgram } from 'optic';
import { tfjsOptimizer } from 'optic/tfjs';
import { useTfjsBackend, WgslOptimizer } from 'optic/webgpu';
import { LION, model, saveTo, trainFor } from './model.mjs';

const [dir, engine] = process.argv.slice(2);
const program = parseProgram(LION, 'lion.opt');
const options = { hypers: { lr: 0.02 } };
if (engine === 'wgsl') await useTfjsBackend('webgpu');
const optimizer =
  engine === 'wgsl'
    ? new WgslOptimizer(program, options)
    : engine === 'module'
      ? new (await import('./lion.js')).default(options)
      : tfjsOptimizer(program, options);
const m = model();
m.compile({ optimizer, loss: 'meanSquaredError' });
const losses = await trainFor(m, 6);
await m.save(saveTo(dir), { includeOptimizer: true });
const { iterations } = optimizer;
const then = await trainFor(m, 3);
console.log(
  JSON.stringify({ backend: tf.getBackend(), className: optimizer.getClassName(), losses, iterations, then }),
);
process.exit(0); // Dawn's device would keep the process alive
