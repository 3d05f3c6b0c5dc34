// Property tests: one fixed seed everywhere, so that a run's result depends on the code alone, on a
// developer's machine as in CI. FC_SEED=N replays or explores another seed; FC_SEED=random draws one per run
// (to keep finding new cases). Every failure prints the seed and path that reproduce it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll } from 'vitest';

const FIXED_SEED = 20261123;
const chosen = process.env.FC_SEED;
if (chosen !== 'random')
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: chosen ? Number(chosen) : FIXED_SEED });

// Each test file's temporary files go to one directory of its own, removed when the file is done: os.tmpdir()
// follows TMPDIR, so a test's mkdtemp(tmpdir()) and the processes it starts (the CLI, training workers) write
// there instead of leaving thousands of directories in /tmp.
const outerTmp = process.env.TMPDIR;
const fileTmp = mkdtempSync(join(tmpdir(), 'optic-test-'));
process.env.TMPDIR = fileTmp;
afterAll(() => {
  if (outerTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outerTmp;
  rmSync(fileTmp, { recursive: true, force: true });
});
