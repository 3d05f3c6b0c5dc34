// Builds the browser example into a folder a static server can serve, the way a project would: the page and
// its script, lion.opt, what `optic compile` makes of it (the tfjs module lion.js and the WGSL kernel
// lion.kernel.json; the command run in this process, as the optic executable runs it), and one bundle by
// esbuild. In this repository 'optic/kernel' resolves to the sources; in a project with the package
// installed, esbuild finds it in node_modules.
//
//   npx tsx examples/browser/build.ts [folder] [--serve]     (default folder: examples/browser/build)

import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { run } from '../../runtime/cli/main.ts';

const HERE = import.meta.dirname;
const ROOT = resolve(HERE, '../..');

/**
 * Writes index.html, lion.opt, lion.js and lion.kernel.json (optic compile) and bundle.js into `out`; returns
 * what esbuild bundled (its metafile).
 */
export async function buildExample(out: string): Promise<Metafile> {
  mkdirSync(out, { recursive: true });
  for (const file of ['index.html', 'main.js']) copyFileSync(join(HERE, file), join(out, file));
  copyFileSync(join(ROOT, 'programs/lion.opt'), join(out, 'lion.opt'));
  await optic(['compile', join(out, 'lion.opt'), '--target', 'tfjs', '-o', join(out, 'lion.js')]);
  const kernel = join(out, 'lion.kernel.json');
  await optic(['compile', join(out, 'lion.opt'), '--target', 'wgsl', '--format', 'json', '-o', kernel]);
  const { metafile } = await build({
    entryPoints: [join(out, 'main.js')],
    outfile: join(out, 'bundle.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    alias: { optic: join(ROOT, 'runtime/api') },
    nodePaths: [join(ROOT, 'node_modules')],
    metafile: true,
    logLevel: 'warning',
  });
  return metafile;
}

/** Runs an optic command in this process (what the `optic` executable runs); throws with its messages on failure. */
async function optic(argv: string[]): Promise<void> {
  let messages = '';
  const code = await run(argv, { out: () => {}, err: (text) => void (messages += text), color: false });
  if (code !== 0) throw new Error(`optic ${argv.join(' ')} failed:\n${messages}`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.opt': 'text/plain',
};

/** Serves `dir`'s files on 127.0.0.1 (`port` 0: any free one); resolves when it listens. */
export async function serveExample(dir: string, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1) || 'index.html';
    const type = TYPES[extname(name)];
    if (!type || name.includes('/')) return void response.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        new Error(
          e.code === 'EADDRINUSE' ? `port ${port} is in use: stop what holds it, or serve another way` : e.message,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', done);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'build.ts')) {
  const args = process.argv.slice(2);
  const out = resolve(args.find((a) => !a.startsWith('--')) ?? join(HERE, 'build'));
  try {
    await buildExample(out);
    console.log(`built ${out}`);
    if (args.includes('--serve')) console.log(`open ${(await serveExample(out, 8000)).url}`);
  } catch (e) {
    console.error(`build.ts: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
