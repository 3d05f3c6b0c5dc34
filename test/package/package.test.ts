// issue 13's Done-when, in one file: `npm pack` (prepack builds dist/), the tarball installed with
// @tensorflow/tfjs into a fresh project, and from there — plain Node, no tsx — a program compiled through the
// API trains a tiny model with each optimizer (the tfjs target's on tfjs's cpu backend; the WGSL kernel's on
// tfjs's webgpu backend), is saved with its optimizer, and continues in a new process after the one documented
// registering call; `tsc --strict` passes on that project's TypeScript with the shipped declarations. The npm
// install uses npm's cache (--prefer-offline): slow only the first time.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TFJS = '4.22.0';

let work: string;
let project: string;

/** The command's stdout; when it fails, an error with its output. */
function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: plainEnv() });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The environment without vitest's or tsx's loaders: the project runs as a user's would. */
function plainEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...env } = process.env;
  return env;
}

/** A page's script of the project bundled for a browser (a Node module anywhere in it fails the build). */
async function bundlePage(file: string): Promise<Metafile> {
  const { metafile } = await build({
    entryPoints: [join(project, file)],
    absWorkingDir: project,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
  });
  return metafile;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'optic-package-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT));
  const tarball = join(work, packed[0].filename);
  project = join(work, 'project');
  mkdirSync(project);
  cpSync(join(import.meta.dirname, 'project'), project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `@tensorflow/tfjs@${TFJS}`], project);
  run('npx', ['--no-install', 'optic', 'compile', 'lion.opt', '--target', 'tfjs', '-o', 'lion.js'], project);
  const kernel = ['--target', 'wgsl', '--format', 'json', '-o', 'lion.kernel.json'];
  run('npx', ['--no-install', 'optic', 'compile', 'lion.opt', ...kernel], project);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package in a fresh project with @tensorflow/tfjs', () => {
  it('ships compiled JavaScript and declarations, not the TypeScript sources', () => {
    const installed = join(project, 'node_modules/optic');
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json', 'programs', 'runtime']);
    expect(readdirSync(join(installed, 'runtime/cli'))).toEqual(['bin.js']);
    expect(readdirSync(join(installed, 'dist/runtime/api')).sort()).toEqual(
      [
        'browser.d.ts',
        'browser.js',
        'index.d.ts',
        'index.js',
        'kernel.d.ts',
        'kernel.js',
        'program.d.ts',
        'program.js',
        'tfjs.d.ts',
        'tfjs.js',
        'webgpu.d.ts',
        'webgpu.js',
        'wgsl.d.ts',
        'wgsl.js',
      ].sort(),
    );
  });

  it('has one copy of tfjs-core, the one @tensorflow/tfjs brings', () => {
    const copies = run('find', ['node_modules', '-path', '*/@tensorflow/tfjs-core/package.json'], project);
    expect(copies.trim().split('\n')).toEqual(['node_modules/@tensorflow/tfjs-core/package.json']);
  });

  it.each([
    ['tfjs', 'OpticLion', 'cpu'],
    ['module', 'OpticLion', 'cpu'],
    ['wgsl', 'OpticWgslLion', 'webgpu'],
  ])(
    '%s: trains with a program compiled through the API, saves, and continues in a new process',
    (engine, cls, backend) => {
      const saved = join(work, `saved-${engine}`);
      mkdirSync(saved);
      const first = JSON.parse(run('node', ['train.mjs', saved, engine], project));
      expect(first).toMatchObject({ backend, className: cls, iterations: 24 }); // 6 epochs × 4 batches
      expect(first.losses.at(-1)).toBeLessThan(first.losses[0]);
      const second = JSON.parse(run('node', ['resume.mjs', saved, engine], project));
      expect(second).toMatchObject({ backend, className: cls, iterations: 24, hypers: { lr: 0.02 } });
      // Continuing from the saved weights and state: as the first process went on without stopping.
      expect(second.losses).toEqual(first.then);
    },
  );

  it("bundles a page's script with 'optic/browser' and the compiled module for a browser", async () => {
    const metafile = await bundlePage('page.mjs');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('node_modules/optic/dist/runtime/api/browser.js');
    expect(inputs).toContain('lion.js');
    // One tfjs-core in the bundle: optic's optimizers subclass the page's tf.train.Optimizer.
    expect(inputs.filter((i) => i.endsWith('tfjs-core/dist/index.js'))).toEqual([
      'node_modules/@tensorflow/tfjs-core/dist/index.js',
    ]);
    expect(Object.values(metafile.outputs).flatMap((o) => o.imports)).toEqual([]);
  });

  it("bundles a page's script with 'optic/kernel' and the kernel JSON, without optic's compiler", async () => {
    const metafile = await bundlePage('kernel-page.mjs');
    const [output] = Object.values(metafile.outputs);
    const included = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path.replace('node_modules/optic/dist/', ''));
    expect(included).toContain('lion.kernel.json');
    expect(included).toContain('runtime/webgpu/kernel-optimizer.js');
    expect(included.filter((path) => /grammar\/|chevrotain/.test(path))).toEqual([]);
    expect(included.filter((path) => path.startsWith('compiler/')).sort()).toEqual([
      'compiler/ops.js',
      'compiler/scalars.js',
      'compiler/shape.js',
      'compiler/targets/wgsl-interface.js',
    ]);
  });

  it('type-checks a strict TypeScript project against the shipped declarations', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(run('node', [tsc, '-p', '.'], project)).toBe('');
  });

  it('runs the optic executable without tsx; `compile -o lion.js` wrote lion.d.ts beside it', () => {
    expect(
      readdirSync(project)
        .filter((f) => f.startsWith('lion.'))
        .sort(),
    ).toEqual(['lion.d.ts', 'lion.js', 'lion.kernel.json', 'lion.opt']);
    const out = run('npx', ['--no-install', 'optic', 'check', join(ROOT, 'programs/lion.opt')], project);
    expect(out).toBeDefined();
    expect(run('npx', ['--no-install', 'optic', '--version'], project).trim()).toBe('0.1.0');
  });
});
