// A job worker process (pool.ts): receives JobSpecs over IPC, runs each, sends its JobResult back; exits when
// its parent goes away.
// Plain JavaScript, like runtime/cli/bin.js: in the repository it registers tsx so that Node runs the TypeScript
// sources; compiled into the package's dist/ (tsconfig.build.json), it imports pool.js beside it.
import { existsSync } from 'node:fs';

const sources = existsSync(new URL('./pool.ts', import.meta.url));
if (sources) (await import('tsx/esm/api')).register();
const { runJob } = await import(sources ? './pool.ts' : './pool.js');

// A parent that dies (killed, or a queue worker killed mid-job) takes its job with it: no orphan trains on.
process.once('disconnect', () => process.exit(1));
process.on('message', async (spec) => {
  process.send(await runJob(spec));
});
