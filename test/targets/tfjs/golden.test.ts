// Golden files (TESTING.md "G"): the step function and spec the tfjs target generates for every program in
// programs/ (paper/ and tfjs/ included), compared exactly with test/targets/tfjs/golden/, so that a change
// to the emitter or the simplifier shows up in review as a diff of generated code. `UPDATE_GOLDEN=1`
// rewrites them (as for test/targets/wgsl/golden/). The runtime files the printed module bundles
// (runtime/tfjs/optimizer.ts and its imports) are not part of them: module.test.ts covers the module itself.

import { compileProgram } from '../../../compiler/pipeline.ts';
import { specLiteral } from '../../../runtime/tfjs/module.ts';
import { goldenSuite } from '../../golden.ts';
import { programFile } from './harness.ts';

goldenSuite('tfjs', 'test/targets/tfjs/golden', '.js', (file) => {
  const { step, spec } = compileProgram(programFile(`programs/${file}`), 'tfjs');
  return `${step}\n\nconst PROGRAM = ${specLiteral(spec)};\n`;
});
