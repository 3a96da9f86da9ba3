import type { Database } from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { quoteIdent } from '../db/bulk-insert.js';

/** `hdfs-dwh` → `hdfs_dwh`: config and file names use dashes, SQL uses underscores. */
export function sqlName(name: string): string {
  return name.replaceAll('-', '_');
}

/** Tables and views breakfix owns: a source or view may not take these names. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'imports',
  'passes',
  'view_history',
  'action_history',
  'journal',
  'settings',
  'hdfs_datanodes',
  'hdfs_hosts',
  'hdfs_health',
  'hdfs_decommission_progress',
  'yarn_nodes',
  'metric_samples',
  'metric_hosts',
  'metric_latest',
  'population_cache',
  'operator_audit',
  'inventory_hosts',
  'hostlist_entries',
  'kysely_migration',
  'kysely_migration_lock',
]);

export function checkNotReserved(name: string, what: string): void {
  if (RESERVED_NAMES.has(sqlName(name))) {
    throw new UsageError(`${what} "${name}": the name ${sqlName(name)} is one of breakfix's own tables; choose another`);
  }
}

/** Does a table (not a view) with this name exist? */
export function tableExists(db: Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** Column names of a table or view, in order. */
export function columnsOf(db: Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

/**
 * How a per-source table is keyed by hostname (one row per host):
 * - `none`: not keyed (`table` sources);
 * - `index`: a rowid table that gets a unique index on hostname after the
 *   load (host lists: every question asked of them is "is this host
 *   listed?", which the index answers alone);
 * - `clustered`: a WITHOUT ROWID table in hostname order (the inventory:
 *   views scan it in hostname order and read its other columns, which from a
 *   rowid table in input order would be a random read per host — 3.9 s
 *   instead of 0.3 s for one view at 1M hosts).
 */
export type HostnameKey = 'none' | 'index' | 'clustered';

export interface SourceTableSpec {
  readonly table: string;
  readonly columns: readonly string[];
  readonly key: HostnameKey;
}

/** Where a load writes the rows of `spec`: the table itself, or for a clustered one a temporary table. */
export function loadTableOf(spec: SourceTableSpec): { readonly schema: 'main' | 'temp'; readonly table: string } {
  return spec.key === 'clustered' ? { schema: 'temp', table: `${spec.table}__load` } : { schema: 'main', table: spec.table };
}

/**
 * (Re)create a per-source table inside the import's transaction. Values are
 * stored with TEXT affinity, exactly as the input wrote them: `1.50` stays
 * `1.50`, so exporting and re-importing a table gives back the same bytes.
 * Views that need numbers CAST.
 *
 * Rows arrive in input order, which is random order for a hostname key, and
 * inserting each into a b-tree keyed by hostname costs about twice
 * appending it (1M-host inventory: 19.0 s against 8.5 s). So keyed tables
 * are loaded by appending, and keyed once the rows are in (finishKeyedTable):
 * an index is built, or a clustered table is filled from its temporary load
 * table in one sorted copy (11.0 s at 1M hosts, and views stay fast).
 */
export function recreateSourceTable(db: Database, spec: SourceTableSpec): void {
  const t = quoteIdent(spec.table);
  db.exec(`DROP TABLE IF EXISTS ${t}`);
  const cols = spec.columns.map((c) => (spec.key !== 'none' && c === 'hostname' ? `${quoteIdent(c)} TEXT NOT NULL` : `${quoteIdent(c)} TEXT`));
  cols.push('"_import" INTEGER NOT NULL', '"_line" INTEGER');
  if (spec.key === 'clustered') {
    db.exec(`CREATE TABLE ${t} (${cols.join(', ')}, PRIMARY KEY ("hostname")) WITHOUT ROWID`);
    const load = loadTableOf(spec);
    db.exec(`DROP TABLE IF EXISTS temp.${quoteIdent(load.table)}`);
    db.exec(`CREATE TEMP TABLE ${quoteIdent(load.table)} (${cols.join(', ')})`);
  } else {
    db.exec(`CREATE TABLE ${t} (${cols.join(', ')})`);
  }
}

/** Thrown by finishKeyedTable when `duplicates: 'error'` and a hostname repeats. */
export class DuplicateHostnames extends Error {}

/**
 * Key a table once its rows are loaded (see recreateSourceTable). A repeated
 * hostname either throws DuplicateHostnames (the inventory: the caller names
 * both lines) or, for an `index` table, is dropped keeping the row of its
 * first line (a host list, which HDFS reads into a set); the number of rows
 * dropped is returned. Runs inside the import's transaction.
 */
export function finishKeyedTable(db: Database, spec: SourceTableSpec, duplicates: 'error' | 'drop'): number {
  if (spec.key === 'none') return 0;
  const t = quoteIdent(spec.table);
  if (spec.key === 'clustered') {
    if (duplicates !== 'error') throw new Error(`finishKeyedTable: a clustered table (${spec.table}) cannot drop duplicates`);
    const load = `temp.${quoteIdent(loadTableOf(spec).table)}`;
    try {
      db.exec(`INSERT INTO ${t} SELECT * FROM ${load} ORDER BY "hostname"`);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateHostnames(`${spec.table}: duplicate hostnames`);
      throw err;
    } finally {
      db.exec(`DROP TABLE IF EXISTS ${load}`);
    }
    return 0;
  }
  const create = `CREATE UNIQUE INDEX ${quoteIdent(`${spec.table}__hostname`)} ON ${t} ("hostname")`;
  db.exec('SAVEPOINT key_hostnames');
  try {
    db.exec(create);
    db.exec('RELEASE key_hostnames');
    return 0;
  } catch (err) {
    db.exec('ROLLBACK TO key_hostnames');
    db.exec('RELEASE key_hostnames');
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    if (duplicates === 'error') throw new DuplicateHostnames(`${spec.table}: duplicate hostnames`);
  }
  // Rowids follow input order: the smallest rowid of a hostname is its first line.
  const dropped = db.prepare(`DELETE FROM ${t} WHERE rowid NOT IN (SELECT min(rowid) FROM ${t} GROUP BY "hostname")`).run().changes;
  db.exec(create);
  return dropped;
}
