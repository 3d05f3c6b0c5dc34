// A job worker process (pool.ts): receives one JobSpec over IPC, runs it, sends the JobResult back, exits.
// Plain JavaScript that registers tsx, like runtime/cli/bin.js, so that Node runs the TypeScript sources.
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./pool.ts');

process.once('message', async (spec) => {
  const result = await runJob(spec);
  process.send(result, () => process.exit(0));
});
