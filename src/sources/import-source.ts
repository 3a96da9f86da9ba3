import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { FIXED_TABLE_OF_KIND, HISTORY_TABLES_OF_KIND, type ImportsTable } from '../db/schema.js';
import { BULK_LOAD_CACHE_KIB, withCacheSize, type StateDb } from '../db/open.js';
import { BatchInserter, quoteIdent } from '../db/bulk-insert.js';
import { InputError, ParseError } from '../errors.js';
import type { Transcript } from '../pass/transcript.js';
import { formatSize } from '../config/size.js';
import { AtomicFile } from '../util/atomic-write.js';
import { commandEnv } from '../util/command-env.js';
import { describeEnd, describeFailure, describeStop, formatArgv, runCommand } from '../util/run-command.js';
import { ensureRealDir } from '../util/safe-fs.js';
import type { Workspace } from '../workspace.js';
import { fingerprintFile, sha256Text, type Fingerprint } from './fingerprint.js';
import { HostNormalizer } from './host-normalizer.js';
import type { ReadProgress } from './line-reader.js';
import { finishKind, parseKind } from './load-kind.js';
import { directTarget } from './load-target.js';
import { parseInWorker, useParseWorker } from './parse-in-worker.js';
import type { LoadContext, LoadResult } from './load-context.js';
import { checkNotReserved, columnsOf, sqlName, tableExists } from './source-tables.js';

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

