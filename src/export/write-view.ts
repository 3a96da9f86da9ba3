import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { quoteIdent } from '../db/bulk-insert.js';
import { columnsOf } from '../sources/source-tables.js';
import { sortLines } from './external-sort.js';
import { compareUtf8, encodeRow, type Cell } from './text-table.js';

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
 * print as SQLite prints them), encoded, lines in bytewise order. SQLite sorts
 * by the TEXT values (BINARY collation is bytewise on UTF-8), which for almost
 * every view is already the order of the encoded lines; the writer checks
 * each line against the previous one and, if NULLs or escapes break the
 * order, re-sorts with bounded memory. Rows stream from SQLite to the file:
 * memory does not grow with the view.
 *
 * The file is written beside its destination and renamed over it, so a reader
 * (or a crash) only ever sees the old file or the complete new one.
 */
export function writeViewFile(db: Database, view: string, dest: string): WrittenView {
  const columns = columnsOf(db, view);
  const select = columns.map((c) => `CAST(${quoteIdent(c)} AS TEXT)`).join(', ');
  const order = columns.map((_, i) => i + 1).join(', ');
  const stmt = db.prepare(`SELECT ${select} FROM ${quoteIdent(view)} ORDER BY ${order}`).raw(true);
  const lines = function* () {
    for (const row of stmt.iterate() as Iterable<Cell[]>) yield encodeRow(row);
  };

  const tmp = join(dirname(dest), `.${basename(dest)}.tmp-${process.pid}`);
  try {
    let result = writeLines(tmp, lines(), true);
    if (result === 'unsorted') result = writeLines(tmp, sortLines(lines(), dirname(dest)), false);
    if (result === 'unsorted') throw new Error('unreachable: sorted lines reported unsorted');
    renameSync(tmp, dest);
    return { columns, ...result };
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function writeLines(file: string, lines: Iterable<string>, checkOrder: boolean): Omit<WrittenView, 'columns'> | 'unsorted' {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let buf = '';
  let prev: string | undefined;
  const flush = () => {
    if (buf === '') return;
    const b = Buffer.from(buf, 'utf8');
    hash.update(b);
    writeSync(fd, b);
    bytes += b.length;
    buf = '';
  };
  try {
    for (const line of lines) {
      if (checkOrder && prev !== undefined && compareUtf8(prev, line) > 0) return 'unsorted';
      prev = line;
      buf += line + '\n';
      rows++;
      if (buf.length >= 1 << 20) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { rows, sha256: hash.digest('hex'), bytes, resorted: !checkOrder };
}
