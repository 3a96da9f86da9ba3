import type { Database } from 'better-sqlite3';

/**
 * The clock's part of the fingerprint of a view declared `-- reads-clock:
 * sample-age`: a view that reads the pass's clock (settings `now`) only to
 * compare metric sample times with it as `ts < now - max_sample_age`. Its
 * answer depends on the clock only through which sample times are older than
 * that cutoff, and that set is named by the newest sample time below the
 * cutoff. So two clocks whose cutoffs fall between the same two sample times
 * give the same answer, and the view is recomputed only when the moving
 * clock carries the cutoff across a sample time.
 */

/** The sample times on either side of a cutoff: `below` < cutoff <= `atOrAbove` (null: none on that side). */
export interface ClockWindow {
  readonly below: number | null;
  readonly atOrAbove: number | null;
}

/** Whether every cutoff in the window sees the same samples as older: true for a cutoff inside it. */
export function windowHolds(w: ClockWindow, cutoff: number): boolean {
  return (w.below === null || w.below < cutoff) && (w.atOrAbove === null || cutoff <= w.atOrAbove);
}

/** The part of the fingerprint: which sample times are older than the cutoff. */
export function windowKey(w: ClockWindow): string {
  return `older-than-cutoff:${w.below ?? 'none'}`;
}

/**
 * The window around the settings' cutoff among metric_samples' times, as of
 * `dataVersion` (metric_samples' import versions): from clock_windows when
 * the cutoff is still inside the window kept for that version, otherwise by
 * one scan of the samples, kept for the next pass (a read-only connection
 * keeps nothing). Undefined when settings hold no clock or threshold: the
 * view is then fingerprinted by the settings' contents, as any other.
 *
 * The cutoff is computed by SQLite from the settings table with the
 * expression the views use, so it is the same number, of the same type.
 */
export function clockWindowKey(db: Database, dataVersion: string): string | undefined {
  const cutoff = db
    .prepare("SELECT (SELECT value FROM settings WHERE key = 'now') - (SELECT value FROM settings WHERE key = 'max_sample_age')")
    .pluck()
    .get() as number | null;
  if (cutoff === null || typeof cutoff !== 'number') return undefined;
  // A day created before clock_windows existed and opened read-only has no such table: scan.
  const cache = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'clock_windows'").get() !== undefined;
  const kept = cache
    ? (db.prepare('SELECT below, at_or_above AS atOrAbove FROM clock_windows WHERE data_version = ?').get(dataVersion) as ClockWindow | undefined)
    : undefined;
  if (kept !== undefined && windowHolds(kept, cutoff)) return windowKey(kept);
  const w = db
    .prepare('SELECT max(CASE WHEN ts < ? THEN ts END) AS below, min(CASE WHEN ts >= ? THEN ts END) AS atOrAbove FROM metric_samples')
    .get(cutoff, cutoff) as ClockWindow;
  if (cache && !db.readonly) {
    db.transaction(() => {
      db.prepare('DELETE FROM clock_windows WHERE data_version <> ?').run(dataVersion);
      db.prepare('INSERT OR REPLACE INTO clock_windows (data_version, below, at_or_above) VALUES (?, ?, ?)').run(dataVersion, w.below, w.atOrAbove);
    })();
  }
  return windowKey(w);
}
