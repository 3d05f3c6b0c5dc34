// The browser example (examples/browser/) in a real headless Chromium: built as a user would (the optic
// executable compiles lion.opt to a tfjs module, esbuild bundles the page's script), served from a loopback
// port, driven by puppeteer-core with Debian's chromium (no browser download). The page trains a small dense
// net with the compiled module on tfjs's cpu backend, then on the backend it picks itself: webgpu when the
// browser has an adapter (here: SwiftShader, Chromium's CPU Vulkan), where the fused WGSL kernel trains too,
// loaded from the JSON `optic compile --target wgsl --format json` wrote: the page's bundle has no compiler.
// Outside CI a machine without chromium (or without a WebGPU adapter in it) skips, saying so; in CI
// (process.env.CI set) either fails the tests, so a broken setup cannot pass silently.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, serveExample } from '../../examples/browser/build.ts';

const CHROMIUM = '/usr/bin/chromium';
// WebGPU is behind a flag in Chromium on Linux; --no-sandbox because CI runs as root.
const ARGS = ['--no-sandbox', '--enable-unsafe-webgpu'];

interface Run {
  optimizer: string;
  className: string;
  losses: number[];
}
interface Result {
  backend?: string;
  runs?: Run[];
  error?: string;
}

const present = existsSync(CHROMIUM);
if (!present) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/setup installs Debian's chromium`);
  console.warn(`skipping the browser example: ${CHROMIUM} is missing (apt-get install chromium)`);
}

let work: string;
let bundled: Metafile;
let server: Server;
let url: string;
let browser: Browser;

/** What the page reports once it has trained (`window.opticResult`), with `?backend=` if given. */
async function runPage(query = ''): Promise<Result> {
  const page = await browser.newPage();
  try {
    await page.goto(url + query);
    await page.waitForFunction('window.opticResult?.done', { timeout: 60_000 });
    return (await page.evaluate('window.opticResult')) as Result;
  } finally {
    await page.close();
  }
}

/** The loss of every step is finite and it falls: the last is below half the first. */
function expectFalling(losses: number[]): void {
  expect(losses.length).toBeGreaterThan(5);
  for (const l of losses) expect(Number.isFinite(l)).toBe(true);
  expect(losses.at(-1)!).toBeLessThan(losses[0] / 2);
}

describe.skipIf(!present)('the browser example in headless Chromium', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'optic-browser-'));
    bundled = await buildExample(work);
    ({ server, url } = await serveExample(work));
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('bundles no parser, pass or code generator of optic: the kernel comes compiled, as JSON', () => {
    const [output] = Object.values(bundled.outputs);
    const included = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(included).toContain('runtime/webgpu/kernel-optimizer.ts');
    expect(included.filter((path) => /lion\.kernel\.json$/.test(path))).toHaveLength(1);
    expect(included.filter((path) => /grammar\/|chevrotain/.test(path))).toEqual([]);
    // What the host evaluates at run time (the per-step scalars), the manifest's layout and the state slots'
    // shapes; nothing else.
    expect(included.filter((path) => path.startsWith('compiler/')).sort()).toEqual([
      'compiler/ops.ts',
      'compiler/scalars.ts',
      'compiler/shape.ts',
      'compiler/targets/wgsl-interface.ts',
    ]);
  });

  it('trains with the compiled tfjs module on the cpu backend', async () => {
    const result = await runPage('?backend=cpu');
    expect(result.error).toBeUndefined();
    expect(result.backend).toBe('cpu');
    expect(result.runs!.map((r) => r.className)).toEqual(['OpticLion']);
    expectFalling(result.runs![0].losses);
  });

  it('picks webgpu, where the compiled module and the WGSL kernel both train', async ({ skip }) => {
    const page = await browser.newPage();
    const adapter = await page.goto(url).then(() => page.evaluate('navigator.gpu?.requestAdapter().then(Boolean)'));
    await page.close();
    if (!adapter) {
      if (process.env.CI) throw new Error('headless Chromium has no WebGPU adapter');
      skip('headless Chromium has no WebGPU adapter here');
    }
    const result = await runPage();
    expect(result.error).toBeUndefined();
    expect(result.backend).toBe('webgpu');
    expect(result.runs!.map((r) => r.className)).toEqual(['OpticLion', 'OpticWgslLion']);
    for (const run of result.runs!) expectFalling(run.losses);
    // Same model, same data, the same program: the two engines' losses agree to float32 rounding.
    const [module, kernel] = result.runs!;
    kernel.losses.forEach((l, k) => expect(l).toBeCloseTo(module.losses[k], 3));
  }, 90_000);
});
