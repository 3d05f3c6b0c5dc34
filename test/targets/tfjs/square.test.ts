// pow(x, 2) with a constant 2 is emitted as tf.square: Math.pow(x, 2) is exactly x · x, which tf.pow is not
// on every backend (measured: on webgpu 1809 of these 2000 values differ from x · x by up to ~4 ulps, on wasm
// 3 by 1 ulp). The op tests allow a few ulps, so only an exact comparison sees the difference.

import { describe, expect, it } from 'vitest';
import { useTfjsBackend } from '../../../runtime/tfjs/backends.ts';
import { run } from './emit.ts';
import { backendsUnderTest } from './harness.ts';

const XS = Array.from({ length: 2000 }, (_, i) => Math.fround((i - 1000) * 0.37 + 0.013 * i));

describe.each(await backendsUnderTest())('pow(x, 2) on tfjs %s', (backend) => {
  it('is x · x exactly, rounded once to float32', async () => {
    await useTfjsBackend(backend);
    const got = await run('pow', [XS, [2]], [false, true]);
    const wrong = XS.filter((x, i) => got[i] !== Math.fround(x * x));
    expect(wrong).toEqual([]);
  });
});
