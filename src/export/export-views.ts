import { mkdirSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { FIXED_TABLE_OF_KIND } from '../db/schema.js';
import { sha256Text } from '../sources/fingerprint.js';
import { lastGoodImport } from '../sources/import-source.js';
import { sqlName } from '../sources/source-tables.js';
import { referencedIdentifiers, stripHeader, type OrderedView } from '../views/dependencies.js';
import type { Workspace } from '../workspace.js';
import { readManifest, writeManifest, type ManifestEntry } from './manifest.js';
import { writeViewFile } from './write-view.js';

export interface ExportedView {
  readonly view: string;
  readonly file: string;
  readonly rows: number;
  readonly sha256: string;
  /** written: the file was (re)written; current: it was already up to date. */
  readonly status: 'written' | 'current';
  readonly reason: string;
  readonly seconds: number;
}

/**
 * Export views to runs/DAY/<view>, make-like: a view whose inputs (its SQL,
 * the views it reads, the imports of the tables it reads) are unchanged since
 * its file was written, and whose file is still there untouched, is not
 * rewritten. `force` rewrites every selected view.
 */
export function exportViews(
  db: Database,
  config: Config,
  ws: Workspace,
  views: readonly OrderedView[],
  opts: { readonly only?: readonly string[]; readonly force: boolean; readonly pass: number | null; readonly clock: () => Date },
): ExportedView[] {
  mkdirSync(ws.dayDir, { recursive: true });
  const manifest = readManifest(ws.manifestFile, ws.day);
  const fingerprints = viewFingerprints(db, config, views, opts.pass);
  const selected = opts.only && opts.only.length > 0 ? views.filter((v) => opts.only!.includes(v.name)) : views;
  const results: ExportedView[] = [];
  for (const v of selected) {
    const started = performance.now();
    const dest = ws.viewFile(v.name);
    const inputs = fingerprints.get(v.sqlName)!;
    const prev = manifest.views[v.name];
    const reason = opts.force ? 'forced' : staleReason(prev, inputs, dest);
    if (reason === undefined && prev) {
      results.push({ view: v.name, file: dest, rows: prev.rows, sha256: prev.sha256, status: 'current', reason: 'inputs unchanged', seconds: 0 });
      continue;
    }
    const written = writeViewFile(db, v.sqlName, dest);
    const entry: ManifestEntry = {
      file: v.name,
      columns: [...written.columns],
      rows: written.rows,
      sha256: written.sha256,
      bytes: written.bytes,
      mtime_ms: statSync(dest).mtimeMs,
      pass: opts.pass,
      sql: v.sql,
      sql_hash: sha256Text(v.sql),
      inputs,
      exported_at: opts.clock().toISOString(),
    };
    manifest.views[v.name] = entry;
    results.push({
      view: v.name,
      file: dest,
      rows: written.rows,
      sha256: written.sha256,
      status: 'written',
      reason: reason ?? 'new',
      seconds: (performance.now() - started) / 1000,
    });
  }
  writeManifest(ws.manifestFile, manifest);
  return results;
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

/**
 * What each view is computed from, as a hash: its SQL, its dependencies'
 * fingerprints, and the data version of every table it reads — the latest
 * import of each source feeding that table. Tables that change on every pass
 * (settings holds the pass clock; journal, imports and history grow) make a
 * view volatile: it is re-exported on every pass.
 */
export function viewFingerprints(db: Database, config: Config, views: readonly OrderedView[], pass: number | null): Map<string, string> {
  const dataVersion = new Map<string, string>();
  const versionOfSources = (names: readonly string[]) =>
    names.map((n) => `${n}@${lastGoodImport(db, n)?.data_import ?? 'none'}`).sort().join(',');
  for (const s of config.sources) {
    if (s.kind === 'inventory' || s.kind === 'hostlist' || s.kind === 'table') dataVersion.set(sqlName(s.name), versionOfSources([s.name]));
  }
  const byTable = new Map<string, string[]>();
  for (const s of config.sources) {
    const table = (FIXED_TABLE_OF_KIND as Record<string, string>)[s.kind];
    if (table) byTable.set(table, [...(byTable.get(table) ?? []), s.name]);
  }
  for (const table of ['hdfs_datanodes', 'hdfs_hosts', 'yarn_nodes', 'metric_samples']) dataVersion.set(table, versionOfSources(byTable.get(table) ?? []));
  dataVersion.set('metric_latest', dataVersion.get('metric_samples')!);
  dataVersion.set('inventory_hosts', versionOfSources(config.sources.filter((s) => s.kind === 'inventory').map((s) => s.name)));
  dataVersion.set('hostlist_entries', versionOfSources(config.sources.filter((s) => s.kind === 'hostlist').map((s) => s.name)));
  const volatile = `volatile:${pass ?? 'none'}:${Date.now()}`;
  for (const t of ['settings', 'imports', 'passes', 'journal', 'view_history', 'action_history']) dataVersion.set(t, volatile);

  const result = new Map<string, string>();
  for (const v of views) {
    const ids = referencedIdentifiers(stripHeader(v.sql));
    const parts = [`sql:${sha256Text(v.sql)}`];
    for (const id of [...ids].sort()) {
      const dep = result.get(id);
      if (dep !== undefined && id !== v.sqlName) parts.push(`view:${id}:${dep}`);
      const data = dataVersion.get(id);
      if (data !== undefined) parts.push(`table:${id}:${data}`);
    }
    result.set(v.sqlName, sha256Text(parts.join('\n')));
  }
  return result;
}
