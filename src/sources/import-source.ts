import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { FIXED_TABLE_OF_KIND, HISTORY_TABLES_OF_KIND } from '../db/schema.js';
import { BULK_LOAD_CACHE_KIB, withCacheSize, type StateDb } from '../db/open.js';
import { insertImport, lastGoodImport, type ImportRow } from '../db/imports-table.js';
import { ParseError } from '../errors.js';
import type { Transcript } from '../util/transcript.js';
import { formatArgv } from '../util/run-command.js';
import type { Workspace } from '../workspace.js';
import { acquireInput } from './acquire-input.js';
import { fingerprintFile, sha256Text, type Fingerprint } from './fingerprint.js';
import { HostNormalizer } from './host-normalizer.js';
import { asInputError } from './import-error.js';
import { countUnknownHosts, countUnmatched, countUnmatchedMetricHosts, inventoryInfo, mapIpLiterals, recordMetricHosts } from './inventory-match.js';
import type { ReadProgress } from './line-reader.js';
import { finishKind, parseKind } from './load-kind.js';
import { directTarget } from './load-target.js';
import { parseInWorker, useParseWorker } from './parse-in-worker.js';
import type { LoadContext, LoadResult } from './load-context.js';
import { checkNotReserved, sqlName, tableExists } from './source-tables.js';

export interface ImportOptions {
  /** The pass this import belongs to; null for `breakfix import`. */
  readonly pass: number | null;
  /** Re-import even when the input's bytes and config did not change. */
  readonly force: boolean;
  readonly clock: () => Date;
  readonly transcript: Transcript;
  /** Inputs at least this large are parsed on a worker thread (default PARSE_WORKER_MIN_BYTES; tests use 0). */
  readonly parseWorkerMinBytes?: number | undefined;
  /** A progress reporter for a source's parse, when the terminal wants one. */
  readonly progress?: (source: NamedSource, totalBytes: number) => ReadProgress | undefined;
}

export interface ImportReport {
  readonly source: string;
  readonly kind: string;
  readonly cluster: string | null;
  readonly status: 'ok' | 'unchanged' | 'failed';
  readonly rows: number;
  /** Distinct hosts the inventory does not know; null when there is no inventory (or for the inventory itself). */
  readonly unmatched: number | null;
  readonly duplicates: number | null;
  /** Input records skipped on purpose (Prometheus samples without the host label); null for kinds that skip none. */
  readonly skipped: number | null;
  /** What was skipped, in words (`3 samples skipped (no "instance" label)`); null when nothing was. */
  readonly note: string | null;
  readonly bytes: number;
  readonly seconds: number;
  readonly importId: number;
  /** The file parsed (for command sources, the saved output under runs/DAY/inputs/). */
  readonly file: string | null;
  readonly error: string | null;
}

/**
 * Import one source into the day's database: acquire the input (a file, or a
 * command's stdout saved under runs/DAY/inputs/), skip it when its bytes and
 * config are unchanged since its last import today, else parse and load it in
 * ONE transaction that replaces the source's rows or, on any error, changes
 * nothing. Every attempt, failed ones included, is recorded in `imports`.
 */
