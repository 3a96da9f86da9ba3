import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ensureRealDir, readRegularFile } from '../util/safe-fs.js';
import { userAtHost, type Identity } from './identity.js';

/**
 * Why acting is paused: runs/pause.json. Workspace-wide and kept across days
 * until `breakfix resume`. `by` is `user@host` of the OS account that paused
 * (its uid beside it), never a name taken from the environment.
 */
export interface PauseState {
  readonly by: string;
  readonly uid?: number | null;
  /** $SUDO_USER of the pausing process, when set: context only. */
  readonly sudo_user?: string | null;
  readonly at: string;
  readonly reason: string;
}

export function readPause(file: string): PauseState | undefined {
  try {
    const p = JSON.parse(readRegularFile(file).toString('utf8')) as Partial<PauseState>;
    if (typeof p.reason === 'string') {
      return {
        by: typeof p.by === 'string' ? p.by : 'unknown',
        ...(typeof p.uid === 'number' ? { uid: p.uid } : {}),
        ...(typeof p.sudo_user === 'string' ? { sudo_user: p.sudo_user } : {}),
        at: typeof p.at === 'string' ? p.at : 'unknown',
        reason: p.reason,
      };
    }
    return { by: 'unknown', at: 'unknown', reason: 'pause file without a reason' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A pause file that cannot be read still pauses: fail closed.
    return { by: 'unknown', at: 'unknown', reason: `unreadable pause file ${file}: ${(err as Error).message}` };
  }
}

/** Pause acting: write runs/pause.json (whole or not at all, never through a link). The reason was checked by the caller. */
export function pause(file: string, reason: string, who: Identity, now: Date): PauseState {
  const state: PauseState = { by: userAtHost(who), uid: who.uid, ...(who.sudoUser ? { sudo_user: who.sudoUser } : {}), at: now.toISOString(), reason };
  ensureRealDir(dirname(file));
  writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
  return state;
}

/** Lift the pause: remove runs/pause.json. */
export function liftPause(file: string): void {
  rmSync(file, { force: true });
}

export function describePause(p: PauseState): string {
  return `paused by ${p.by} at ${p.at}: ${p.reason}`;
}
