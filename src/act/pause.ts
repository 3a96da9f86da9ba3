import { rmSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ensureRealDir, readRegularFile } from '../util/safe-fs.js';

/** Why acting is paused: runs/pause.json. Workspace-wide and kept across days until `breakfix resume`. */
export interface PauseState {
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

/** Who is running breakfix, for pause records and journal notes: `user@host` (the sudo user when there is one). */
export function whoAmI(): string {
  let user = process.env['SUDO_USER'] ?? process.env['USER'];
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `${user}@${hostname()}`;
}

export function readPause(file: string): PauseState | undefined {
  try {
    const p = JSON.parse(readRegularFile(file).toString('utf8')) as Partial<PauseState>;
    if (typeof p.reason === 'string') return { by: p.by ?? 'unknown', at: p.at ?? 'unknown', reason: p.reason };
    return { by: 'unknown', at: 'unknown', reason: 'pause file without a reason' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A pause file that cannot be read still pauses: fail closed.
    return { by: 'unknown', at: 'unknown', reason: `unreadable pause file ${file}: ${(err as Error).message}` };
  }
}

export function pause(file: string, reason: string, by: string, now: Date): PauseState {
  if (reason.trim() === '') throw new UsageError('pause: --reason must say why (it is shown in every summary until resume)');
  const state: PauseState = { by, at: now.toISOString(), reason: reason.trim() };
  ensureRealDir(dirname(file));
  writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
  return state;
}

/** Returns the pause that was lifted, if there was one. */
export function resume(file: string): PauseState | undefined {
  const was = readPause(file);
  rmSync(file, { force: true });
  return was;
}

export function describePause(p: PauseState): string {
  return `paused by ${p.by} at ${p.at}: ${p.reason}`;
}
