import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { openStateDbReadOnly, type StateDb } from '../db/open.js';
import { QueryError } from '../errors.js';
import type { OrderedView } from '../views/dependencies.js';
import { createViews, loadViews } from '../views/create-views.js';
import type { Workspace } from '../workspace.js';
import { enterDayForReading } from '../workspace-dirs.js';

/** A day's state.db opened read-only, with the current query files as TEMP views. */
export interface ReadOnlyDay {
  readonly state: StateDb;
  /** Every view, stock and workspace, in creation order. */
  readonly views: readonly OrderedView[];
  /** Set when a view failed to compile: views before it exist, it and later ones do not. */
  readonly viewError: QueryError | undefined;
}

/**
 * Open the day read-only and create every view as a TEMP view on that
 * connection: read-only commands see the query files as they are now, and
 * never write state.db (no lock needed). A view cycle throws; a view that
 * fails to compile throws unless `tolerateViewErrors`, in which case it is
 * reported in `viewError`.
 */
export function openDayReadOnly(ws: Workspace, config: Config, opts: { tolerateViewErrors: boolean }): ReadOnlyDay {
  const views = loadViews(ws);
  enterDayForReading(ws);
  const state = openStateDbReadOnly(ws.dbFile);
  try {
    createViews(state.raw, config, views, { temp: true });
    return { state, views, viewError: undefined };
  } catch (err) {
    if (err instanceof QueryError && opts.tolerateViewErrors) return { state, views, viewError: err };
    void state.close();
    throw err;
  }
}

/** Run `fn` on the day opened read-only, closing it afterwards. */
export async function withReadOnlyDay<T>(ws: Workspace, config: Config, opts: { tolerateViewErrors: boolean }, fn: (day: ReadOnlyDay) => T | Promise<T>): Promise<T> {
  const day = openDayReadOnly(ws, config, opts);
  try {
    return await fn(day);
  } finally {
    await day.state.close();
  }
}

/**
 * Run `fn`, which reads with several statements, in one read transaction, so
 * that all of them see one state of the database. Each statement on its own
 * sees the latest commit: a pass importing between two of them would show a
 * host's row from one import beside its views from the next. (A command that
 * reads with one statement — query, sql — needs none; sql must not have one,
 * since ATTACH is refused inside a transaction.)
 */
export async function inOneSnapshot<T>(db: Database, fn: () => T | Promise<T>): Promise<T> {
  db.exec('BEGIN');
  try {
    return await fn();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

/** Does the view (or table) exist on this connection, and which columns does it have? */
export function columnsOfView(day: ReadOnlyDay, sqlName: string): string[] {
  return (day.state.raw.prepare('SELECT name FROM pragma_table_info(?)').all(sqlName) as { name: string }[]).map((r) => r.name);
}
