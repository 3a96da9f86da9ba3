import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A fingerprint of everything a workspace holds that must survive a failed
 * command: for every day under runs/, a hash of every table of its state.db
 * (and of its schema: views included), and of every exported file, plan and
 * manifest. Compare two with `diffSnapshots`.
 *
 * Tables that log attempts (imports, passes, pass history, settings) grow on
 * every run by design: only the rows that existed before are compared (a
 * failed import adds a row saying it failed; it must not change the rows of
 * earlier imports). The transcript is append-only: its old text must be a
 * prefix of the new. runs/DAY/inputs/ (raw copies of what command sources
 * printed) is a debugging aid, overwritten by each command run, not data;
 * runs/DAY/report.html is a page made from the data, rewritten by passes.
 */
export interface WorkspaceSnapshot {
  /** key (e.g. `2024-05-02/state.db:inventory`, `2024-05-02/rekick-candidates`) → sha256 */
  readonly items: ReadonlyMap<string, string>;
  /** day → transcript text */
  readonly transcripts: ReadonlyMap<string, string>;
  /** day/state.db → max rowid of each log table, for the "rows that existed before" comparison */
  readonly logHighWater: ReadonlyMap<string, number>;
}

/** Log tables: compared up to the highest id they had before. */
const LOG_TABLES: Readonly<Record<string, string>> = {
  imports: 'id',
  passes: 'id',
  view_history: 'pass',
  action_history: 'pass',
};
/** Rewritten on every command by design (the pass clock, config echo) or bookkeeping of SQLite itself. */
const SKIPPED_TABLES = new Set(['settings', 'sqlite_sequence', 'sqlite_stat1']);

export function snapshotWorkspace(dir: string, highWater?: ReadonlyMap<string, number>): WorkspaceSnapshot {
  const items = new Map<string, string>();
  const transcripts = new Map<string, string>();
  const logHighWater = new Map<string, number>();
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return { items, transcripts, logHighWater };
  for (const day of readdirSync(runs).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort()) {
    const dayDir = join(runs, day);
    const db = join(dayDir, 'state.db');
    if (existsSync(db)) hashDatabase(db, day, items, logHighWater, highWater);
    for (const file of listFiles(dayDir)) {
      const rel = relative(dayDir, file);
      // report.html is the day's story, rewritten by every pass that changed something (a failed one
      // included: that is what it tells), from the data compared here; it is not data itself.
      if (/^state\.db/.test(rel) || rel.startsWith('inputs/') || rel === 'report.html' || /(^|\/)\.|\.tmp/.test(rel)) continue;
      if (rel === 'transcript.log') {
        transcripts.set(day, readFileSync(file, 'utf8'));
        continue;
      }
      items.set(`${day}/${rel}`, sha256(readFileSync(file)));
    }
  }
  return { items, transcripts, logHighWater };
}

/** What differs between a snapshot before and one after (taken with the before's high-water marks): empty when nothing was lost or changed. */
export function diffSnapshots(before: WorkspaceSnapshot, after: WorkspaceSnapshot): string[] {
  const problems: string[] = [];
  for (const [key, hash] of before.items) {
    const now = after.items.get(key);
    if (now === undefined) problems.push(`${key}: gone`);
    else if (now !== hash) problems.push(`${key}: changed`);
  }
  for (const key of after.items.keys()) if (!before.items.has(key)) problems.push(`${key}: new`);
  for (const [day, text] of before.transcripts) {
    const now = after.transcripts.get(day);
    if (now === undefined || !now.startsWith(text)) problems.push(`${day}/transcript.log: earlier text changed (it is append-only)`);
  }
  return problems;
}

function hashDatabase(file: string, day: string, items: Map<string, string>, logHighWater: Map<string, number>, highWater: ReadonlyMap<string, number> | undefined): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const schema = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[];
    items.set(`${day}/state.db#schema`, sha256(JSON.stringify(schema)));
    for (const t of schema.filter((s) => s.type === 'table' && !SKIPPED_TABLES.has(s.name))) {
      const key = `${day}/state.db:${t.name}`;
      const q = `"${t.name.replaceAll('"', '""')}"`;
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t.name) as { name: string }[]).map((c) => `"${c.name.replaceAll('"', '""')}"`);
      const logCol = LOG_TABLES[t.name];
      let where = '';
      if (logCol !== undefined) {
        const max = (db.prepare(`SELECT coalesce(max(${logCol}), 0) AS m FROM ${q}`).get() as { m: number }).m;
        logHighWater.set(key, max);
        where = ` WHERE ${logCol} <= ${highWater?.get(key) ?? max}`;
      }
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT ${cols.join(', ')} FROM ${q}${where} ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).raw(true).iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('hex') : v)));
        hash.update('\n');
      }
      items.set(key, hash.digest('hex'));
    }
  } finally {
    db.close();
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
