// Golden files (TESTING.md "G"): the WGSL module and manifest generated for every program in programs/
// (paper/ and tfjs/ included, as for the tfjs target), compared exactly with test/targets/wgsl/golden/, so
// that a change to the emitter or the simplifier shows up in review as a diff of generated code.
// `UPDATE_GOLDEN=1` rewrites them. Generating WGSL needs no device, so this runs with or without WebGPU;
// codegen.test.ts checks that such text compiles on a device.

import { compileFile } from '../../../compiler/compile.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { goldenSuite } from '../../golden.ts';

goldenSuite('WGSL', 'test/targets/wgsl/golden', '.wgsl', (file) => {
  const { program, diagnostics } = compileFile(`programs/${file}`);
  if (!program) throw new Error(`programs/${file}: ${JSON.stringify(diagnostics)}`);
  const { code, manifest } = compileProgram(program, 'wgsl');
  return `${code}\n/* manifest\n${JSON.stringify(manifest, null, 2)}\n*/\n`;
});
