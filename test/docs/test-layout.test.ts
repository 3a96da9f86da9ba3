import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOW_TEST_DIRS } from '../../vitest.fast.config.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Tests mirror src/, and the slow ones are where `npm run test:fast` leaves
 * them out: a test file that spawns the built CLI (runCli/startCli, the CLI
 * or SIM bundles of test/helpers/cli.ts, anything under dist/bundle) lives in
 * test/cli or test/e2e (or the corpus and reliability suites, which drive the
 * CLI too). test/hadoop needs a real cluster and has its own config.
 */

const SPAWNS_CLI = /\b(?:runCli|startCli)\(|dist\/bundle|import\s*\{[^}]*\b(?:CLI|SIM)\b[^}]*\}\s*from\s*'[./]*helpers\/cli\.js'|from\s*'[./]*(?:cli\/analyst-workspace|report\/sim-workspace)\.js'/;

function testFiles(dir: string, rel = 'test'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) return testFiles(join(dir, e.name), child);
    return e.name.endsWith('.test.ts') ? [child] : [];
  });
}

const slow = (file: string) => [...SLOW_TEST_DIRS, 'test/hadoop'].some((d) => file.startsWith(`${d}/`));

describe('test layout', () => {
  it('every test that spawns the built CLI is in a slow folder', () => {
    const files = testFiles(join(ROOT, 'test'));
    expect(files.length).toBeGreaterThan(100);
    const misplaced = files.filter((f) => !slow(f) && f !== 'test/docs/test-layout.test.ts' && SPAWNS_CLI.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(misplaced).toEqual([]);
    // The check sees what it must: the CLI tests themselves match.
    expect(SPAWNS_CLI.test(readFileSync(join(ROOT, 'test/cli/lock.test.ts'), 'utf8'))).toBe(true);
    expect(SPAWNS_CLI.test(readFileSync(join(ROOT, 'test/cli/sim.test.ts'), 'utf8'))).toBe(true);
  });

  it('test/db tests src/db', () => {
    const db = readdirSync(join(ROOT, 'test', 'db')).sort();
    expect(db).toEqual(expect.arrayContaining(['bulk-insert.test.ts', 'migrations.test.ts', 'open.test.ts']));
    // Each one tests a module of src/db by its name.
    const modules = new Set(readdirSync(join(ROOT, 'src', 'db')));
    expect(db.filter((t) => !modules.has(t.replace(/\.test\.ts$/, '.ts')))).toEqual([]);
  });

  it('the fast config leaves out exactly the slow folders', () => {
    expect(SLOW_TEST_DIRS).toEqual(['test/cli', 'test/e2e', 'test/corpus', 'test/reliability']);
  });
});
