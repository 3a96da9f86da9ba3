import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:fast`: the unit, property and in-process tests only. Tests
 * that spawn the built CLI are the slow ones and live in their own folders
 * (test/cli, test/e2e, and the corpus and reliability suites, which drive the
 * CLI too), so leaving those folders out is the whole of the "slow" tag.
 * `npm test` still runs everything.
 */
export const SLOW_TEST_DIRS = ['test/cli', 'test/e2e', 'test/corpus', 'test/reliability'] as const;

// Spread, not mergeConfig: that would concatenate `exclude` arrays in ways that are hard to read.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    exclude: [...configDefaults.exclude, 'test/hadoop/**', ...SLOW_TEST_DIRS.map((d) => `${d}/**`)],
  },
});
