import type { LoadContext, LoadResult, ParseContext, ParseSummary } from './load-context.js';
import { readLines } from './line-reader.js';
import type { Emit, LineParser, LineParserFactory } from './parser.js';
import { finishKeyedTable, sqlName, type SourceTableSpec } from './source-tables.js';

export interface HostlistEntry {
  /** The token as written: `dn1`, `dn1.x.com:9866`, `10.1.2.3`. */
  readonly token: string;
  readonly line: number;
}

/**
 * HDFS host-file rules (HostsFileReader): each line is split on runs of
 * blanks; the first token that starts with `#` ends the line, so a comment
 * may follow hosts; `#` glued to a name is part of the name; blank lines and
 * empty tokens are skipped. Several hosts per line are allowed.
 */
export const hostlistParser: LineParserFactory<HostlistEntry, Record<string, never>> = (_options, emit: Emit<HostlistEntry>): LineParser => ({
  line(text, lineNo) {
    if (singleToken(text)) {
      // The common line: one host, nothing else. Same result as the split below, without a regex split per line.
      emit({ token: text, line: lineNo });
      return;
    }
    for (const token of text.split(/[ \t\f\r\v]+/)) {
      if (token === '') continue;
      if (token.startsWith('#')) return;
      emit({ token, line: lineNo });
    }
  },
  end() {},
});

/** A non-empty line without blanks that does not start a comment: exactly one token, the line itself. */
function singleToken(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(0) === 0x23) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return false;
  }
  return true;
}

/** A host list's table: a rowid table with a unique hostname index (source-tables.ts HostnameKey). */
function hostlistSpec(table: string): SourceTableSpec {
  return { table, columns: ['hostname'], key: 'index' };
}

/**
 * Parse a hostlist into `<source>(hostname)`, one row per entry, with the
 * line that named it.
 */
export async function parseHostlist(ctx: ParseContext<'hostlist'>): Promise<ParseSummary> {
  const table = sqlName(ctx.source.name);
  ctx.target.createTable(hostlistSpec(table));
  const inserter = ctx.target.inserter(table, ['hostname', '_line'], { constants: [['_import', ctx.importId]] });
  const row: unknown[] = [null, 0];
  const parser = hostlistParser({}, (entry) => {
    row[0] = ctx.hosts.normalize(entry.token, entry.line);
    row[1] = entry.line;
    inserter.push(row);
  });
  const last = await readLines(ctx.file, (text, lineNo) => parser.line(text, lineNo), ctx.progress);
  parser.end(last);
  return { rows: inserter.flush() };
}

/**
 * One row per host: a host listed twice is tolerated (HDFS reads the file
 * into a set) and counted; the row keeps the first line that named it.
 */
export function finishHostlist(ctx: LoadContext<'hostlist'>, parsed: ParseSummary): LoadResult {
  const duplicates = finishKeyedTable(ctx.db, hostlistSpec(sqlName(ctx.source.name)), 'drop');
  return { rows: parsed.rows - duplicates, duplicates };
}
