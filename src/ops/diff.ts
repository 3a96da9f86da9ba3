import { UsageError } from '../errors.js';
import { openWorkspace, type Env } from '../config/env.js';
import { diffViews, type DiffOutcome } from '../export/view-diff.js';
import { addDays, resolveDay } from '../workspace.js';

/**
 * `breakfix diff [VIEW...] [--from DAY] [--to DAY]`: per view, the rows
 * removed and added between two days' exported files — `comm -3` on the two
 * sorted files, streamed so neither file is read whole. Defaults: to = the
 * --day (today), from = the day before. Reads files only: no lock, no database.
 */
export function runDiff(env: Env, names: readonly string[], opts: { from?: string | undefined; to?: string | undefined }): DiffOutcome {
  const { config, ws } = openWorkspace(env);
  const now = env.clock();
  const dayOf = (flag: string, spec: string) => {
    try {
      return resolveDay(spec, config.timezone, now);
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(err.message.replace(/^--day/, flag));
      throw err;
    }
  };
  const to = opts.to !== undefined ? dayOf('--to', opts.to) : ws.day;
  const from = opts.from !== undefined ? dayOf('--from', opts.from) : addDays(to, -1);
  return diffViews(ws, names, from, to);
}
