import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // OPTIC_TESTS narrows the run to some folders or files (comma-separated globs), e.g. for mutation testing.
    include: process.env.OPTIC_TESTS?.split(',') ?? ['test/**/*.test.ts'],
    // OPTIC_TEST_NAMES narrows it further to the tests whose full name matches a regular expression (mutation
    // testing: `^(?!.*random programs)` leaves out the rules' slow fuzz properties).
    testNamePattern: process.env.OPTIC_TEST_NAMES,
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // WebGPU (Dawn) and tfjs backends hold process-wide state: keep each test file in its own fork.
    pool: 'forks',
    // OPTIC_ISOLATE=0 (mutation testing) reuses one module graph across test files: much faster, and sound
    // for Stryker, which switches mutants at run time.
    isolate: process.env.OPTIC_ISOLATE !== '0',
  },
});
