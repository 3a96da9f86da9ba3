import { formatTable } from '../util/format-table.js';
import { csvRecord } from './csv-writer.js';
import { encodeRow, formatNumber, type Cell } from '../util/text-table.js';

export const OUTPUT_FORMATS = ['tsv', 'csv', 'json', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Print rows in one of the output formats of `query` and `sql`, streaming
 * except for `table` (column widths need every row):
 * - tsv: text-table lines (the exported file format: no header, `-` is NULL, escapes);
 * - csv: a header record, then RFC 4180 records;
 * - json: an array of objects, one per row, written row by row;
 * - table: aligned columns with a header, for people.
 * Writes are batched: one write per ~64 KiB, not one per row.
 */
export function renderRows(format: OutputFormat, columns: readonly string[], rows: Iterable<readonly Cell[]>, write: (text: string) => void): number {
  let buf = '';
  let count = 0;
  const put = (s: string) => {
    buf += s;
    if (buf.length >= 1 << 16) {
      write(buf);
      buf = '';
    }
  };
  switch (format) {
    case 'tsv':
      for (const r of rows) {
        put(encodeRow(r) + '\n');
        count++;
      }
      break;
    case 'csv':
      put(csvRecord(columns));
      for (const r of rows) {
        put(csvRecord(r));
        count++;
      }
      break;
    case 'json': {
      const keys = uniqueKeys(columns);
      put('[');
      for (const r of rows) {
        const obj: Record<string, unknown> = {};
        keys.forEach((k, i) => (obj[k] = jsonValue(r[i] ?? null)));
        put((count === 0 ? '\n  ' : ',\n  ') + JSON.stringify(obj));
        count++;
      }
      put(count === 0 ? ']\n' : '\n]\n');
      break;
    }
    case 'table': {
      const all: (string | number | null)[][] = [];
      for (const r of rows) all.push(r.map(tableCell));
      count = all.length;
      put(formatTable(columns, all));
      put(`(${count} row${count === 1 ? '' : 's'})\n`);
      break;
    }
  }
  if (buf !== '') write(buf);
  return count;
}

/** JSON keys for columns: a repeated name (`SELECT 1 AS a, 2 AS a`) gets a suffix rather than overwriting. */
function uniqueKeys(columns: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}:${n}`;
  });
}

/** Numbers stay numbers (formatTable right-aligns them); the rest as text. */
function tableCell(v: Cell): string | number | null {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return formatNumber(v);
  return v;
}

function jsonValue(v: Cell): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return formatNumber(v);
  return v;
}
