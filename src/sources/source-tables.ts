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
  'yarn_nodes',
  'metric_samples',
  'metric_hosts',
  'metric_latest',
  'population_cache',
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

export interface SourceTableSpec {
  readonly table: string;
  readonly columns: readonly string[];
  /** One row per host (inventory, hostlist): `hostname` NOT NULL, unique once keyHostnames has run. */
  readonly keyedByHostname: boolean;
}

/**
 * (Re)create a per-source table inside the import's transaction. Values are
 * stored with TEXT affinity, exactly as the input wrote them: `1.50` stays
 * `1.50`, so exporting and re-importing a table gives back the same bytes.
 * Views that need numbers CAST.
 *
 * A keyed table is an ordinary rowid table here; keyHostnames gives it its
 * unique hostname index once the rows are in. Rows arrive in input order,
 * which is random order for a hostname key: appending them and sorting the
 * key once (what CREATE INDEX does) costs about half of inserting each into
 * a WITHOUT ROWID b-tree (100k-host inventory: 0.60 s against 1.07 s), and
 * set operations on hostnames still run on an index (a covering one, for the
 * hostname alone).
 */
export function recreateSourceTable(db: Database, spec: SourceTableSpec): void {
  const t = quoteIdent(spec.table);
  db.exec(`DROP TABLE IF EXISTS ${t}`);
  const cols = spec.columns.map((c) => (spec.keyedByHostname && c === 'hostname' ? `${quoteIdent(c)} TEXT NOT NULL` : `${quoteIdent(c)} TEXT`));
  cols.push('"_import" INTEGER NOT NULL', '"_line" INTEGER');
  db.exec(`CREATE TABLE ${t} (${cols.join(', ')})`);
}

/** Thrown by keyHostnames when `duplicates: 'error'` and a hostname repeats. */
export class DuplicateHostnames extends Error {}

/**
 * Give a keyed table its unique hostname index (`<table>__hostname`), once
 * its rows are loaded. A repeated hostname either throws DuplicateHostnames
 * (the inventory: the caller names both lines) or is dropped, keeping the
 * row of its first line (a host list, which HDFS reads into a set); the
 * number of rows dropped is returned. Runs inside the import's transaction.
 */
export function keyHostnames(db: Database, table: string, duplicates: 'error' | 'drop'): number {
  const t = quoteIdent(table);
  const create = `CREATE UNIQUE INDEX ${quoteIdent(`${table}__hostname`)} ON ${t} ("hostname")`;
  db.exec('SAVEPOINT key_hostnames');
  try {
    db.exec(create);
    db.exec('RELEASE key_hostnames');
    return 0;
  } catch (err) {
    db.exec('ROLLBACK TO key_hostnames');
    db.exec('RELEASE key_hostnames');
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    if (duplicates === 'error') throw new DuplicateHostnames(`${table}: duplicate hostnames`);
  }
  // Rowids follow input order: the smallest rowid of a hostname is its first line.
  const dropped = db.prepare(`DELETE FROM ${t} WHERE rowid NOT IN (SELECT min(rowid) FROM ${t} GROUP BY "hostname")`).run().changes;
  db.exec(create);
  return dropped;
}

