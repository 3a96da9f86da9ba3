import { compareBytewise } from '../util/bytewise.js';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { quoteIdent } from '../db/bulk-insert.js';
import { columnsOf } from '../sources/source-tables.js';
import { AtomicFile } from '../util/atomic-write.js';
import { sortLines } from './external-sort.js';
import { encodeRow, type Cell } from '../util/text-table.js';

export interface WrittenView {
  readonly columns: readonly string[];
  readonly rows: number;
  readonly sha256: string;
  readonly bytes: number;
  /** True when SQLite's order was not bytewise and the lines were re-sorted. */
  readonly resorted: boolean;
}

/**
 * Write a view as a text table: every value cast to TEXT by SQLite (so numbers
 * print as SQLite prints them), encoded, lines in bytewise order. Rows stream
 * from SQLite to the file: memory does not grow with the view.
 *
 * The order comes from SQLite, cheapest first:
 * 1. ORDER BY the view's own columns, when the query plan needs no sort for
 *    it — the rows come off an index (a keyed table scanned in hostname
 *    order), so the export costs no sort at all. For text columns this is
 *    the order of the encoded lines.
 * 2. ORDER BY the TEXT values (BINARY collation is bytewise on UTF-8), which
 *    for almost every view is the order of the encoded lines.
 * The writer checks each line against the previous one and moves to the next
 * way when the order is not bytewise (numbers in index order, NULLs,
 * escapes); the last resort re-sorts the encoded lines with bounded memory.
 *
 * The file is written beside its destination under a temporary name and
 * renamed over it (util/atomic-write.ts), so a reader (or a crash) only ever
 * sees the old file or the complete new one. An attempt abandoned for order
 * starts over in a new temporary file.
 */
export function writeViewFile(db: Database, view: string, dest: string): WrittenView {
  const columns = columnsOf(db, view);
  const select = columns.map((c) => `CAST(${quoteIdent(c)} AS TEXT)`).join(', ');
  const byText = `SELECT ${select} FROM ${quoteIdent(view)} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`;
  const byColumns = `SELECT ${select} FROM ${quoteIdent(view)} ORDER BY ${columns.map(quoteIdent).join(', ')}`;
  const orders = needsSort(db, byColumns) ? [byText] : [byColumns, byText];
  const linesOf = (sql: string) =>
    function* () {
      for (const row of db.prepare(sql).raw(true).iterate() as Iterable<Cell[]>) yield encodeRow(row);
    };

  for (const sql of orders) {
    const result = writeLines(dest, linesOf(sql)(), true);
    if (result !== 'unsorted') return { columns, ...result };
  }
  const result = writeLines(dest, sortLines(linesOf(byText)(), dirname(dest)), false);
  if (result === 'unsorted') throw new Error('unreachable: sorted lines reported unsorted');
  return { columns, ...result };
}

/**
 * Does SQLite need a full sort (a temp b-tree) for this query's ORDER BY?
 * A sort of only the last terms ("USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER
 * BY": rows come ordered by hostname, ties sorted by the other columns) is
 * cheap and does not count.
 */
function needsSort(db: Database, sql: string): boolean {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
  return plan.some((p) => /ORDER BY/.test(p.detail) && !/(LAST \d+ TERMS|LAST TERM|RIGHT PART) OF ORDER BY/.test(p.detail));
}

/** Write the lines to `dest` (temporary file, fsync, rename), or nothing when `checkOrder` finds them out of order. */
function writeLines(dest: string, lines: Iterable<string>, checkOrder: boolean): Omit<WrittenView, 'columns'> | 'unsorted' {
  const file = AtomicFile.create(dest);
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let buf = '';
  let prev: string | undefined;
  const flush = () => {
    if (buf === '') return;
    const b = Buffer.from(buf, 'utf8');
    hash.update(b);
    file.write(b);
    bytes += b.length;
    buf = '';
  };
  try {
    for (const line of lines) {
      if (checkOrder && prev !== undefined && compareBytewise(prev, line) > 0) {
        file.abort();
        return 'unsorted';
      }
      prev = line;
      buf += line + '\n';
      rows++;
      if (buf.length >= 1 << 20) flush();
    }
    flush();
  } catch (err) {
    file.abort();
    throw err;
  }
  file.commit({ fsync: true });
  return { rows, sha256: hash.digest('hex'), bytes, resorted: !checkOrder };
}
