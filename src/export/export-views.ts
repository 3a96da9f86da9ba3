import { compareBytewise } from '../util/bytewise.js';
import { statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { FIXED_TABLE_OF_KIND, HISTORY_TABLES_OF_KIND } from '../db/schema.js';
import { sha256Text } from '../sources/fingerprint.js';
import { lastGoodImport } from '../db/imports-table.js';
import { sqlName } from '../sources/source-tables.js';
import { referencedIdentifiers, stripHeader, type OrderedView } from '../views/dependencies.js';
import type { Workspace } from '../workspace.js';
import { clockWindowKey } from './clock-version.js';
import { readManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { writeViewsInParallel, type TimedWrite } from './parallel-export.js';
import { writeViewFile } from './write-view.js';
import { ensureRealDir } from '../util/safe-fs.js';

export interface ExportedView {
  readonly view: string;
  readonly file: string;
  readonly rows: number;
  /** The view's columns, in the file's column order. */
  readonly columns: readonly string[];
  readonly sha256: string;
  /** written: the file was (re)written; current: it was already up to date. */
  readonly status: 'written' | 'current';
  readonly reason: string;
  readonly seconds: number;
}

type ExportOptions = { readonly only?: readonly string[]; readonly force: boolean; readonly pass: number | null; readonly clock: () => Date };

/**
 * Export views to runs/DAY/<view>, make-like: a view whose inputs (its SQL,
 * the views it reads, the imports of the tables it reads) are unchanged since
 * its file was written, and whose file is still there untouched, is not
 * rewritten. `force` rewrites every selected view.
 */
export function exportViews(db: Database, config: Config, ws: Workspace, views: readonly OrderedView[], opts: ExportOptions): ExportedView[] {
  const results = new Map<string, ExportedView>();
  let order: readonly string[] | undefined;
  for (let wave = opts.only; ; ) {
    const plan = planExport(db, config, ws, views, { ...opts, only: wave });
    order ??= plan.items.map((i) => i.v.name);
    const now = plan.stale.filter((i) => !plan.later.has(i));
    finishExport(plan, now, now.map((item) => timedWrite(db, item.v.sqlName, item.dest)), ws, opts, results);
    if (plan.later.size === 0) break;
    wave = [...plan.later].map((i) => i.v.name);
  }
  return order.map((name) => results.get(name)!);
}

/**
 * The same, writing the stale views on two threads when the day is large
 * (see parallel-export.ts): the views of a pass are independent queries over
 * committed data, and on a 2-core machine the exports of a 1M-host day take
 * about half the time. The files, manifest and results are exactly those of
 * exportViews.
 */
export async function exportViewsParallel(
  db: Database,
  dbFile: string,
  config: Config,
  ws: Workspace,
  views: readonly OrderedView[],
  opts: ExportOptions,
): Promise<ExportedView[]> {
  const results = new Map<string, ExportedView>();
  let order: readonly string[] | undefined;
  for (let wave = opts.only; ; ) {
    const plan = planExport(db, config, ws, views, { ...opts, only: wave });
    order ??= plan.items.map((i) => i.v.name);
    const now = plan.stale.filter((i) => !plan.later.has(i));
    const written = await writeViewsInParallel(db, dbFile, now.map((item) => ({ view: item.v.sqlName, dest: item.dest })));
    finishExport(plan, now, written, ws, opts, results);
    if (plan.later.size === 0) break;
    wave = [...plan.later].map((i) => i.v.name);
  }
  return order.map((name) => results.get(name)!);
}

interface ExportItem {
  readonly v: OrderedView;
  readonly dest: string;
  readonly inputs: string;
  readonly prev: ManifestEntry | undefined;
  /** Why it is written; undefined when the file is current. */
  readonly reason: string | undefined;
}

interface ExportPlan {
  readonly manifest: Manifest;
  readonly items: readonly ExportItem[];
  readonly stale: readonly ExportItem[];
  /**
   * Stale views that read a clock-dependent view being rewritten in this
   * wave: they are planned again once it is written, and follow only if its
   * file changed (see viewFingerprints).
   */
  readonly later: ReadonlySet<ExportItem>;
}

function planExport(db: Database, config: Config, ws: Workspace, views: readonly OrderedView[], opts: ExportOptions): ExportPlan {
  ensureRealDir(ws.dayDir);
  const manifest = readManifest(ws.manifestFile, ws.day);
  const { fingerprints, clockDependent } = fingerprintViews(db, config, views, opts.pass, manifest);
  const selected = opts.only && opts.only.length > 0 ? views.filter((v) => opts.only!.includes(v.name)) : views;
  const items = selected.map((v): ExportItem => {
    const dest = ws.viewFile(v.name);
    const inputs = fingerprints.get(v.sqlName)!;
    const prev = manifest.views[v.name];
    const reason = opts.force ? 'forced' : staleReason(prev, inputs, dest);
    return { v, dest, inputs, prev, reason: reason === undefined && prev ? undefined : (reason ?? 'new') };
  });
  const stale = items.filter((i) => i.reason !== undefined);
  // In dependency order: a view waits if a clock-dependent view it reads is rewritten now, or waits itself.
  const waiting = new Set<string>();
  const staleNames = new Set(stale.map((i) => i.v.sqlName));
  const later = new Set<ExportItem>();
  for (const item of stale) {
    if (item.v.depends.some((d) => clockDependent.has(d) && (staleNames.has(d) || waiting.has(d)))) {
      waiting.add(item.v.sqlName);
      later.add(item);
    }
  }
  return { manifest, items, stale, later };
}

function timedWrite(db: Database, view: string, dest: string): TimedWrite {
  const started = performance.now();
  const written = writeViewFile(db, view, dest);
  return { written, seconds: (performance.now() - started) / 1000 };
}

/**
 * Record what was written (`written[i]` is `now[i]`'s) in the manifest, and
 * each view's result in `results`; views left for a later wave get none yet.
 */
function finishExport(plan: ExportPlan, now: readonly ExportItem[], written: readonly TimedWrite[], ws: Workspace, opts: ExportOptions, results: Map<string, ExportedView>): void {
  const byItem = new Map(now.map((item, i) => [item, written[i]!]));
  for (const item of plan.items) {
    if (plan.later.has(item)) continue;
    const { v, dest, prev } = item;
    const w = byItem.get(item);
    if (w === undefined) {
      results.set(v.name, { view: v.name, file: dest, rows: prev!.rows, columns: prev!.columns, sha256: prev!.sha256, status: 'current', reason: 'inputs unchanged', seconds: 0 });
      continue;
    }
    plan.manifest.views[v.name] = {
      file: v.name,
      columns: [...w.written.columns],
      rows: w.written.rows,
      sha256: w.written.sha256,
      bytes: w.written.bytes,
      mtime_ms: statSync(dest).mtimeMs,
      pass: opts.pass,
      sql: v.sql,
      sql_hash: sha256Text(v.sql),
      inputs: item.inputs,
      exported_at: opts.clock().toISOString(),
    };
    results.set(v.name, { view: v.name, file: dest, rows: w.written.rows, columns: w.written.columns, sha256: w.written.sha256, status: 'written', reason: item.reason!, seconds: w.seconds });
  }
  writeManifest(ws.manifestFile, plan.manifest);
}

function staleReason(prev: ManifestEntry | undefined, inputs: string, dest: string): string | undefined {
  if (prev === undefined) return 'new';
  if (prev.inputs !== inputs) return 'inputs changed';
  let st;
  try {
    st = statSync(dest);
  } catch {
    return 'file missing';
  }
  if (st.size !== prev.bytes || st.mtimeMs !== prev.mtime_ms) return 'file changed on disk';
  return undefined;
}

/** The contents of the settings table, as a hash (without the clock: for views whose clock part is a ClockWindow). */
function settingsHash(db: Database, withoutNow = false): string {
  const rows = db.prepare(`SELECT key, value FROM settings${withoutNow ? " WHERE key <> 'now'" : ''} ORDER BY key`).raw(true).all();
  return sha256Text(JSON.stringify(rows));
}

/**
 * What each view is computed from, as a hash: its SQL, its dependencies'
 * fingerprints, and the data version of every table it reads — the latest
 * import of each source feeding that table, and the contents of settings.
 * Tables that change on every pass (journal, imports and history grow) make
 * a view volatile: it is re-exported on every pass.
 *
 * A view declared `-- reads-clock: sample-age` takes the clock as the window of
 * sample times around its cutoff (clock-version.ts), not as the time itself:
 * it stays current while the clock moves and no sample crosses
 * max_sample_age. A view reading such a view (directly or not) takes that
 * view's output instead of its fingerprint: the sha256 of its file, as
 * `manifest` records it for the view's current fingerprint (or, when it has
 * none, a value never seen before). So when a crossing changes nothing in
 * the clock-dependent view's file, the views reading it stay current.
 */
export function viewFingerprints(db: Database, config: Config, views: readonly OrderedView[], pass: number | null, manifest?: Manifest): Map<string, string> {
  return fingerprintViews(db, config, views, pass, manifest).fingerprints;
}

function fingerprintViews(
  db: Database,
  config: Config,
  views: readonly OrderedView[],
  pass: number | null,
  manifest: Manifest | undefined,
): { fingerprints: Map<string, string>; clockDependent: Set<string> } {
  const dataVersion = dataVersions(db, config, pass);
  const names = new Map(views.map((v) => [v.sqlName, v.name]));
  let clock: { key: string | undefined } | undefined;
  const clockKey = () => (clock ??= { key: clockWindowKey(db, dataVersion.get('metric_samples')!) }).key;
  const result = new Map<string, string>();
  const clockDependent = new Set<string>();
  const unknown = `unknown:${Date.now()}:${Math.random()}`;
  for (const v of views) {
    const ids = referencedIdentifiers(stripHeader(v.sql));
    const parts = [`sql:${sha256Text(v.sql)}`];
    for (const id of [...ids].sort(compareBytewise)) {
      const dep = result.get(id);
      if (dep !== undefined && id !== v.sqlName) {
        if (clockDependent.has(id)) {
          clockDependent.add(v.sqlName);
          const entry = manifest?.views[names.get(id)!];
          parts.push(entry !== undefined && entry.inputs === dep ? `view-output:${id}:${entry.sha256}` : `view-output:${id}:${unknown}`);
        } else parts.push(`view:${id}:${dep}`);
      }
      const data = dataVersion.get(id);
      if (id === 'settings' && v.clock === 'sample-age' && clockKey() !== undefined) {
        clockDependent.add(v.sqlName);
        parts.push(`table:settings:${settingsHash(db, true)}`, `clock:${clockKey()}`);
      } else if (data !== undefined) parts.push(`table:${id}:${data}`);
    }
    result.set(v.sqlName, sha256Text(parts.join('\n')));
  }
  return { fingerprints: result, clockDependent };
}

/**
 * The version of the data in each table and built-in view views may read:
 * the imports of the sources feeding it, the contents of settings, or, for
 * the tables that grow on every pass, a value never seen before.
 */
export function dataVersions(db: Database, config: Config, pass: number | null): Map<string, string> {
  const dataVersion = new Map<string, string>();
  const versionOfSources = (names: readonly string[]) =>
    names.map((n) => `${n}@${lastGoodImport(db, n)?.data_import ?? 'none'}`).sort(compareBytewise).join(',');
  for (const s of config.sources) {
    if (s.kind === 'inventory' || s.kind === 'hostlist' || s.kind === 'table') dataVersion.set(sqlName(s.name), versionOfSources([s.name]));
  }
  const byTable = new Map<string, string[]>();
  for (const s of config.sources) {
    const table = (FIXED_TABLE_OF_KIND as Record<string, string>)[s.kind];
    if (table) byTable.set(table, [...(byTable.get(table) ?? []), s.name]);
  }
  for (const s of config.sources) {
    for (const table of (HISTORY_TABLES_OF_KIND as Record<string, readonly string[]>)[s.kind] ?? []) byTable.set(table, [...(byTable.get(table) ?? []), s.name]);
  }
  for (const table of ['hdfs_datanodes', 'hdfs_hosts', 'yarn_nodes', 'metric_samples', 'hdfs_health', 'hdfs_decommission_progress']) {
    dataVersion.set(table, versionOfSources(byTable.get(table) ?? []));
  }
  dataVersion.set('metric_latest', dataVersion.get('metric_samples')!);
  dataVersion.set('metric_hosts', dataVersion.get('metric_samples')!);
  dataVersion.set('inventory_hosts', versionOfSources(config.sources.filter((s) => s.kind === 'inventory').map((s) => s.name)));
  dataVersion.set('hostlist_entries', versionOfSources(config.sources.filter((s) => s.kind === 'hostlist').map((s) => s.name)));
  // settings holds the pass clock and the health thresholds: a view reading it
  // is current while its values are (a replayed clock, or two passes in the
  // same second), and re-exported as soon as the clock moves.
  dataVersion.set('settings', `settings:${settingsHash(db)}`);
  const volatile = `volatile:${pass ?? 'none'}:${Date.now()}`;
  for (const t of ['imports', 'passes', 'journal', 'view_history', 'action_history', 'population_cache']) dataVersion.set(t, volatile);
  return dataVersion;
}
