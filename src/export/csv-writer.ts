import type { Cell } from '../util/text-table.js';

/**
 * RFC 4180 CSV, written by hand because only csv-parse (the reader) is a
 * dependency: a field is quoted when it holds a comma, a double quote, CR or
 * LF (or starts or ends with a space, which some readers trim), a quote
 * inside is doubled. NULL is an empty unquoted field and the empty string a
 * quoted one (""), as PostgreSQL's CSV does, so the two stay apart.
 * Records end with LF, as csv-stringify's default; csv-parse reads either.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const s = typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : String(value);
  if (s === '') return '""';
  if (/[",\r\n]/.test(s) || s.startsWith(' ') || s.endsWith(' ')) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function csvRecord(values: readonly Cell[]): string {
  return values.map(csvField).join(',') + '\n';
}
