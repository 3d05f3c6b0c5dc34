// compiler/targets/wgsl-interface.ts's lookups at their edges: a struct the manifest does not have is refused
// by name (a host reading a manifest from JSON is not held to the StructName type).

import { describe, expect, it } from 'vitest';
import { type StructName, structOf } from '../../../compiler/targets/wgsl-interface.ts';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { programFile } from '../../fixtures/compile.ts';

describe('structOf', () => {
  const { manifest } = compileProgram(programFile('programs/adamw.opt'), 'wgsl');

  it('finds each struct the module declares', () => {
    for (const name of ['Params', 'Chunk', 'Control'] as const) expect(structOf(manifest, name).struct).toBe(name);
  });

  it('refuses a struct the manifest does not have, by name', () => {
    expect(() => structOf(manifest, 'Nope' as StructName)).toThrow('wgsl manifest: no struct Nope');
  });
});
