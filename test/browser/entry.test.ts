// 'optic/browser' must bundle for a browser: nothing in its imports may reach a Node module (node:fs, Dawn's
// `webgpu` package, esbuild). esbuild bundles it for platform 'browser', which refuses node: imports; what
// stays outside the bundle is tfjs, the page's own (tfjs-core is the package's peer dependency).

import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRY = resolve(import.meta.dirname, '../../runtime/api/browser.ts');

describe("'optic/browser'", () => {
  it('bundles for a browser, importing nothing but tfjs', async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      external: ['@tensorflow/*'],
      metafile: true,
      logLevel: 'silent',
    });
    const outside = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect([...new Set(outside)]).toEqual(['@tensorflow/tfjs-core']);
  });
});
