#!/usr/bin/env node
// The `optic` executable. In the repository it registers tsx so that Node runs the TypeScript sources; in the
// published package (compiled by `npm run build` at prepack, sources not shipped) it runs dist/'s JavaScript.
import { existsSync } from 'node:fs';

const sources = existsSync(new URL('./main.ts', import.meta.url));
if (sources) (await import('tsx/esm/api')).register();
const dir = sources ? '.' : '../../dist/runtime/cli';
const { run } = await import(`${dir}/main.${sources ? 'ts' : 'js'}`);
const { processIo } = await import(`${dir}/io.${sources ? 'ts' : 'js'}`);
process.exitCode = await run(process.argv.slice(2), processIo());
