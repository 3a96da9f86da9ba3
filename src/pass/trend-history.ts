import type { Database } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { openStateDbReadOnly } from '../db/open.js';
import { UsageError } from '../errors.js';
import { compareBytewise } from '../util/bytewise.js';
import type { Workspace } from '../workspace.js';
import { enterDayForReading } from '../workspace-dirs.js';
import { analyzeTrend, stuckDecommissions, type DecommissionObservation, type StuckDecommission, type TrendPoint, type ViewTrend } from './trend.js';

export interface TrendHistory {
  readonly days: string[];
  readonly trends: ViewTrend[];
  readonly stuck_decommissions: StuckDecommission[];
}

/**
 * Each view's size across the passes of the last `opts.days` days up to the
 * workspace's day (every day's state.db, read-only), with the growing and
 * stuck flags, and the DataNodes whose decommission has not moved for
 * `opts.runs` passes running. `views` empty: every view.
 */
export async function readTrendHistory(ws: Workspace, views: readonly string[], opts: { days: number; runs: number }): Promise<TrendHistory> {
  const days = ws.days().filter((d) => d <= ws.day).slice(-opts.days);
  const series = new Map<string, TrendPoint[]>();
  const decommissions: DecommissionObservation[] = [];
  for (const day of days) {
    const file = ws.dbFileOf(day);
    enterDayForReading(ws, day);
    if (!existsSync(file)) continue;
    let state;
    try {
      state = openStateDbReadOnly(file);
    } catch (err) {
      // The day's first pass is creating its database (no schema yet): no history there yet either.
      if (err instanceof UsageError) continue;
      throw err;
    }
    try {
      const rows = await (await state.kysely())
        .selectFrom('view_history as h')
        .innerJoin('passes as p', 'p.id', 'h.pass')
        .select(['h.view', 'h.pass', 'h.rows', 'h.sha256', 'p.started_ms'])
        .orderBy('h.pass')
        .execute();
      for (const r of rows) {
        if (views.length > 0 && !views.includes(r.view)) continue;
        let s = series.get(r.view);
        if (!s) series.set(r.view, (s = []));
        s.push({ day, pass: r.pass, at: new Date(r.started_ms).toISOString(), rows: r.rows, sha256: r.sha256 });
      }
      decommissions.push(...decommissionObservations(state.raw, day));
    } catch {
      // A day without pass history (imports only): nothing to add.
    } finally {
      await state.close();
    }
  }
  const unknown = views.filter((v) => !series.has(v));
  if (unknown.length > 0 && series.size === 0 && days.length > 0) {
    throw new UsageError(`no pass history for ${unknown.join(', ')} in ${days[0]}..${days[days.length - 1]}`);
  }
  const trends = [...series.entries()]
    .sort(([a], [b]) => compareBytewise(a, b))
    .map(([view, points]) => analyzeTrend(view, points, opts.runs));
  return { days, trends, stuck_decommissions: stuckDecommissions(decommissions, opts.runs) };
}

/**
 * Each pass's import of each hdfs-jmx source, with the decommissions it saw
 * (an unchanged input is the same observation again), in import order.
 */
function decommissionObservations(db: Database, day: string): DecommissionObservation[] {
  const imports = db
    .prepare(`SELECT id, pass, source, data_import FROM imports WHERE kind = 'hdfs-jmx' AND status IN ('ok', 'unchanged') AND pass IS NOT NULL ORDER BY id`)
    .all() as { id: number; pass: number; source: string; data_import: number }[];
  if (imports.length === 0) return [];
  const rows = db
    .prepare(`SELECT _import, source, cluster, hostname, under_replicated_blocks FROM hdfs_decommission_progress WHERE _import IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify([...new Set(imports.map((i) => i.data_import))])) as { _import: number; source: string; cluster: string; hostname: string; under_replicated_blocks: number }[];
  const byImport = new Map<string, Map<string, readonly [string, number]>>();
  for (const r of rows) {
    const k = `${r.source}\0${r._import}`;
    let nodes = byImport.get(k);
    if (nodes === undefined) byImport.set(k, (nodes = new Map()));
    nodes.set(r.hostname, [r.cluster, r.under_replicated_blocks]);
  }
  return imports.map((i) => ({ day, pass: i.pass, source: i.source, nodes: byImport.get(`${i.source}\0${i.data_import}`) ?? new Map() }));
}
