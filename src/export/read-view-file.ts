import { createHash } from 'node:crypto';
import { readRegularFile } from '../util/safe-fs.js';
import { decodeLine } from '../util/text-table.js';

/** An exported view file as this pass's export left it: where, its columns, and the hash of its bytes. */
export interface ExportedViewFile {
  readonly file: string;
  readonly columns: readonly string[];
  readonly sha256: string;
}

/**
 * The rows of an exported view file, by column name, or undefined when the
 * file is not byte for byte what the export wrote (missing, or edited since:
 * its sha256 differs), in which case the caller queries the view instead.
 *
 * Why: a pass exports every view before it plans, and a view whose inputs did
 * not change is not recomputed by the export; re-running its SQL to plan
 * would compute it anyway (a candidates view joining a 100k-host inventory
 * costs ~0.1 s; its file reads in ~3 ms). The file is the view: the export
 * wrote exactly its rows, and the hash proves nothing changed them since. Every
 * value comes back as text or NULL, which is what planning makes of a
 * view's values (String()) and what the text-table format holds.
 */
export function readViewFileRows(exported: ExportedViewFile): Record<string, string | null>[] | undefined {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(exported.file);
  } catch {
    return undefined;
  }
  if (createHash('sha256').update(bytes).digest('hex') !== exported.sha256) return undefined;
  const { columns } = exported;
  const lines = bytes.toString('utf8').split('\n');
  lines.pop(); // the text after the last \n: empty, since every line ends with one
  const rows: Record<string, string | null>[] = [];
  for (const line of lines) {
    const values = decodeLine(line);
    if (values.length !== columns.length) return undefined;
    const row: Record<string, string | null> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]!] = values[c]!;
    rows.push(row);
  }
  return rows;
}
