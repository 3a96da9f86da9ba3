import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openStateDbReadOnly, PROJECT_ROOT } from '../db/open.js';
import { UsageError } from '../errors.js';
import { REPORT_FILE } from '../report/key.js';
import { openWorkspace, type Env } from '../config/env.js';
import { inOneSnapshot } from './read-only-day.js';

export interface ReportOutcome {
  readonly day: string;
  readonly file: string;
  readonly bytes: number;
  readonly passes: number;
  readonly seconds: number;
}

/** Passes running that make a view growing or stuck: trend's default, so the page flags what `breakfix trend` does. */
export const TREND_RUNS = 3;

/**
 * `breakfix report [--days N] [-o FILE]`: the day's report as one
 * self-contained HTML page (default runs/DAY/report.html). Read-only: no
 * lock, the day's state.db opened read-only and read in one snapshot; the
 * only write is the page, to a temporary name and renamed into place.
 */
export async function runReport(env: Env, opts: { days: number; out?: string | undefined }): Promise<ReportOutcome> {
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new UsageError(`--days: expected a whole number of days >= 1, got ${opts.days}`);
  const { config, ws } = openWorkspace(env);
  const out = opts.out === undefined ? join(ws.dayDir, REPORT_FILE) : resolve(opts.out);
  if (opts.out !== undefined) {
    if (opts.out === '' || (existsSync(out) && statSync(out).isDirectory())) throw new UsageError(`-o: ${opts.out || '""'} is a directory: give a file name, like report.html`);
    if (!existsSync(dirname(out))) throw new UsageError(`-o: ${dirname(out)}: no such directory`);
  }
  const state = openStateDbReadOnly(ws.dbFile);
  try {
    // Loaded here, not at the top: the charting library takes a quarter of a second to load.
    const { buildReport } = await import('../report/build.js');
    const built = await inOneSnapshot(state.raw, () =>
      buildReport({ ws, config, db: state.raw, outFile: out, days: opts.days, runs: TREND_RUNS, now: env.clock(), version: packageVersion() }),
    );
    return { day: ws.day, file: built.file, bytes: built.bytes, passes: built.passes, seconds: built.ms / 1000 };
  } finally {
    await state.close();
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
