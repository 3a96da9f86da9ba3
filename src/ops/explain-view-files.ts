import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { decodeLine, encodeValue } from '../util/text-table.js';
import { currentViewFiles } from './current-view-file.js';
import type { OrderedView } from '../views/dependencies.js';
import type { Workspace } from '../workspace.js';

/**
 * Whether a host is in each view, read from the view's exported file where
 * that file is the view's current answer: the manifest records it for the
 * view's current fingerprint (its SQL, the views it reads, the imports of
 * its tables, settings — what decides whether a pass re-exports it) and the
 * file's bytes still hash to what the export wrote. Computing every view for
 * one host means running every view's SQL over the whole day (at 100k hosts
 * about 2 s for the stock library); reading the files takes milliseconds.
 *
 * Returns, per view, the host's row when it is in the file once and every
 * value of it reads back as what the view gives (see `unambiguous`), an
 * empty list when it is not in the file, or nothing where the file cannot
 * stand in for the view (no hostname column in it, stale, edited, missing,
 * several rows, a value that could be a number or a blob): `explain` then
 * queries the view as before.
 */
export function membershipFromFiles(
  db: Database,
  config: Config,
  ws: Workspace,
  views: readonly OrderedView[],
  hostname: string,
  viewColumns: (view: OrderedView) => readonly string[],
): Map<string, readonly Record<string, unknown>[]> {
  const out = new Map<string, readonly Record<string, unknown>[]>();
  const current = currentViewFiles(db, config, ws, views);
  const field = encodeValue(hostname);
  for (const v of views) {
    const file = current(v);
    const col = file?.columns.indexOf('hostname') ?? -1;
    if (file === undefined || col === -1) continue;
    const bytes = file.bytes;
    const matching = matchingLines(bytes.toString('utf8'), col, field);
    if (matching.length === 0) {
      out.set(v.name, []);
      continue;
    }
    if (matching.length > 1) continue;
    const row = rowFromLine(matching[0]!, file.columns, viewColumns(v));
    if (row !== undefined) out.set(v.name, [row]);
  }
  return out;
}

/**
 * The line as the view's row (keys in the view's column order), or undefined
 * when a value could have been written from another type: the text-table
 * format writes numbers as digits and blobs as hex, so only text that looks
 * like neither (and NULL) is known to be what the view gives.
 */
function rowFromLine(line: string, fileColumns: readonly string[], columns: readonly string[]): Record<string, unknown> | undefined {
  if (new Set(columns).size !== columns.length || columns.length !== fileColumns.length || columns.some((c) => !fileColumns.includes(c))) return undefined;
  let values: (string | null)[];
  try {
    values = decodeLine(line);
  } catch {
    return undefined;
  }
  if (values.length !== fileColumns.length || values.some((v) => v !== null && !unambiguous(v))) return undefined;
  const row: Record<string, unknown> = {};
  for (const c of columns) row[c] = values[fileColumns.indexOf(c)]!;
  return row;
}

function unambiguous(text: string): boolean {
  return !/^[-+0-9.e]*$/.test(text) && !/^[0-9a-f]*$/.test(text) && !/^-?Inf$/.test(text);
}

/** The lines whose field `col` is `field`; for the first column, found by searching the text rather than splitting every line. */
function matchingLines(text: string, col: number, field: string): string[] {
  if (col !== 0) return text.split('\n').filter((l) => l !== '' && l.split('\t')[col] === field);
  const out: string[] = [];
  for (let at = text.indexOf(field); at !== -1; at = text.indexOf(field, at + 1)) {
    const after = text[at + field.length];
    if ((at === 0 || text[at - 1] === '\n') && (after === '\t' || after === '\n')) out.push(text.slice(at, text.indexOf('\n', at)));
  }
  return out;
}
