import { finishDelimitedTable, parseDelimitedTable } from './delimited-table.js';
import { finishHostlist, parseHostlist } from './hostlist.js';
import type { LoadContext, LoadResult, ParseContext, ParseSummary } from './load-context.js';
import { parseFixedKind } from './load-fixed.js';

/**
 * Loading a source is two phases. The parse phase reads the input and pushes
 * rows into its target; it touches the database only through the target, so
 * it may run on a worker thread. The finish phase runs here, inside the
 * import's transaction, and does what needs the loaded table: keys,
 * duplicate checks.
 */
export function parseKind(ctx: ParseContext): Promise<ParseSummary> {
  switch (ctx.source.kind) {
    case 'inventory':
    case 'table':
      return parseDelimitedTable(ctx as ParseContext<'inventory'> | ParseContext<'table'>);
    case 'hostlist':
      return parseHostlist(ctx as ParseContext<'hostlist'>);
    default:
      return parseFixedKind(ctx);
  }
}

export async function finishKind(ctx: LoadContext, parsed: ParseSummary): Promise<LoadResult> {
  switch (ctx.source.kind) {
    case 'inventory':
    case 'table':
      return finishDelimitedTable(ctx as LoadContext<'inventory'> | LoadContext<'table'>, parsed);
    case 'hostlist':
      return finishHostlist(ctx as LoadContext<'hostlist'>, parsed);
    default:
      return { rows: parsed.rows, ...(parsed.skipped !== undefined ? { skipped: parsed.skipped } : {}) };
  }
}
