// A job worker process (pool.ts): receives one JobSpec over IPC, runs it, sends the JobResult back, exits.
// Plain JavaScript, like runtime/cli/bin.js: in the repository it registers tsx so that Node runs the TypeScript
// sources; compiled into the package's dist/ (tsconfig.build.json), it imports pool.js beside it.
import { existsSync } from 'node:fs';

const sources = existsSync(new URL('./pool.ts', import.meta.url));
if (sources) (await import('tsx/esm/api')).register();
const { runJob } = await import(sources ? './pool.ts' : './pool.js');

process.once('message', async (spec) => {
  const result = await runJob(spec);
  process.send(result, () => process.exit(0));
});
