// The WGSL target's check of a tile shape (compiler/targets/wgsl.ts) at each of its bounds: a power-of-2
// workgroup of 2 to 256 threads (the reduction tree halves it down to one lane; 256 is WebGPU's guaranteed
// maxComputeInvocationsPerWorkgroup) and a whole number, at least 1, of vec4s per thread.

import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { programFile } from '../../fixtures/compile.ts';

const program = programFile('programs/adamw.opt');
const compileWith = (workgroup: number, perThread: number) =>
  compileProgram(program, 'wgsl', { tile: { workgroup, perThread } });

describe('tile shapes', () => {
  it.each([
    [2, 1],
    [256, 1],
    [64, 4],
    [128, 7],
  ])('accepts a workgroup of %i threads with %i vec4s each', (workgroup, perThread) => {
    expect(compileWith(workgroup, perThread).code).toContain(`@workgroup_size(${workgroup})`);
  });

  it.each([
    [1, 1, /power-of-2 workgroup/],
    [512, 1, /power-of-2 workgroup/],
    [0, 1, /power-of-2 workgroup/],
    [96, 1, /power-of-2 workgroup/],
    [64, 0, /whole number of vec4s/],
    [64, -1, /whole number of vec4s/],
    [64, 2.5, /whole number of vec4s/],
  ])('refuses a workgroup of %i threads with %d vec4s each', (workgroup, perThread, message) => {
    expect(() => compileWith(workgroup, perThread)).toThrow(message);
    expect(() => compileWith(workgroup, perThread)).toThrow(
      `(got {"workgroup":${workgroup},"perThread":${perThread}})`,
    );
  });
});
