import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:reliability`: the whole bad-input corpus, the long fuzzing,
 * crash-injection and contention runs, then the figures table
 * (test/reliability/report-figures.ts). Each part writes its figures into a
 * fresh directory; the report reads them when every file is done.
 */
const figuresDir = mkdtempSync(join(tmpdir(), 'bf-figures-'));
process.env['BREAKFIX_FIGURES_DIR'] = figuresDir;

// Spread, not mergeConfig: that would concatenate `include` with the base's (every test).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/corpus/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    env: { BREAKFIX_CORPUS: 'all', BREAKFIX_RELIABILITY: 'all', BREAKFIX_FIGURES_DIR: figuresDir },
    testTimeout: 60 * 60_000,
    globalSetup: ['test/global-setup.ts', 'test/reliability/report-figures.ts'],
  },
});
