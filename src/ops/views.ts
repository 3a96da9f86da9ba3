import { compareBytewise } from '../util/bytewise.js';
import { existsSync, statSync } from 'node:fs';
import { quoteIdent } from '../db/bulk-insert.js';
import { readManifest } from '../export/manifest.js';
import { viewFingerprints } from '../export/export-views.js';
import type { ViewOrigin } from '../views/view-files.js';
import { loadViews } from '../views/create-views.js';
import { openWorkspace, type Env } from '../config/env.js';
import { withReadOnlyDay } from './read-only-day.js';
import { enterDayForReading } from '../workspace-dirs.js';

export interface ViewInfo {
  readonly name: string;
  readonly sql_name: string;
  readonly description: string | null;
  readonly origin: ViewOrigin;
  /** A workspace view that replaces the stock view of the same name. */
  readonly overrides_stock: boolean;
  readonly file: string;
  /** Views it reads. */
  readonly depends: readonly string[];
  /** Rows on this day; null when the day has no state.db or the view did not compile. */
  readonly rows: number | null;
  /** manifest: the day's exported file is current, its count is used; counted: counted now. */
  readonly rows_from: 'manifest' | 'counted' | null;
}

export interface ViewsOutcome {
  readonly day: string;
  /** False when the day has no state.db yet: rows are unknown. */
  readonly imported: boolean;
  readonly views: readonly ViewInfo[];
  /** A view failed to compile (the message names its file): later views have no rows. */
  readonly error: string | null;
}

/**
 * `breakfix views`: every view with its description, origin and rows. Rows
 * come from the day's manifest when the exported file is current (same
 * inputs, file untouched), else they are counted on a read-only connection.
 * Takes no lock and writes nothing.
 */
export async function listViews(env: Env): Promise<ViewsOutcome> {
  const { config, ws } = openWorkspace(env);
  const defs = loadViews(ws);
  const info = (d: (typeof defs)[number], rows: number | null, from: ViewInfo['rows_from']): ViewInfo => ({
    name: d.name,
    sql_name: d.sqlName,
    description: d.description ?? null,
    origin: d.origin,
    overrides_stock: d.overridesStock,
    file: d.file,
    depends: d.depends,
    rows,
    rows_from: from,
  });
  enterDayForReading(ws);
  if (!existsSync(ws.dbFile)) {
    return { day: ws.day, imported: false, views: sortByName(defs.map((d) => info(d, null, null))), error: null };
  }
  return withReadOnlyDay(ws, config, { tolerateViewErrors: true }, (day) => {
    const db = day.state.raw;
    const manifest = readManifest(ws.manifestFile, ws.day);
    const current = day.viewError === undefined ? viewFingerprints(db, config, day.views, null, manifest) : new Map<string, string>();
    const compiled = new Set(
      (db.prepare("SELECT name FROM temp.sqlite_schema WHERE type = 'view'").all() as { name: string }[]).map((r) => r.name),
    );
    const views = day.views.map((d) => {
      const entry = manifest.views[d.name];
      if (entry !== undefined && entry.inputs === current.get(d.sqlName) && fileUnchanged(ws.viewFile(d.name), entry.bytes, entry.mtime_ms)) {
        return info(d, entry.rows, 'manifest');
      }
      if (!compiled.has(d.sqlName)) return info(d, null, null);
      try {
        const n = (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(d.sqlName)}`).get() as { n: number }).n;
        return info(d, n, 'counted');
      } catch {
        // The view that failed to compile (SQLite creates a view before it can tell), or one reading it.
        return info(d, null, null);
      }
    });
    return { day: ws.day, imported: true, views: sortByName(views), error: day.viewError?.message ?? null };
  });
}

function fileUnchanged(file: string, bytes: number, mtimeMs: number): boolean {
  try {
    const st = statSync(file);
    return st.size === bytes && st.mtimeMs === mtimeMs;
  } catch {
    return false;
  }
}

function sortByName(views: ViewInfo[]): ViewInfo[] {
  return views.sort((a, b) => compareBytewise(a.name, b.name));
}