/** The inventory that IP literals map through and unmatched hosts are counted against. */
interface InventoryInfo {
  readonly table: string;
  readonly hasIp: boolean;
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
  const record = (fields: Partial<ImportRow> & Pick<ImportRow, 'status'>): number =>
    insertImport(db, {
      pass: opts.pass,
      source: src.name,
      kind: src.kind,
      cluster,
      origin,
      location,
      started_ms: startedMs,
      finished_ms: opts.clock().getTime(),
      ...fields,
    });

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
      pass: opts.pass,
      source: src.name,
      kind: src.kind,
      cluster,
      origin,
      location,
      file,
      file_stat: fp.stat,
      sha256: fp.sha256,
      bytes: fp.bytes,
      status: 'running',
      data_time: capturedAt,
      config_hash: configHash,
      started_ms: startedMs,
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
 * A path source's file, or a command source's stdout saved to
 * runs/DAY/inputs/<source>: the command writes straight into a temporary
 * file (util/atomic-write.ts), renamed into place only when it succeeded.
 * The command gets the allow-listed environment (src/util/command-env.ts)
 * and is stopped, its import failed, when it runs past its timeout or
 * prints more than its max_output.
 */
async function acquireInput(ws: Workspace, config: Config, src: NamedSource, opts: ImportOptions): Promise<{ file: string; capturedAt: number }> {
  if (src.path !== undefined) {
    const file = resolve(ws.dir, src.path);
    if (!existsSync(file)) throw new InputError({ file }, 'no such file (check sources.' + src.name + '.path)');
    return { file, capturedAt: 0 }; // the caller uses the file's mtime
  }
  const argv = src.command!;
  ensureRealDir(ws.inputsDir);
  const saved = join(ws.inputsDir, src.name);
  const out = AtomicFile.create(saved);
  let result;
  try {
    opts.transcript.write('import', `${src.name}: running ${formatArgv(argv)}`);
    const copied = opts.transcript.commandOutput();
    result = await runCommand(argv, {
      cwd: ws.dir,
      env: commandEnv(process.env, [...config.env, ...src.env], { BREAKFIX_SOURCE: src.name, BREAKFIX_DAY: ws.day, BREAKFIX_WORKSPACE: ws.dir }),
      timeoutSeconds: src.timeout,
      stdoutFd: out.fd,
      maxOutputBytes: src.max_output,
      onOutput: copied.write,
    });
    copied.end();
    opts.transcript.write('import', `${src.name}: ${describeEnd(result, src.timeout)}`);
  } catch (err) {
    out.abort();
    throw err;
  }
  const failure = describeFailure(result, src.timeout);
  if (failure !== null) {
    out.abort();
    if (result.outputLimitExceeded) {
      throw new InputError(
        { file: `command ${formatArgv(argv)}` },
        `source ${src.name} printed more than ${formatSize(src.max_output)} (sources.${src.name}.max_output) and was stopped: ${describeStop(result)}; nothing of it was imported. ` +
          `Raise sources.${src.name}.max_output if it really prints that much.`,
      );
    }
    throw new InputError({ file: `command ${formatArgv(argv)}` }, failure);
  }
  // Parsed at once by this process; a crash before the import commits re-runs the command anyway.
  out.commit({ fsync: false });
  return { file: saved, capturedAt: Math.floor(opts.clock().getTime() / 1000) };
}

function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  if (err instanceof ParseError) return err.toInputError(file);
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EISDIR') return new InputError({ file }, 'is a directory, not a file');
  if (e.code === 'EACCES') return new InputError({ file }, 'permission denied');
  if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC') return new InputError({ file }, `disk full while importing: ${e.message}`);
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return new InputError({ file }, `database error while importing: ${e.message}`);
  throw err;
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

/**
 * Fill metric_hosts for a metrics source just loaded: from the distinct hosts
 * the normaliser saw, in key order (sequential inserts), or — when there were
 * too many to keep, or IP literals were remapped after the load — from the
 * samples themselves.
 */
function recordMetricHosts(db: Database, source: string, distinct: ReadonlySet<string> | undefined): void {
  if (distinct === undefined) {
    db.prepare('INSERT INTO metric_hosts (source, hostname) SELECT DISTINCT source, hostname FROM metric_samples WHERE source = ?').run(source);
    return;
  }
  const inserter = new BatchInserter(db, 'metric_hosts', ['hostname'], { constants: [['source', source]] });
  const row: string[] = [''];
  // JavaScript's default sort is by UTF-16 code units: the BINARY order for ASCII hostnames.
  for (const h of [...distinct].sort()) {
    row[0] = h;
    inserter.push(row);
  }
  inserter.flush();
}

/** Distinct hosts of a metrics source the inventory does not list: both keyed, so a merge-like pass in key order. */
function countUnmatchedMetricHosts(db: Database, source: string, inv: InventoryInfo): number {
  const sql = `SELECT count(*) AS n FROM metric_hosts WHERE source = ? AND hostname NOT IN (SELECT hostname FROM ${quoteIdent(inv.table)})`;
  return (db.prepare(sql).get(source) as { n: number }).n;
}

function sourceTablePresent(db: Database, src: NamedSource): boolean {
  if (src.kind === 'inventory' || src.kind === 'hostlist' || src.kind === 'table') return tableExists(db, sqlName(src.name));
  return true;
}

function inventoryInfo(db: Database, config: Config): InventoryInfo | undefined {
  const name = config.hosts.inventory;
  if (name === undefined) return undefined;
  const table = sqlName(name);
  if (!tableExists(db, table)) return undefined;
  return { table, hasIp: columnsOf(db, table).includes('ip') };
}

/**
 * Replace IP literals by the inventory hostname that has that IP. Returns the
 * new row count for hostlists (a host named both by IP and by name collapses
 * to one row), undefined otherwise.
 */
function mapIpLiterals(db: Database, src: NamedSource, inv: InventoryInfo): number | undefined {
  const invT = quoteIdent(inv.table);
  // Made on first need and kept until the inventory is imported again (which recreates its table).
  db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${inv.table}__ip`)} ON ${invT} ("ip")`);
  const fixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  if (fixed !== undefined) {
    db.prepare(
      `UPDATE ${fixed} AS t SET hostname = i.hostname FROM ${invT} AS i WHERE t.source = ? AND i.ip = t.hostname AND i.ip IS NOT NULL`,
    ).run(src.name);
    return undefined;
  }
  if (src.kind === 'hostlist') {
    const t = quoteIdent(sqlName(src.name));
    db.exec(`INSERT OR IGNORE INTO ${t} (hostname, _import, _line) SELECT i.hostname, h._import, h._line FROM ${t} AS h JOIN ${invT} AS i ON i.ip = h.hostname`);
    db.exec(`DELETE FROM ${t} WHERE hostname IN (SELECT ip FROM ${invT} WHERE ip IS NOT NULL)`);
    return (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return undefined;
}

/**
 * How many of `hosts` the inventory does not list: the distinct hosts an
 * import saw (HDFS and YARN sources), probed against the inventory's primary
 * key in batches inside SQLite — one probe per distinct host instead of one
 * per row.
 */
function countUnknownHosts(db: Database, hosts: ReadonlySet<string>, inv: InventoryInfo): number {
  const stmt = db.prepare(
    `SELECT count(*) AS n FROM json_each(?) AS j WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(inv.table)} AS i WHERE i.hostname = j.value)`,
  );
  // Probed in key order: each inventory page is then read once, where random
  // order made a 1M-host probe cost ~10 µs (a page miss per probe). JavaScript's
  // default sort is by UTF-16 code units: the BINARY order for ASCII hostnames.
  const sorted = [...hosts].sort();
  let unknown = 0;
  for (let i = 0; i < sorted.length; i += 10_000) {
    unknown += (stmt.get(JSON.stringify(sorted.slice(i, i + 10_000))) as { n: number }).n;
  }
  return unknown;
}

function countUnmatched(db: Database, src: NamedSource, inv: InventoryInfo): number | null {
  const invT = quoteIdent(inv.table);
  const fixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  let sql: string;
  if (fixed !== undefined) {
    sql = `SELECT count(DISTINCT hostname) AS n FROM ${fixed} WHERE source = ? AND hostname NOT IN (SELECT hostname FROM ${invT})`;
    return (db.prepare(sql).get(src.name) as { n: number }).n;
  }
  if (src.kind === 'hostlist') {
    sql = `SELECT count(*) AS n FROM ${quoteIdent(sqlName(src.name))} WHERE hostname NOT IN (SELECT hostname FROM ${invT})`;
    return (db.prepare(sql).get() as { n: number }).n;
  }
  if (src.kind === 'table' && src.host_columns.length > 0) {
    const col = quoteIdent(src.host_columns[0]!);
    sql = `SELECT count(DISTINCT ${col}) AS n FROM ${quoteIdent(sqlName(src.name))} WHERE ${col} IS NOT NULL AND ${col} NOT IN (SELECT hostname FROM ${invT})`;
    return (db.prepare(sql).get() as { n: number }).n;
  }
  return null;
}

/** An imports row as written (the id is the database's). */
type ImportRow = Omit<ImportsTable, 'id'>;

const IMPORT_COLUMNS: readonly (keyof ImportRow)[] = [
  'pass', 'source', 'kind', 'cluster', 'origin', 'location', 'file', 'sha256', 'bytes', 'rows', 'unmatched',
  'duplicates', 'status', 'error', 'data_import', 'data_time', 'config_hash', 'started_ms', 'finished_ms', 'file_stat', 'skipped',
];

function insertImport(db: Database, row: Partial<ImportRow> & Pick<ImportRow, 'source' | 'kind' | 'origin' | 'location' | 'status' | 'started_ms'>): number {
  const values = IMPORT_COLUMNS.map((c) => row[c] ?? null);
  const info = db.prepare(`INSERT INTO imports (${IMPORT_COLUMNS.join(', ')}) VALUES (${IMPORT_COLUMNS.map(() => '?').join(', ')})`).run(values);
  return Number(info.lastInsertRowid);
}

/** The latest import of a source whose rows are in the tables (ok or unchanged). */
export function lastGoodImport(
  db: Database,
  source: string,
):
  | {
      id: number;
      file: string | null;
      file_stat: string | null;
      sha256: string | null;
      config_hash: string | null;
      rows: number | null;
      unmatched: number | null;
      duplicates: number | null;
      skipped: number | null;
      data_import: number | null;
    }
  | undefined {
  return db
    .prepare(
      `SELECT id, file, file_stat, sha256, config_hash, rows, unmatched, duplicates, skipped, data_import FROM imports
       WHERE source = ? AND status IN ('ok', 'unchanged') ORDER BY id DESC LIMIT 1`,
    )
    .get(source) as ReturnType<typeof lastGoodImport>;
}
