import type { Database } from 'better-sqlite3';
import type { ImportsTable } from './schema.js';

// The `imports` table: one row per attempt to import a source (failed ones
// included), and the latest good one, whose rows are in the tables.

/** An imports row as written (the id is the database's). */
export type ImportRow = Omit<ImportsTable, 'id'>;

const IMPORT_COLUMNS: readonly (keyof ImportRow)[] = [
  'pass', 'source', 'kind', 'cluster', 'origin', 'location', 'file', 'sha256', 'bytes', 'rows', 'unmatched',
  'duplicates', 'status', 'error', 'data_import', 'data_time', 'config_hash', 'started_ms', 'finished_ms', 'file_stat', 'skipped',
];

export function insertImport(db: Database, row: Partial<ImportRow> & Pick<ImportRow, 'source' | 'kind' | 'origin' | 'location' | 'status' | 'started_ms'>): number {
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
