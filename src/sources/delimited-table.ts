import { ParseError } from '../errors.js';
import { decodeField, EscapeError } from '../util/text-table.js';
import { checkWidth, readRecords, resolveColumns, type ColumnMap, type DelimitedFormat } from './delimited.js';
import type { LoadContext, LoadResult, ParseContext, ParseSummary } from './load-context.js';
import type { RowSink } from './load-target.js';
import { DuplicateHostnames, finishKeyedTable, loadTableOf, sqlName, type SourceTableSpec } from './source-tables.js';

/**
 * Parses `inventory` and `table` sources: a delimited file (TSV, CSV or
 * breakfix's own text tables) into a table named after the source, one TEXT
 * column per field. Columns come from the header or `columns:` and are
 * resolved before any row is read. Hostname columns are normalised and
 * validated.
 */
export async function parseDelimitedTable(ctx: ParseContext<'inventory'> | ParseContext<'table'>): Promise<ParseSummary> {
  const src = ctx.source;
  const format: DelimitedFormat = src.format;
  const isInventory = src.kind === 'inventory';
  const table = sqlName(src.name);
  const nullToken = format === 'text' ? undefined : src.null;
  // Text tables have no header unless the config says so.
  const hasHeader = src.header ?? (src.columns === undefined && format !== 'text');

  let map: ColumnMap | undefined;
  let inserter: RowSink | undefined;
  let hostIndexes: number[] = [];

  const start = (header: string[] | undefined, lineNo: number) => {
    map = resolveColumns(header, src.columns, lineNo);
    if (isInventory && !map.columns.includes('hostname')) {
      throw new ParseError(`no hostname column; found: ${map.columns.join(', ')}`, lineNo);
    }
    const hostColumns = isInventory ? ['hostname'] : (src as { host_columns: string[] }).host_columns;
    const unknownHostColumn = hostColumns.find((c) => !map!.columns.includes(c));
    if (unknownHostColumn !== undefined) {
      throw new ParseError(`host_columns names ${unknownHostColumn}, which is not a column; found: ${map.columns.join(', ')}`, lineNo);
    }
    hostIndexes = hostColumns.map((c) => map!.columns.indexOf(c));
    // An ip index is built only when an import has IP literals to map
    // (import-source.ts mapIpLiterals): at 1M hosts it costs 1.5 s, and most
    // inputs name hosts, not addresses. The inventory's rows go to a
    // temporary load table first (source-tables.ts recreateSourceTable).
    const spec = tableSpec(ctx.source, map.columns);
    ctx.target.createTable(spec);
    const into = loadTableOf(spec);
    inserter = ctx.target.inserter(into.table, [...map.columns, '_line'], { schema: into.schema, constants: [['_import', ctx.importId]] });
  };

  if (!hasHeader) start(undefined, 1);
  const values: unknown[] = [];
  const lastLine = await readRecords(
    ctx.file,
    format,
    (fields, lineNo) => {
      if (map === undefined) {
        start(fields, lineNo);
        return;
      }
      checkWidth(fields, map.width, lineNo, format);
      const { indexes } = map;
      values.length = 0;
      for (let c = 0; c < indexes.length; c++) {
        const field = fields[indexes[c]!]!;
        if (format === 'text') {
          try {
            values.push(decodeField(field));
          } catch (err) {
            if (err instanceof EscapeError) throw new ParseError(`column ${map.columns[c]}: ${err.message}`, lineNo);
            throw err;
          }
        } else {
          values.push(field === nullToken ? null : field);
        }
      }
      for (const h of hostIndexes) {
        const v = values[h];
        if (v === null || v === undefined || v === '') {
          if (isInventory) throw new ParseError(`hostname is empty`, lineNo);
          continue;
        }
        values[h] = ctx.hosts.normalize(v as string, lineNo);
      }
      values.push(lineNo);
      inserter!.push(values);
    },
    ctx.progress,
  );
  if (map === undefined) {
    // Not even a header: recreate the table so an allowed-empty source still has one.
    start(undefined, lastLine + 1);
  }
  return { rows: inserter!.flush(), columns: map!, hasHeader };
}

/** The inventory is kept in hostname order (clustered); other tables are not keyed. */
function tableSpec(src: { readonly name: string; readonly kind: string }, columns: readonly string[]): SourceTableSpec {
  return { table: sqlName(src.name), columns, key: src.kind === 'inventory' ? 'clustered' : 'none' };
}

/**
 * The inventory is keyed by hostname: its rows are put in hostname order
 * once they are all in, and a hostname seen twice is an error that names
 * both lines.
 */
export async function finishDelimitedTable(ctx: LoadContext<'inventory'> | LoadContext<'table'>, parsed: ParseSummary): Promise<LoadResult> {
  if (ctx.source.kind === 'inventory') {
    try {
      finishKeyedTable(ctx.db, tableSpec(ctx.source, parsed.columns!.columns), 'error');
    } catch (err) {
      if (err instanceof DuplicateHostnames) await throwFirstDuplicate(ctx, ctx.source.format, parsed.hasHeader!, parsed.columns!);
      throw err;
    }
  }
  // The table was created by this load: what was inserted is what it holds (no count(*) scan).
  return { rows: parsed.rows };
}

/**
 * The happy path finds a repeated hostname only when the unique index is
 * built after the load, which keeps the load a batched append. Then read
 * the file again to name the first repeated hostname and both its lines.
 */
async function throwFirstDuplicate(ctx: LoadContext, format: DelimitedFormat, hasHeader: boolean, map: ColumnMap): Promise<never> {
  const firstSeen = new Map<string, number>();
  const hostIndex = map.indexes[map.columns.indexOf('hostname')]!;
  let skipHeader = hasHeader;
  await readRecords(ctx.file, format, (fields, lineNo) => {
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    const host = ctx.hosts.normalize(fields[hostIndex]!, lineNo);
    const first = firstSeen.get(host);
    if (first !== undefined) throw new ParseError(`duplicate hostname ${host} (first on line ${first})`, lineNo);
    firstSeen.set(host, lineNo);
  });
  throw new ParseError('duplicate hostname (could not locate it on a second read: did the file change during the import?)', undefined);
}
