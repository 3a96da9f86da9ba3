import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { JournalEntry } from '../act/journal.js';
import type { PassStatus } from '../db/schema.js';
import type { Workspace } from '../workspace.js';
import type { ClusterOutcome } from './summary.js';

/**
 * Pass history in state.db: one `passes` row per pass, each view's size and
 * content hash per pass (`view_history`), each action's numbers per cluster
 * (`action_history`). What summaries compare against and `trend` draws.
 */

export function startPass(db: Database, p: { execute: boolean; seed: number | null; paused: string | null; nowMs: number }): number {
  const info = db
    .prepare(`INSERT INTO passes (started_ms, execute, seed, status, paused) VALUES (?, ?, ?, 'running', ?)`)
    .run(p.nowMs, p.execute ? 1 : 0, p.seed, p.paused);
  return Number(info.lastInsertRowid);
}

export function finishPass(db: Database, id: number, status: PassStatus, exitCode: number, summary: unknown, nowMs: number): void {
  db.prepare(`UPDATE passes SET status = ?, exit_code = ?, summary = ?, finished_ms = ? WHERE id = ?`).run(
    status,
    exitCode,
    JSON.stringify(summary),
    nowMs,
    id,
  );
}

/** Passes that never finished (the process died): marked so trend and summaries do not wait for them. */
export function markInterruptedPasses(db: Database): number {
  return db.prepare(`UPDATE passes SET status = 'interrupted' WHERE status = 'running'`).run().changes;
}

export function recordViews(db: Database, pass: number, views: readonly { view: string; rows: number; sha256: string; sqlHash: string }[]): void {
  const ins = db.prepare(`INSERT OR REPLACE INTO view_history (pass, view, rows, sha256, sql_hash) VALUES (?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const v of views) ins.run(pass, v.view, v.rows, v.sha256, v.sqlHash);
  })();
}

/** An action_history row: one cluster's outcome of one action in a pass, with the population its budget came from. */
export interface ActionHistoryRow extends ClusterOutcome {
  readonly action: string;
  readonly population: number;
}

export function recordActions(db: Database, pass: number, rows: readonly ActionHistoryRow[]): void {
  const ins = db.prepare(
    `INSERT OR REPLACE INTO action_history (pass, action, cluster, population, budget, out_count, headroom, candidates, planned, executed, failed, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      ins.run(pass, r.action, r.cluster, r.population, r.budget, r.out, r.headroom, r.candidates, r.planned, r.executed, r.failed, r.reason);
    }
  })();
}

export interface PreviousPass {
  /** `today` when the previous pass is in this day's database, else the earlier day it came from. */
  readonly day: string;
  readonly pass: number;
  readonly views: Map<string, { rows: number; sha256: string }>;
  /** Rows of each source's data at that pass. */
  readonly sourceRows: Map<string, number>;
}

/** An earlier day whose state.db exists but cannot be read. */
export interface UnreadableDay {
  readonly day: string;
  readonly file: string;
  /** What is wrong, in words: `it is not a SQLite database`, `no breakfix schema in it (...)`, ... */
  readonly problem: string;
  /** An operator accepted acting without it (`breakfix accept-history`). */
  readonly accepted: boolean;
}

/** What the days before this one hold that a pass must heed. */
export interface EarlierDays {
  /** The latest earlier day with a state.db, and its unresolved journal entries (to carry over); undefined: none, or unreadable. */
  readonly carry: { readonly day: string; readonly unresolved: readonly JournalEntry[] } | undefined;
  /** The last finished pass of the most recent earlier day that has one. */
  readonly lastPass: PreviousPass | undefined;
  /** Earlier days met on the way whose state.db could not be read: the caller refuses to act until each is accepted. */
  readonly unreadable: readonly UnreadableDay[];
}

/**
 * Read what the earlier days hold, latest first: the latest day's unresolved
 * journal entries, and the last finished pass (walking back past days
 * without one). A day without a state.db is a gap (not an error); a day
 * whose state.db exists but cannot be read (not a database, corrupt,
 * unreadable, no schema) is reported, never skipped in silence: its unknown
 * outcomes and source sizes would be lost. Days in `accepted` (an operator
 * accepted acting without them) are reported as accepted.
 */
