import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests spawn redis-server, git and node processes; on a 2-core machine more
    // parallel files only make them slower and flakier.
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