export async function importSource(
  state: StateDb,
  ws: Workspace,
  config: Config,
  src: NamedSource,
  opts: ImportOptions,
): Promise<ImportReport> {
  const db = state.raw;
  const startedMs = opts.clock().getTime();
  const origin = src.path !== undefined ? 'path' : 'command';
  const location = src.path ?? JSON.stringify(src.command);
  const cluster = 'cluster' in src ? src.cluster : null;
  // What every imports row of this attempt says.
  const attempt = { pass: opts.pass, source: src.name, kind: src.kind, cluster, origin, location, started_ms: startedMs } as const;
  const record = (fields: Partial<ImportRow> & Pick<ImportRow, 'status'>): number => insertImport(db, { ...attempt, finished_ms: opts.clock().getTime(), ...fields });

  if (src.kind === 'inventory' || src.kind === 'hostlist' || src.kind === 'table') checkNotReserved(src.name, `sources.${src.name}`);

  // 1. The input.
  let file: string;
  let capturedAt: number;
  let fp: Fingerprint;
  try {
    ({ file, capturedAt } = await acquireInput(ws, config, src, opts));
    // A path source's file, unchanged since the last import hashed it, keeps that hash (a command's output is always new).
    const hashed = src.path !== undefined ? lastGoodImport(db, src.name) : undefined;
    fp = await fingerprintFile(file, hashed?.file === file ? { stat: hashed.file_stat, sha256: hashed.sha256 } : undefined);
  } catch (err) {
    const error = asInputError(err, src.path !== undefined ? resolve(ws.dir, src.path) : `command ${formatArgv(src.command!)}`);
    const id = record({ status: 'failed', error: error.message });
    opts.transcript.write('import', `${src.name}: FAILED ${error.message}`);
    return failedReport(src, cluster, id, startedMs, opts, error.message, null);
  }
  // A file's data is as old as its last write; a command's is as old as its run.
  if (src.path !== undefined) capturedAt = fp.mtime;

  const inventory = inventoryInfo(db, config);
  const inventoryImport = src.kind === 'inventory' ? null : lastGoodImport(db, config.hosts.inventory ?? '')?.data_import ?? null;
  const configHash = sha256Text(JSON.stringify({ src: { ...src, description: undefined }, hosts: config.hosts, inventoryImport }));

  // 2. Unchanged since the last good import today: keep its rows.
  const previous = lastGoodImport(db, src.name);
  if (!opts.force && previous && previous.sha256 === fp.sha256 && previous.config_hash === configHash && sourceTablePresent(db, src)) {
    const id = record({
      status: 'unchanged',
      file,
      file_stat: fp.stat,
      sha256: fp.sha256,
      bytes: fp.bytes,
      rows: previous.rows,
      unmatched: previous.unmatched,
      duplicates: previous.duplicates,
      skipped: previous.skipped,
      data_import: previous.data_import,
      data_time: capturedAt,
      config_hash: configHash,
    });
    const how = fp.reused ? 'file as it was when hashed' : `sha256 ${fp.sha256.slice(0, 12)}`;
    opts.transcript.write('import', `${src.name}: unchanged (${how}), ${previous.rows} rows kept from import ${previous.data_import}`);
    return {
      source: src.name,
      kind: src.kind,
      cluster,
      status: 'unchanged',
      rows: previous.rows ?? 0,
      unmatched: previous.unmatched,
      duplicates: previous.duplicates,
      skipped: previous.skipped,
      note: previous.skipped ? describeSkipped(src, previous.skipped) : null,
      bytes: fp.bytes,
      seconds: (opts.clock().getTime() - startedMs) / 1000,
      importId: id,
      file,
      error: null,
    };
  }

  // 3. Parse and load, all or nothing.
  db.exec('BEGIN IMMEDIATE');
  let importId = 0;
  try {
    importId = insertImport(db, {
      ...attempt,
      file,
      file_stat: fp.stat,
      sha256: fp.sha256,
      bytes: fp.bytes,
      status: 'running',
      data_time: capturedAt,
      config_hash: configHash,
    });
    clearFixedRows(db, config, src);
    const isFixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind] !== undefined;
    // The distinct hosts of a fixed-table import: metric_hosts for metrics, unmatched counts for all.
    const hosts = new HostNormalizer(config.hosts, { collectDistinct: src.kind === 'metrics' || (isFixed && inventory !== undefined) });
    const ctx: LoadContext = { db, source: src, file, importId, hosts, capturedAt, progress: opts.progress?.(src, fp.bytes), target: directTarget(db) };
    const keyed = src.kind === 'inventory' || src.kind === 'hostlist';
    const load = () => loadKind(ctx, useParseWorker(fp.bytes, opts.parseWorkerMinBytes));
    const loaded = keyed ? await withCacheSize(db, BULK_LOAD_CACHE_KIB, load) : await load();
    const mappedIps = hosts.ipLiterals > 0 && inventory?.hasIp === true;
    const rows = mappedIps ? mapIpLiterals(db, src, inventory) ?? loaded.rows : loaded.rows;
    if (src.kind === 'metrics') recordMetricHosts(db, src.name, mappedIps ? undefined : hosts.distinct);
    if (rows === 0 && !src.allow_empty) {
      throw new ParseError(
        'no rows (an empty file, a header alone, or a command that printed nothing); breakfix fails closed — set allow_empty: true if this source may be empty',
        undefined,
      );
    }
    const unmatched =
      src.kind === 'inventory' || inventory === undefined
        ? null
        : src.kind === 'metrics'
          ? countUnmatchedMetricHosts(db, src.name, inventory)
          : hosts.distinct !== undefined && !mappedIps
            ? countUnknownHosts(db, hosts.distinct, inventory)
            : countUnmatched(db, src, inventory);
    const duplicates = src.kind === 'hostlist' ? (loaded.duplicates ?? 0) + (loaded.rows - rows) : null;
    const skipped = loaded.skipped ?? null;
    db.prepare(
      `UPDATE imports SET status = 'ok', rows = ?, unmatched = ?, duplicates = ?, skipped = ?, data_import = id, finished_ms = ? WHERE id = ?`,
    ).run(rows, unmatched, duplicates, skipped, opts.clock().getTime(), importId);
    db.exec('COMMIT');
    const seconds = (opts.clock().getTime() - startedMs) / 1000;
    opts.transcript.write(
      'import',
      `${src.name}: ${rows} rows from ${file} (${fp.bytes} bytes, sha256 ${fp.sha256.slice(0, 12)})` +
        (unmatched ? `, ${unmatched} hosts not in inventory` : '') +
        (duplicates ? `, ${duplicates} duplicates` : '') +
        (skipped ? `, ${describeSkipped(src, skipped)}` : '') +
        ` in ${seconds.toFixed(2)}s`,
    );
    const note = skipped ? describeSkipped(src, skipped) : null;
    return { source: src.name, kind: src.kind, cluster, status: 'ok', rows, unmatched, duplicates, skipped, note, bytes: fp.bytes, seconds, importId, file, error: null };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const error = asInputError(err, file);
    const id = record({ status: 'failed', file, sha256: fp.sha256, bytes: fp.bytes, error: error.message, config_hash: configHash });
    opts.transcript.write('import', `${src.name}: FAILED ${error.message} (previous rows kept)`);
    return failedReport(src, cluster, id, startedMs, opts, error.message, file, fp.bytes);
  }
}

