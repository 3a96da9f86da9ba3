import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { exportViews, type ExportedView } from '../export/export-views.js';
import { createViews, loadViews } from '../views/create-views.js';
import { openWorkspace, type Env } from '../config/env.js';
import { withLockedState } from './locked-state.js';
import { resolveViewName } from '../views/resolve-view.js';

export interface ExportOutcome {
  readonly day: string;
  readonly views: readonly ExportedView[];
  readonly manifest: string;
  readonly warnings: readonly string[];
}

/**
 * `breakfix export [VIEW...] [--force]`: under the workspace lock (it writes
 * view files, the manifest and the views stored in state.db), create the
 * views and write the selected ones (default: all), make-like.
 */
export function runExport(env: Env, names: readonly string[], opts: { force: boolean }): Promise<ExportOutcome> {
  // Checked before taking the lock: an unknown view or a day never imported is a usage error, not an empty export.
  const { ws } = openWorkspace(env);
  const known = loadViews(ws).map((d) => d.name);
  const only = names.map((n) => resolveViewName(n, known));
  if (!existsSync(ws.dbFile)) {
    throw new UsageError(`${ws.dbFile}: no state.db for ${ws.day}: nothing to export (run "breakfix import" first, or pick another --day)`);
  }
  return withLockedState(env, `breakfix export ${names.join(' ')}`.trim(), ({ config, ws, state, lockWarnings }) => {
    // Re-read under the lock: the query files are what this export writes from.
    const defs = loadViews(ws);
    createViews(state.raw, config, defs, { temp: false });
    const views = exportViews(state.raw, config, ws, defs, { only, force: opts.force, pass: null, clock: env.clock });
    return { day: ws.day, views, manifest: ws.manifestFile, warnings: lockWarnings };
  });
}
