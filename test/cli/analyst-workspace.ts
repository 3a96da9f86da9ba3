import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.js';

/** The day the analyst fixture's data is from, and a clock on it (metrics staleness depends on it). */
export const DAY = '2024-05-01';
export const NEXT_DAY = '2024-05-02';
export const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };

/** A copy of test/fixtures/analyst (config, inputs, queries) in a fresh temporary directory. */
export function analystWorkspace(): string {
  const dir = tempDir('bf-analyst-');
  cpSync(join(ROOT, 'test', 'fixtures', 'analyst'), dir, { recursive: true });
  return dir;
}

/** `breakfix --day DAY ...args` with the fixture's clock. */
export function bf(dir: string, args: readonly string[], day = DAY): CliResult {
  return runCli(dir, ['--day', day, ...args], { env: day === DAY ? NOW : { BREAKFIX_NOW: `${day}T12:00:00Z` } });
}

/** Run and expect success (stderr shown on failure, which makes a broken test readable). */
export function ok(dir: string, args: readonly string[], day = DAY): CliResult {
  const r = bf(dir, args, day);
  expect(r.stderr, `breakfix ${args.join(' ')}`).toBe('');
  expect(r.code, `breakfix ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** A fixture workspace with DAY imported. */
export function importedWorkspace(): string {
  const dir = analystWorkspace();
  ok(dir, ['import', '-q']);
  return dir;
}
