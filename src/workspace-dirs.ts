import { checkRealDir, ensureRealDir } from './util/safe-fs.js';
import type { Workspace } from './workspace.js';

/**
 * The directories of runs/ a command works in, never links (util/safe-fs.ts).
 * A command that writes creates runs/ and runs/DAY as needed; plan/ and
 * inputs/ are checked by their writers, below a day directory checked here.
 */
export function enterDayForWriting(ws: Workspace): void {
  ensureRealDir(ws.runsDir);
  ensureRealDir(ws.dayDir);
}

/** A command that only reads refuses the same links, and creates nothing. */
export function enterDayForReading(ws: Workspace, day: string = ws.day): void {
  if (checkRealDir(ws.runsDir)) checkRealDir(ws.dayDirOf(day));
}
