// runtime/webgpu/fields.ts's fieldView over a typed array that is a window into a larger buffer (as a mapped
// range's copy may be): it reads the window's own bytes, and writes go to its own copy, not the caller's.
// Host code only.

import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../compiler/pipeline.ts';
import { fieldView } from '../../../runtime/webgpu/fields.ts';
import { programOf } from '../../fixtures/compile.ts';

describe('fieldView over a window of a buffer', () => {
  it('reads the window from its offset and copies it', () => {
    const { manifest } = compileProgram(programOf('def train(w, g):\n    return g * 0.5\n'), 'wgsl');
    const words = manifest.control.size / 4;
    const backing = new Uint32Array(4 + words);
    const window = new Uint32Array(backing.buffer, 16, words);
    const skipped = manifest.control.fields.find((f) => f.name === 'skipped')!.offset / 4;
    backing[skipped] = 99; // outside the window, at the field's offset from the buffer's start
    window[skipped] = 5;
    const control = fieldView(manifest, 'Control', window);
    expect(control.get('skipped')).toBe(5);
    control.set('skipped', 7);
    expect([window[skipped], backing[skipped]]).toEqual([5, 99]);
  });
});
