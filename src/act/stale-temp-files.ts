import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempNamePid } from '../util/atomic-write.js';
import { LAYOUT } from '../workspace.js';

/**
 * Temporary files a killed writer left behind. Everything breakfix writes
 * under runs/ is written beside its destination under a temporary name and
 * renamed into place (util/atomic-write.ts), and that name has one form,
 * `.NAME.tmp-PID-RANDOM`: view files, the manifest, plans, the pause file,
 * the lock holder, an action's hosts file, a command source's saved output,
 * and the private directory of an external sort's runs
 * (`.sort.tmp-PID-RANDOM/`). A kill -9 between the write and the rename
 * leaves the temporary file. No reader looks at one, but they pile up in
 * directories operators read and diff, so the next process that takes the
 * workspace lock removes them.
 *
 * Only a name of that form is ever removed, and only when its pid is not a
 * running process: `breakfix pause` writes without the lock, and in a shared
 * workspace another user's process is alive when signalling it is refused
 * (EPERM). A name of any other form is not breakfix's, and stays.
 */
export interface StaleTempFiles {
  readonly removed: readonly string[];
  /** Stale files that could not be removed (another user's private directory): path and why. */
  readonly failed: readonly { path: string; error: string }[];
}

/** Remove the stale temporary files under `runsDir` (itself, each day, its plan/ and inputs/). */
export function removeStaleTempFiles(runsDir: string): StaleTempFiles {
  const removed: string[] = [];
  const failed: { path: string; error: string }[] = [];
  const days = realDirEntries(runsDir).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d));
  const dirs = [runsDir];
  for (const day of days) {
    const dayDir = join(runsDir, day);
    dirs.push(dayDir, join(dayDir, LAYOUT.plan), join(dayDir, LAYOUT.inputs));
  }
  for (const dir of dirs) {
    for (const name of entries(dir)) {
      const pid = tempNamePid(name);
      if (pid === undefined || pid === process.pid || processExists(pid)) continue;
      const path = join(dir, name);
      try {
        rmSync(path, { recursive: true, force: true }); // a link is removed, never followed
        removed.push(path);
      } catch (err) {
        failed.push({ path, error: (err as Error).message });
      }
    }
  }
  return { removed, failed };
}

/** Names in `dir`, or none when it is missing or not a real directory (never a link's target). */
function entries(dir: string): string[] {
  try {
    if (!lstatSync(dir).isDirectory()) return [];
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The names in `dir` that are real directories. */
function realDirEntries(dir: string): string[] {
  return entries(dir).filter((name) => {
    try {
      return lstatSync(join(dir, name)).isDirectory();
    } catch {
      return false;
    }
  });
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
