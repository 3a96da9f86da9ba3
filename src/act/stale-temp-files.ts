import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUT } from '../workspace.js';

/**
 * Temporary files a killed writer left behind. Everything breakfix writes
 * under runs/ is written beside its destination under a temporary name and
 * renamed into place: view files (`.VIEW.tmp-PID`), the manifest and plans
 * (`NAME.tmp-PID`), an action's hosts file (`ACTION.hosts.tmp`), a command
 * source's saved output (`SOURCE.partial`) and external-sort runs
 * (`.sort-XXXXXX/`). A kill -9 between the write and the rename leaves the
 * temporary file. No reader looks at one, but they pile up in directories
 * operators read and diff, so the next process that takes the workspace
 * lock removes them.
 *
 * Only the lock holder writes these, except the pause file (`breakfix pause`
 * takes no lock, so that a running pass can be paused): a file named with a
 * pid is removed only when that process is gone.
 */
const WITH_PID = /\.tmp-(\d+)$/;
const LOCKED_WRITERS_ONLY = /\.hosts\.tmp$|\.partial$|^\.sort-/;

/** Remove the stale temporary files under `runsDir` (itself, each day, its plan/ and inputs/); returns their paths. */
export function removeStaleTempFiles(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  const removed: string[] = [];
  const dirs = [runsDir];
  for (const day of readdirSync(runsDir).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d))) {
    const dayDir = join(runsDir, day);
    dirs.push(dayDir, join(dayDir, LAYOUT.plan), join(dayDir, LAYOUT.inputs));
  }
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir)) {
      if (!isStale(name)) continue;
      const path = join(dir, name);
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

/** Does a file of this name look like one of the temporary files above (whoever wrote it)? */
export function isTemporaryName(name: string): boolean {
  return WITH_PID.test(name) || LOCKED_WRITERS_ONLY.test(name);
}

function isStale(name: string): boolean {
  const pid = WITH_PID.exec(name)?.[1];
  if (pid !== undefined) return Number(pid) !== process.pid && !processExists(Number(pid));
  return LOCKED_WRITERS_ONLY.test(name);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
