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
  /** `hostname` as primary key: one row per host (inventory, hostlist). */
  readonly keyedByHostname: boolean;
  /** Columns to index (inventory `ip`, for mapping IP literals to hostnames). */
  readonly indexes?: readonly string[];
}

/**
 * (Re)create a per-source table inside the import's transaction. Values are
 * stored with TEXT affinity, exactly as the input wrote them: `1.50` stays
 * `1.50`, so exporting and re-importing a table gives back the same bytes.
 * Views that need numbers CAST. Keyed tables are WITHOUT ROWID so set
 * operations on hostnames run on the primary key's b-tree.
 */
export function recreateSourceTable(db: Database, spec: SourceTableSpec): void {
  const t = quoteIdent(spec.table);
  db.exec(`DROP TABLE IF EXISTS ${t}`);
  const cols = spec.columns.map((c) =>
    spec.keyedByHostname && c === 'hostname' ? `${quoteIdent(c)} TEXT NOT NULL PRIMARY KEY` : `${quoteIdent(c)} TEXT`,
  );
  cols.push('"_import" INTEGER NOT NULL', '"_line" INTEGER');
  db.exec(`CREATE TABLE ${t} (${cols.join(', ')})${spec.keyedByHostname ? ' WITHOUT ROWID' : ''}`);
  createSourceIndexes(db, spec.table, spec.indexes ?? []);
}

/** Index columns of a per-source table (named `<table>__<column>`); cheapest once the rows are in. */
export function createSourceIndexes(db: Database, table: string, columns: readonly string[]): void {
  for (const col of columns) {
    db.exec(`CREATE INDEX ${quoteIdent(`${table}__${col}`)} ON ${quoteIdent(table)} (${quoteIdent(col)})`);
  }
}
