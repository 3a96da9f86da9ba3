import { acquireLock } from '../act/lock.js';
import type { Config } from '../config/load.js';
import { openStateDb, type StateDb } from '../db/open.js';
import type { Workspace } from '../workspace.js';
import { openWorkspace, type Env } from './env.js';

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
 */
export async function withLockedState<T>(env: Env, command: string, fn: (s: LockedState) => Promise<T> | T, before?: (config: Config) => void): Promise<T> {
  const { config, ws } = openWorkspace(env);
  before?.(config);
  const lock = acquireLock(ws.lockFile, command, env.clock());
  const lockWarnings = lock.tookOverFrom
    ? [`took over a stale lock of pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host} (since ${lock.tookOverFrom.started}): that process is gone`]
    : [];
  try {
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
