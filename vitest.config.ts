import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Forks, not threads: better-sqlite3 and child-process tests want their own process.
    pool: 'forks',
    // The JSON report is what .ci/run counts; the default reporter is what a person reads.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
