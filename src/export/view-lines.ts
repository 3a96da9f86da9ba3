import type { Database } from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { quoteIdent } from '../db/bulk-insert.js';
import { columnsOf } from '../sources/source-tables.js';
import { sortLines } from './external-sort.js';
import { encodeRow, type Cell } from '../util/text-table.js';

/**
 * A view's rows as text-table lines in bytewise order — exactly the lines
 * `writeViewFile` would write — streamed for printing. Values are cast to
 * TEXT by SQLite as for the exported file; the lines go through the bounded
 * external sort (already-sorted input costs one linear pass per run), because
 * a printed line cannot be taken back if SQLite's order turns out not to be
 * bytewise.
 */
export function viewLines(db: Database, view: string, tmpParent = tmpdir()): { columns: string[]; lines: Generator<string> } {
  const columns = columnsOf(db, view);
  const select = columns.map((c) => `CAST(${quoteIdent(c)} AS TEXT)`).join(', ');
  const order = columns.map((_, i) => i + 1).join(', ');
  const stmt = db.prepare(`SELECT ${select} FROM ${quoteIdent(view)} ORDER BY ${order}`).raw(true);
  function* encoded(): Generator<string> {
    for (const row of stmt.iterate() as Iterable<Cell[]>) yield encodeRow(row);
  }
  return { columns, lines: sortLines(encoded(), tmpParent) };
}
