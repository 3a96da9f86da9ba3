import type { Database } from 'better-sqlite3';
import { BatchInserter, type BatchInserterOptions } from '../db/bulk-insert.js';
import { recreateSourceTable, type SourceTableSpec } from './source-tables.js';

/** Where a loader's rows go: one table's inserter. `flush` writes what is buffered and returns the rows pushed so far. */
export interface RowSink {
  push(values: readonly unknown[]): void;
  flush(): number;
}

/**
 * What a loader's parse phase may do to the database: create its source's
 * table and insert rows. Nothing else — so the same parse can run on this
 * thread against the open transaction (directTarget), or on a worker thread
 * whose rows are inserted here (parse-in-worker.ts). Work that reads the
 * database (keys, counts, IP mapping) belongs to the loader's finish phase,
 * which always runs on this thread.
 */
export interface LoadTarget {
  createTable(spec: SourceTableSpec): void;
  inserter(table: string, columns: readonly string[], options?: BatchInserterOptions): RowSink;
}

/** A target that writes straight into `db` (inside the import's transaction). */
export function directTarget(db: Database): LoadTarget {
  return {
    createTable: (spec) => recreateSourceTable(db, spec),
    inserter: (table, columns, options) => new BatchInserter(db, table, columns, options),
  };
}
