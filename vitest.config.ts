import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // OPTIC_TESTS narrows the run to some folders or files (comma-separated globs), e.g. for mutation testing.
    include: process.env.OPTIC_TESTS?.split(',') ?? ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // WebGPU (Dawn) and tfjs backends hold process-wide state: keep each test file in its own fork.
    pool: 'forks',
  },
});
