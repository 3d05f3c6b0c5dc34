// Every module of the engines (runtime/tfjs/, runtime/webgpu/) loads: as modules.test.ts does for the
// compiler, inside a test, so that a module throwing while it loads is a failed test and not only an error
// of a test file (which Stryker's vitest runner does not count). The imports are written out, literal, so
// that test/isolation.ts sees this file load tfjs and Dawn and gives it a process of its own; the first
// test keeps the list equal to the folders' files.

import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  'runtime/tfjs/backend-names.ts': () => import('../../runtime/tfjs/backend-names.ts'),
  'runtime/tfjs/backends.ts': () => import('../../runtime/tfjs/backends.ts'),
  'runtime/tfjs/config.ts': () => import('../../runtime/tfjs/config.ts'),
  'runtime/tfjs/declarations.ts': () => import('../../runtime/tfjs/declarations.ts'),
  'runtime/tfjs/engine.ts': () => import('../../runtime/tfjs/engine.ts'),
  'runtime/tfjs/index.ts': () => import('../../runtime/tfjs/index.ts'),
  'runtime/tfjs/module.ts': () => import('../../runtime/tfjs/module.ts'),
  'runtime/tfjs/optimizer.ts': () => import('../../runtime/tfjs/optimizer.ts'),
  'runtime/tfjs/scalars.ts': () => import('../../runtime/tfjs/scalars.ts'),
  'runtime/webgpu/buffers.ts': () => import('../../runtime/webgpu/buffers.ts'),
  'runtime/webgpu/compile.ts': () => import('../../runtime/webgpu/compile.ts'),
  'runtime/webgpu/dawn.ts': () => import('../../runtime/webgpu/dawn.ts'),
  'runtime/webgpu/device.ts': () => import('../../runtime/webgpu/device.ts'),
  'runtime/webgpu/engine.ts': () => import('../../runtime/webgpu/engine.ts'),
  'runtime/webgpu/fields.ts': () => import('../../runtime/webgpu/fields.ts'),
  'runtime/webgpu/kernel-optimizer.ts': () => import('../../runtime/webgpu/kernel-optimizer.ts'),
  'runtime/webgpu/kernel-runner.ts': () => import('../../runtime/webgpu/kernel-runner.ts'),
  'runtime/webgpu/kernel-step.ts': () => import('../../runtime/webgpu/kernel-step.ts'),
  'runtime/webgpu/kernel.ts': () => import('../../runtime/webgpu/kernel.ts'),
  'runtime/webgpu/layout.ts': () => import('../../runtime/webgpu/layout.ts'),
  'runtime/webgpu/lines.ts': () => import('../../runtime/webgpu/lines.ts'),
  'runtime/webgpu/monitor.ts': () => import('../../runtime/webgpu/monitor.ts'),
  'runtime/webgpu/optimizer.ts': () => import('../../runtime/webgpu/optimizer.ts'),
  'runtime/webgpu/pipelines.ts': () => import('../../runtime/webgpu/pipelines.ts'),
  'runtime/webgpu/polling.ts': () => import('../../runtime/webgpu/polling.ts'),
  'runtime/webgpu/quiet.ts': () => import('../../runtime/webgpu/quiet.ts'),
  'runtime/webgpu/readback.ts': () => import('../../runtime/webgpu/readback.ts'),
  'runtime/webgpu/runner.ts': () => import('../../runtime/webgpu/runner.ts'),
  'runtime/webgpu/state.ts': () => import('../../runtime/webgpu/state.ts'),
};

describe('every module of the engines', () => {
  it('is listed here', () => {
    const files = ['runtime/tfjs', 'runtime/webgpu'].flatMap((dir) =>
      readdirSync(join(ROOT, dir))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
        .map((name) => `${dir}/${name}`),
    );
    expect(Object.keys(MODULES).sort()).toEqual(files.sort());
  });

  // A module of types only exports nothing at run time: loading without throwing is the whole check.
  it.each(Object.keys(MODULES))('%s loads', async (file) => {
    await expect(MODULES[file]()).resolves.toBeTypeOf('object');
  });
});
