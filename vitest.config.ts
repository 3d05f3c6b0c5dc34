import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { sharedTestFiles } from './test/isolation.ts';

// OPTIC_TESTS narrows the run to some folders or files (comma-separated globs), e.g. for mutation testing.
const narrowed = process.env.OPTIC_TESTS?.split(',');
// OPTIC_ISOLATE=0 (mutation testing) reuses one module graph across all test files: much faster, and sound
// for Stryker, which switches mutants at run time.
const isolate = process.env.OPTIC_ISOLATE !== '0';

/**
 * The whole suite as two projects in one pool of forks. WebGPU (Dawn), tfjs's backends, child processes and
 * the rest of test/isolation.ts's list hold process-wide state: a file that reaches them runs in a fork of its
 * own. The others (the grammar, the compiler and its passes, the interpreter, …) share forks and their module
 * graph, which saves loading chevrotain and the compiler once per file.
 */
function projects(): TestProjectInlineConfiguration[] {
  const shared = sharedTestFiles(import.meta.dirname);
  return [
    { extends: true, test: { name: 'shared', include: shared, isolate: false } },
    { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: shared, isolate: true } },
  ];
}

const split = !narrowed && isolate;

export default defineConfig({
  test: {
    // OPTIC_TEST_NAMES narrows it further to the tests whose full name matches a regular expression (mutation
    // testing: `^(?!.*random programs)` leaves out the rules' slow fuzz properties).
    testNamePattern: process.env.OPTIC_TEST_NAMES,
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    isolate,
    // Split into the two projects (each with its own `include`: a root one would be added to theirs) and one
    // fork per core (vitest's default in a run is one fewer: a single fork on a 2-core CI machine, which ran the
    // suite one file at a time). A narrowed or unisolated run (mutation testing) keeps one project, its files
    // and isolation as asked, and vitest's default number of forks (Stryker runs its own in parallel).
    ...(split
      ? { projects: projects(), maxWorkers: availableParallelism() }
      : { include: narrowed ?? ['test/**/*.test.ts'] }),
  },
});
