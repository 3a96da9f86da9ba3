import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { viewFingerprints } from '../export/export-views.js';
import { readManifest } from '../export/manifest.js';
import { readRegularFile } from '../util/safe-fs.js';
import type { OrderedView } from '../views/dependencies.js';
import type { Workspace } from '../workspace.js';

/** An exported view file that is the view's current answer: its columns (file order) and its bytes. */
export interface CurrentViewFile {
  readonly columns: readonly string[];
  readonly bytes: Buffer;
}

/**
 * A lookup of the exported view files that are their views' current answer:
 * the manifest records the file for the view's current fingerprint (its SQL,
 * the views it reads, the imports of its tables, settings: what decides
 * whether a pass re-exports it), and the file's bytes still hash to what the
 * export wrote. Such a file holds exactly the lines computing the view now
 * would give, so a read-only command can answer from it instead of running
 * the view's SQL over the whole day. Anything else (no manifest entry, a
 * stale or edited or missing file) is undefined: compute the view.
 */
export function currentViewFiles(db: Database, config: Config, ws: Workspace, views: readonly OrderedView[]): (view: OrderedView) => CurrentViewFile | undefined {
  const manifest = readManifest(ws.manifestFile, ws.day);
  let fingerprints: Map<string, string> | undefined;
  return (v) => {
    const entry = manifest.views[v.name];
    if (entry === undefined) return undefined;
    try {
      fingerprints ??= viewFingerprints(db, config, views, null, manifest);
    } catch {
      return undefined;
    }
    if (entry.inputs !== fingerprints.get(v.sqlName)) return undefined;
    let bytes: Buffer;
    try {
      bytes = readRegularFile(ws.viewFile(v.name));
    } catch {
      return undefined;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) return undefined;
    return { columns: entry.columns, bytes };
  };
}