function failedReport(
  src: NamedSource,
  cluster: string | null,
  importId: number,
  startedMs: number,
  opts: ImportOptions,
  error: string,
  file: string | null,
  bytes = 0,
): ImportReport {
  return {
    source: src.name,
    kind: src.kind,
    cluster,
    status: 'failed',
    rows: 0,
    unmatched: null,
    duplicates: null,
    skipped: null,
    note: null,
    bytes,
    seconds: (opts.clock().getTime() - startedMs) / 1000,
    importId,
    file,
    error,
  };
}

/** `3 samples skipped (no "instance" label)`: what an import skipped on purpose, for transcripts and summaries. */
function describeSkipped(src: NamedSource, skipped: number): string {
  const what = src.kind === 'metrics' ? `sample${skipped === 1 ? '' : 's'}` : `record${skipped === 1 ? '' : 's'}`;
  const why = src.kind === 'metrics' ? ` (no ${JSON.stringify(src.host_label)} label)` : '';
  return `${skipped} ${what} skipped${why}`;
}

/** Parse (here, or on a worker thread for a large input), then finish here, inside the transaction. */
async function loadKind(ctx: LoadContext, onWorker: boolean): Promise<LoadResult> {
  const parsed = onWorker ? await parseInWorker(ctx) : await parseKind(ctx);
  return finishKind(ctx, parsed);
}

/**
 * Fixed tables are shared by sources: remove this source's rows (the whole
 * table when it is the only source). The HDFS history tables keep the day's
 * rows of every configured source; only rows of sources no longer
 * configured go.
 */
function clearFixedRows(db: Database, config: Config, src: NamedSource): void {
  const history = (HISTORY_TABLES_OF_KIND as Record<string, readonly string[]>)[src.kind];
  if (history !== undefined) {
    const names = JSON.stringify(config.sources.filter((s) => (HISTORY_TABLES_OF_KIND as Record<string, unknown>)[s.kind] !== undefined).map((s) => s.name));
    for (const t of ['hdfs_health', 'hdfs_decommission_progress']) db.prepare(`DELETE FROM ${t} WHERE source NOT IN (SELECT value FROM json_each(?))`).run(names);
  }
  const table = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  if (table === undefined) return;
  const sharing = config.sources.filter((s) => s.name !== src.name && (FIXED_TABLE_OF_KIND as Record<string, string>)[s.kind] === table);
  const othersHaveRows = sharing.some((s) => lastGoodImport(db, s.name) !== undefined);
  // metric_hosts summarises metric_samples per source: cleared with it.
  const tables = table === 'metric_samples' ? [table, 'metric_hosts'] : [table];
  for (const t of tables) {
    if (othersHaveRows) db.prepare(`DELETE FROM ${t} WHERE source = ?`).run(src.name);
    // Also drop rows of sources no longer configured: they would otherwise linger forever.
    else db.exec(`DELETE FROM ${t}`);
  }
}

function sourceTablePresent(db: Database, src: NamedSource): boolean {
  if (src.kind === 'inventory' || src.kind === 'hostlist' || src.kind === 'table') return tableExists(db, sqlName(src.name));
  return true;
}
