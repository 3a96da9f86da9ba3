import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:hadoop`: breakfix against a real HDFS and YARN (the mini
 * cluster in hadoop/, which the npm script builds with Maven first). One
 * file at a time: each starts its own cluster, one JVM that wants the
 * machine's cores while it decommissions.
 */
// Spread, not mergeConfig: that would concatenate `include` with the base's (every test).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/hadoop/**/*.test.ts'],
    exclude: [],
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
