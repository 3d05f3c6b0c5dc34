// 'optic/browser' and 'optic/kernel' must bundle for a browser: nothing in their imports may reach a Node
// module (node:fs, Dawn's `webgpu` package, esbuild). esbuild bundles each for platform 'browser', which
// refuses node: imports; what stays outside the bundle is tfjs, the page's own (tfjs-core is the package's
// peer dependency). 'optic/kernel' runs a compiled kernel without the compiler: of compiler/ its bundle holds
// only what the host evaluates at run time (the op table and per-step scalars, as the module `optic compile
// --target tfjs` prints does) and the manifest's layout; no parser, no passes, no code generator.

import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const api = (name: string) => resolve(import.meta.dirname, `../../runtime/api/${name}.ts`);

async function bundle(entry: string): Promise<Metafile['outputs'][string]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    external: ['@tensorflow/*'],
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs)[0];
}

describe("'optic/browser'", () => {
  it('bundles for a browser, importing nothing but tfjs', async () => {
    const output = await bundle(api('browser'));
    expect([...new Set(output.imports.map((i) => i.path))]).toEqual(['@tensorflow/tfjs-core']);
  });
});

describe("'optic/kernel'", () => {
  it('bundles for a browser with no parser, pass or code generator of optic in it', async () => {
    const output = await bundle(api('kernel'));
    expect([...new Set(output.imports.map((i) => i.path))]).toEqual(['@tensorflow/tfjs-core']);
    const included = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(included.filter((path) => !path.startsWith('runtime/')).sort()).toEqual([
      'compiler/ops.ts',
      'compiler/scalars.ts',
      'compiler/shape.ts',
      'compiler/targets/wgsl-interface.ts',
    ]);
    expect(included).toContain('runtime/webgpu/kernel-runner.ts');
  });
});
