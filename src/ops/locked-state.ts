import { relative } from 'node:path';
import { acquireLock } from '../workspace-lock.js';
import { removeStaleTempFiles } from '../act/stale-temp-files.js';
import type { Config } from '../config/load.js';
import { openStateDb, type StateDb } from '../db/open.js';
import type { Workspace } from '../workspace.js';
import { openWorkspace, type Env } from '../config/env.js';
import { enterDayForWriting } from '../workspace-dirs.js';

export interface LockedState {
  readonly config: Config;
  readonly ws: Workspace;
  readonly state: StateDb;
  /** A stale lock (dead pid) was taken over: say so. */
  readonly lockWarnings: readonly string[];
}

/**
 * The frame of every command that writes a workspace: load the config,
 * take the workspace lock (exit 75 if another process holds it), open the
 * day's state.db, run `fn`, and close and release whatever happens.
 * Holding the lock, it first removes the temporary files an earlier writer
 * left when it was killed (the warnings say how many).
 */
export async function withLockedState<T>(env: Env, command: string, fn: (s: LockedState) => Promise<T> | T, before?: (config: Config) => void): Promise<T> {
  const { config, ws } = openWorkspace(env);
  before?.(config);
  enterDayForWriting(ws);
  const lock = acquireLock(ws.lockFile, command);
  const lockWarnings = lock.tookOverFrom
    ? [`took over a stale lock of pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host} (since ${lock.tookOverFrom.started}): that process is gone`]
    : [];
  try {
    const { removed, failed } = removeStaleTempFiles(ws.runsDir);
    if (removed.length > 0) {
      const shown = removed.slice(0, 3).map((p) => relative(ws.dir, p)).join(', ');
      lockWarnings.push(`removed ${removed.length} temporary file${removed.length > 1 ? 's' : ''} a killed process left (${shown}${removed.length > 3 ? ', ...' : ''})`);
    }
    for (const f of failed) lockWarnings.push(`could not remove ${relative(ws.dir, f.path)}, left by a killed process: ${f.error}`);
    const state = await openStateDb(ws.dbFile);
    try {
      return await fn({ config, ws, state, lockWarnings });
    } finally {
      await state.close();
    }
  } finally {
    lock.release();
  }
}
