import type { Database } from 'better-sqlite3';
import { join, relative } from 'node:path';
import type { Config } from '../config/load.js';
import { packageVersion, TREND_RUNS } from './report.js';
import { keyOfReportFile, REPORT_FILE, reportKeyOf } from '../report/key.js';
import type { Workspace } from '../workspace.js';
import type { Transcript } from '../util/transcript.js';

/** Days of trend the pass's page shows: `breakfix trend`'s default. */
const PASS_REPORT_DAYS = 7;

/**
 * The last step of a pass, under its lock: write runs/DAY/report.html,
 * unless the pass changed nothing since the pass the page on disk was built
 * after (src/report/key.ts says exactly what counts). The page is a view of
 * what the pass did, not part of it: a failure to write it is a warning, and
 * the pass's outcome stands. Returns that warning, if any.
 */
export async function writePassReport(ws: Workspace, config: Config, db: Database, transcript: Transcript, now: Date): Promise<string | null> {
  const file = join(ws.dayDir, REPORT_FILE);
  const shown = relative(ws.dir, file);
  try {
    const key = reportKeyOf(db, ws, config);
    if (key !== null && keyOfReportFile(file) === key) {
      transcript.write('report', `${shown}: not rebuilt, this pass changed nothing it shows (same inputs, views, plans, journal and pause)`);
      return null;
    }
    // Loaded only when the page is written: the charting library takes a quarter of a second to load.
    const { buildReport } = await import('../report/build.js');
    const built = await buildReport({ ws, config, db, outFile: file, days: PASS_REPORT_DAYS, runs: TREND_RUNS, now, version: packageVersion() });
    transcript.write('report', `${shown}: ${built.bytes} bytes, ${built.passes} passes, in ${Math.round(built.ms)}ms`);
    return null;
  } catch (err) {
    const message = `${shown} was not written: ${(err as Error).message}`;
    transcript.write('report', message);
    return message;
  }
}
