import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { PassStatus } from '../db/schema.js';
import type { Workspace } from '../workspace.js';

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

export interface ActionHistoryRow {
  readonly action: string;
  readonly cluster: string;
  readonly population: number;
  readonly budget: number;
  readonly out: number;
  readonly headroom: number;
  readonly candidates: number;
  readonly planned: number;
  readonly executed: number;
  readonly failed: number;
  readonly reason: string | null;
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

/**
 * The last finished pass before `currentPass`: in today's database, or else
 * the last pass of the most recent earlier day. Changes in a summary and the
 * inputs-not-shrunk invariant compare against it, across midnight too.
 */
export function previousPass(db: Database, ws: Workspace, currentPass: number | null): PreviousPass | undefined {
  const here = lastPassIn(db, currentPass);
  if (here !== undefined) return { ...here, day: ws.day };
  const earlier = ws.days().filter((d) => d < ws.day);
  for (const day of earlier.reverse()) {
    const file = ws.dbFileOf(day);
    if (!existsSync(file)) continue;
    const other = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      const found = lastPassIn(other, null);
      if (found !== undefined) return { ...found, day };
    } catch {
      // An older database without these tables: no history to compare with.
    } finally {
      other.close();
    }
  }
  return undefined;
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
