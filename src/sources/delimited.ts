import { createReadStream } from 'node:fs';
import { ParseError } from '../errors.js';
import { readLines, type ReadProgress } from './line-reader.js';

/**
 * Records (lists of fields) from a delimited file, with the line each starts on.
 *
 * - `tsv`: split on TAB, no quoting (what `cut -f`, `join -t` and dumps use);
 *   blank lines are skipped.
 * - `text`: breakfix's own text tables: split on TAB like tsv, but every line
 *   is a row — an empty line is a one-column row holding the empty string.
 *   Fields are still escaped; the caller decodes them.
 * - `csv`: RFC 4180 through csv-parse (quotes, doubled quotes, delimiters and
 *   newlines inside quoted fields); blank lines are skipped.
 */
export type DelimitedFormat = 'tsv' | 'csv' | 'text';

export type OnRecord = (fields: string[], lineNo: number) => void;

export async function readRecords(file: string, format: DelimitedFormat, onRecord: OnRecord, progress?: ReadProgress): Promise<number> {
  if (format === 'csv') return readCsv(file, onRecord, progress);
  const skipBlank = format === 'tsv';
  return readLines(
    file,
    (text, lineNo) => {
      if (skipBlank && text.trim() === '') return;
      onRecord(text.split('\t'), lineNo);
    },
    progress,
  );
}

async function readCsv(file: string, onRecord: OnRecord, progress?: ReadProgress): Promise<number> {
  // Loaded here, not at the top: most workspaces have no CSV source, and every command would pay for it.
  const { parse, CsvError } = await import('csv-parse');
  // csv-parse decodes bytes itself and never complains: a NUL byte or invalid UTF-8 (a binary
  // file, another encoding) would be imported as text. The TSV reader refuses both at their
  // line; one scan with the same reader first gives CSV the same errors (found by the fuzzer).
  await readLines(file, () => {});
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  if (progress) stream.on('data', (chunk) => progress((bytes += chunk.length)));
  const parser = stream.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: false }),
  );
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; raw?: string } }>) {
      // info.lines is the line a record ends on; a record spanning lines (a
      // quoted newline) is reported where it ends, which is where a reader
      // of the file finds the closing quote.
      lastLine = item.info.lines;
      onRecord(item.record, item.info.lines);
    }
  } catch (err) {
    if (err instanceof ParseError) throw err;
    // Every syntax error csv-parse reports is a CsvError. Its codes mostly start with CSV_,
    // but not all: a quote inside an unquoted field is INVALID_OPENING_QUOTE (found by the
    // fuzzer, test/reliability/fuzz.test.ts), so recognise the class, not the prefix.
    if (err instanceof CsvError) {
      const lines = (err as { lines?: number }).lines;
      throw new ParseError(`invalid CSV: ${describeCsvError(err.code, err.message)}`, lines ?? lastLine + 1);
    }
    throw err;
  } finally {
    stream.destroy();
  }
  return lastLine;
}

/** csv-parse's messages, reworded to say what to fix. */
function describeCsvError(code: string, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (the file ends inside quotes: truncated?)';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside a field that does not start with one (quote the whole field, and write a quote inside it as "")';
    case 'CSV_INVALID_CLOSING_QUOTE': {
      const got = /got (".*?") at line/.exec(message)?.[1] ?? 'a character';
      return `a closing quote is followed by ${got} instead of a comma or line end (a quote inside a field is written "")`;
    }
    default:
      return message.replace(/ at line \d+.*$/s, '');
  }
}

/** What a header says about columns: where each one is, so rows are read by name, never by position. */
export interface ColumnMap {
  /** Column names in table order. */
  readonly columns: readonly string[];
  /** For each column, its index in a record. */
  readonly indexes: readonly number[];
  /** Fields a record must have. */
  readonly width: number;
}

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Columns a header may give a table. SQLite's limit is 2000 per table
 * (SQLITE_MAX_COLUMN), bookkeeping columns included; beyond it the CREATE
 * TABLE fails with a database error that names no line. A header this wide
 * is a broken export, or one whose few useful columns `columns:` can pick.
 */
export const MAX_HEADER_COLUMNS = 1000;

/**
 * Resolve the columns of a delimited source from its header line and/or the
 * configured `columns:`. With both, the header must contain every configured
 * column (in any order); a missing one fails naming the missing and the found
 * columns, before any row is read.
 */
export function resolveColumns(header: readonly string[] | undefined, configured: readonly string[] | undefined, lineNo: number): ColumnMap {
  if (header === undefined) {
    if (configured === undefined) throw new ParseError('no header line and no columns: configured (which column is which?)', lineNo);
    return { columns: configured, indexes: configured.map((_, i) => i), width: configured.length };
  }
  const names = header.map((h) => h.trim());
  if (configured === undefined && names.length > MAX_HEADER_COLUMNS) {
    throw new ParseError(`header names ${names.length} columns, more than the ${MAX_HEADER_COLUMNS} a table may have: list the ones you need in columns:`, lineNo);
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (!COLUMN_NAME.test(name)) {
      throw new ParseError(`header column ${i + 1} ${JSON.stringify(name)} is not a usable column name (letters, digits and _, not starting with a digit)`, lineNo);
    }
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new ParseError(`header names column ${JSON.stringify(name)} twice (columns ${seen.get(lower)! + 1} and ${i + 1})`, lineNo);
    seen.set(lower, i);
  });
  if (configured === undefined) return { columns: names, indexes: names.map((_, i) => i), width: names.length };
  const missing = configured.filter((c) => !seen.has(c.toLowerCase()));
  if (missing.length > 0) {
    throw new ParseError(`header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; found: ${names.join(', ')}`, lineNo);
  }
  return { columns: configured, indexes: configured.map((c) => seen.get(c.toLowerCase())!), width: names.length };
}

/** A record with the wrong number of fields: usually a delimiter inside a field, or a truncated line. */
export function checkWidth(fields: readonly string[], width: number, lineNo: number, format: DelimitedFormat): void {
  if (fields.length === width) return;
  const hint =
    fields.length > width
      ? format === 'csv'
        ? ' (an unquoted comma inside a field?)'
        : ' (a TAB inside a field?)'
      : ' (a truncated line, or a missing field?)';
  throw new ParseError(`expected ${width} fields, got ${fields.length}${hint}`, lineNo);
}