export function readEarlierDays(ws: Workspace, accepted: ReadonlySet<string> = new Set()): EarlierDays {
  const days = ws
    .days()
    .filter((d) => d < ws.day && existsSync(ws.dbFileOf(d)))
    .reverse();
  let carry: EarlierDays['carry'];
  let lastPass: PreviousPass | undefined;
  const unreadable: UnreadableDay[] = [];
  for (const [i, day] of days.entries()) {
    const file = ws.dbFileOf(day);
    let read: { unresolved: JournalEntry[]; last: Omit<PreviousPass, 'day'> | undefined };
    try {
      read = readDay(file);
    } catch (err) {
      unreadable.push({ day, file, problem: problemOf(err), accepted: accepted.has(day) });
      continue;
    }
    if (i === 0) carry = { day, unresolved: read.unresolved };
    if (read.last !== undefined) {
      lastPass = { ...read.last, day };
      break;
    }
  }
  return { carry, lastPass, unreadable };
}

/**
 * The last finished pass before `currentPass`: in today's database, or else
 * the last pass of the most recent earlier day (from readEarlierDays).
 * Changes in a summary and the inputs-not-shrunk invariant compare against
 * it, across midnight too.
 */
export function previousPass(db: Database, ws: Workspace, currentPass: number | null, earlier: EarlierDays): PreviousPass | undefined {
  const here = lastPassIn(db, currentPass);
  if (here !== undefined) return { ...here, day: ws.day };
  return earlier.lastPass;
}

const NEEDED_TABLES = ['journal', 'passes', 'imports', 'view_history'] as const;

/** An earlier day's unresolved journal entries and last finished pass; throws when the file cannot be read as a breakfix day. */
function readDay(file: string): { unresolved: JournalEntry[]; last: Omit<PreviousPass, 'day'> | undefined } {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const missing = NEEDED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) throw new Error(`no breakfix schema in it (missing table${missing.length > 1 ? 's' : ''} ${missing.join(', ')})`);
    const unresolved = db.prepare(`SELECT * FROM journal WHERE outcome IN ('unknown', 'running') ORDER BY id`).all() as JournalEntry[];
    return { unresolved, last: lastPassIn(db, null) };
  } finally {
    db.close();
  }
}

/** A file problem in words, without SQLite's error class names. */
function problemOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_CANTOPEN' || e.code === 'EACCES') return `cannot be opened (${e.message ?? e.code}): check its permissions`;
  if (e.code === 'SQLITE_NOTADB') return 'it is not a SQLite database';
  if (e.code === 'SQLITE_CORRUPT') return `it is corrupt (${e.message ?? e.code})`;
  return e.message ?? String(err);
}

function lastPassIn(db: Database, before: number | null): Omit<PreviousPass, 'day'> | undefined {
  const row = db
    .prepare(`SELECT id FROM passes WHERE status IN ('ok', 'refused', 'failed') AND (? IS NULL OR id < ?) AND finished_ms IS NOT NULL ORDER BY id DESC LIMIT 1`)
    .get(before, before) as { id: number } | undefined;
  if (row === undefined) return undefined;
  const views = new Map<string, { rows: number; sha256: string }>();
  for (const v of db.prepare(`SELECT view, rows, sha256 FROM view_history WHERE pass = ?`).all(row.id) as { view: string; rows: number; sha256: string }[]) {
    views.set(v.view, { rows: v.rows, sha256: v.sha256 });
  }
  const sourceRows = new Map<string, number>();
  for (const s of db
    .prepare(
      `SELECT source, rows FROM imports i WHERE status IN ('ok', 'unchanged') AND pass <= ?
       AND id = (SELECT max(id) FROM imports j WHERE j.source = i.source AND j.status IN ('ok', 'unchanged') AND j.pass <= ?)`,
    )
    .all(row.id, row.id) as { source: string; rows: number }[]) {
    sourceRows.set(s.source, s.rows);
  }
  return { pass: row.id, views, sourceRows };
}
