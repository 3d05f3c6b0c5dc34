// Programs in the format of the Lion paper's open-source search space (google/automl hero/), run unchanged
// on the three engines and checked against Python itself: Hero's format is Python, so
// test/fixtures/hero_numpy.py runs the same text with `exec` over numpy. Each fixture's roles (which
// parameter is the gradient, which are state) are written here by hand, not taken from optic's signature.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, TOLERANCE, type Tolerance } from '../../runtime/compare.ts';
import type { EngineName } from '../../runtime/engine.ts';
import { openEngine } from '../../runtime/engines.ts';
import { useTfjsBackend } from '../../runtime/tfjs/backends.ts';
import type { Gpu } from '../../runtime/webgpu/device.ts';
import { load } from '../semantics/settings.ts';
import { testGpu } from '../targets/wgsl/gpu.ts';
interface Fixture {
  file: string;
  roles: Record<string, 'w' | 'g' | 'state'>;
  returns: string[];
}

const FIXTURES: Fixture[] = [
  { file: 'programs/hero/adam.opt', roles: { w: 'w', m: 'state', v: 'state', gradient: 'g' }, returns: ['m', 'v'] },
  { file: 'programs/hero/lion.opt', roles: { w: 'w', m: 'state', grad: 'g' }, returns: ['m'] },
];

const W0 = [0.5, -1.25, 2, 1e-3, -0.75];
/** Gradients with both signs, a zero and a change of scale, five steps. */
const GRADS = [0, 1, 2, 3, 4].map((s) =>
  W0.map((_, i) => (i === 3 && s === 1 ? 0 : Math.sin(1 + 3 * s + 7 * i) * 10 ** ((s % 3) - 1))),
);

/** python3 with numpy: Debian's python3-numpy, which .ci/setup installs, or whatever python3 is on PATH. */
function python(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(candidate, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

const PYTHON = python();
if (!PYTHON && process.env.CI) throw new Error('python3 with numpy is missing: .ci/setup installs python3-numpy');

function numpyRun(f: Fixture, source: string): Array<Record<string, number[]>> {
  const job = { source, function: 'train', w: W0, grads: GRADS, roles: f.roles, returns: f.returns };
  const r = spawnSync(PYTHON!, ['test/fixtures/hero_numpy.py'], { input: JSON.stringify(job), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

let gpu: Gpu | undefined;
beforeAll(async () => {
  await useTfjsBackend('cpu');
  gpu = await testGpu();
});
afterAll(() => gpu?.destroy());

const ENGINES: Array<[EngineName, Tolerance]> = [
  ['interp', TOLERANCE.float64],
  ['tfjs', TOLERANCE['tfjs-cpu']],
  ['wgsl', TOLERANCE.wgsl],
];

/** [name, index, optic, numpy] for each element of the weights and the state that numpy does not match. */
function differences(actual: Record<string, Float64Array>, expected: Record<string, number[]>, tol: Tolerance) {
  return Object.entries(expected).flatMap(([name, want]) =>
    want.flatMap((x, i) => (close(x, actual[name][i], tol) ? [] : [[name, i, actual[name][i], x]])),
  );
}

describe.skipIf(!PYTHON)("Hero's format against Python's own reading of it (numpy)", () => {
  for (const f of FIXTURES) {
    const source = readFileSync(f.file, 'utf8');
    for (const [engine, tolerance] of ENGINES) {
      it(`${f.file} on ${engine} agrees with numpy at every step, weights and state`, async () => {
        const expected = numpyRun(f, source);
        const program = load(f.file);
        if (engine === 'wgsl' && !gpu) return expect.unreachable('no WebGPU adapter here');
        const params = [{ name: 'w', shape: [W0.length] }];
        const e = await openEngine(engine, program, { params, w: [W0], device: gpu?.device });
        try {
          for (const [s, g] of GRADS.entries()) {
            await e.step([g]);
            const read = await e.read();
            const actual = {
              w: read.w[0],
              ...Object.fromEntries(program.signature.state.map((n, k) => [n, read.state[k][0]])),
            };
            expect(differences(actual, expected[s], tolerance), `step ${s + 1}: [name, index, optic, numpy]`).toEqual(
              [],
            );
          }
        } finally {
          e.dispose();
        }
      });
    }
  }
});
