import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliSync } from './support/measured-run.js';

export const CORPUS_DIR = dirname(fileURLToPath(import.meta.url));
/** The base workspace every case starts from (test/corpus/workspace). */
export const BASE_WORKSPACE = join(CORPUS_DIR, 'workspace');
/** The hostile inputs (test/corpus/inputs/<what they attack>/...). */
export const CORPUS_INPUTS = join(CORPUS_DIR, 'inputs');

/** The base's data is of 2024-05-01 (the fixtures' capture time); a second day follows. */
export const DAY1 = '2024-05-01';
export const DAY2 = '2024-05-02';
export const NOW_DAY1 = { BREAKFIX_NOW: `${DAY1}T12:00:00Z` };
export const NOW_DAY2 = { BREAKFIX_NOW: `${DAY2}T12:00:00Z` };

/**
 * A copy of the base workspace after two good days: a pass on day 1 and a
 * pass on day 2, so each case has a previous day and a previous import whose
 * data must survive it. Built once per test file; cases work on copies.
 */
export function prepareTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bf-corpus-base-'));
  cpSync(BASE_WORKSPACE, dir, { recursive: true });
  for (const env of [NOW_DAY1, NOW_DAY2]) {
    const r = runCliSync(dir, ['pass'], env);
    if (r.code !== 0) throw new Error(`corpus base workspace: pass at ${env.BREAKFIX_NOW} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  }
  return dir;
}

/** A fresh copy of the template for one case. */
export function copyTemplate(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bf-corpus-case-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}
