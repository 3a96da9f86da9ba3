import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Hadoop tests need Java and Maven and minutes: npm run test:hadoop runs them.
    exclude: [...configDefaults.exclude, 'test/hadoop/**'],
    // Integration tests spawn the built CLI and SQLite; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default leaves a core idle (one worker on these 2-core machines),
    // but most tests wait on child processes (the built CLI, sort, comm): one
    // worker per core ran the suite in 4 minutes instead of nearly 7.
    maxWorkers: availableParallelism(),
    globalSetup: ['test/global-setup.ts'],
  },
});
