import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname, join } from 'node:path';
import { LockHeld } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { prepareDbFile, readRegularFile } from '../util/safe-fs.js';

/** What `runs/.lock` says: who holds the workspace. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO-8601 time the lock was taken. */
  readonly started: string;
  readonly command?: string;
}

export interface HeldLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** A stale lock (dead pid) that was taken over, for the warning. */
  readonly tookOverFrom: LockHolder | undefined;
  release(): void;
}

/**
 * The workspace lock: importing, planning and acting hold `runs/.lock`
 * (JSON: pid, host, started, command) so two processes never write one
 * workspace at once. Read-only commands take no lock.
 *
 * Checking the lock file and writing it happen inside a short critical
 * section guarded by an exclusive SQLite lock on `runs/.lock.guard`: the
 * kernel drops that lock if the process dies, so the guard can never go
 * stale, and no two processes can both decide that a stale lock is theirs.
 *
 * `started` is the wall clock, never the command's clock (BREAKFIX_NOW):
 * isAlive compares it with the holder's process start time from the kernel.
 * Stamped with a replayed clock in the past, every live holder looked like a
 * recycled pid — a process that started after the lock was taken — so each
 * process "took over" the lock of the one still running.
 */
export function acquireLock(lockFile: string, command: string): HeldLock {
  mkdirSync(dirname(lockFile), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: osHostname(), started: new Date().toISOString(), command };
  let tookOverFrom: LockHolder | undefined;
  withGuard(lockFile, () => {
    const current = readHolder(lockFile);
    if (current !== undefined) {
      if (isAlive(current)) throw new LockHeld(current, lockFile);
      tookOverFrom = current;
    }
    // Whole or not at all, never through a planted link; it only matters while this process lives: no fsync.
    writeFileAtomic(lockFile, JSON.stringify(me) + '\n', { fsync: false });
  });
  let released = false;
  return {
    file: lockFile,
    holder: me,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      withGuard(lockFile, () => {
        const current = readHolder(lockFile);
        if (current?.pid === me.pid && current.host === me.host && current.started === me.started) rmSync(lockFile, { force: true });
      });
    },
  };
}

/** Who holds the lock now, if anyone (a stale holder included). */
export function readHolder(lockFile: string): LockHolder | undefined {
  let text: string;
  try {
    text = readRegularFile(lockFile).toString('utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.started === 'string') return parsed as LockHolder;
  } catch {
    // fall through
  }
  // An unreadable lock file (a crash mid-write cannot produce one: it is renamed into place) — treat as held by nobody we can check.
  return { pid: 0, host: 'unknown', started: 'unknown', command: `unreadable lock file ${join(lockFile)}` };
}

/**
 * A holder is alive when it is on this host and its pid runs a process that
 * started before the lock was taken (a recycled pid is not the holder). A
 * holder on another host cannot be checked: it is assumed alive.
 */
export function isAlive(holder: LockHolder): boolean {
  if (holder.pid <= 0) return false;
  if (holder.host !== osHostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const started = processStartMs(holder.pid);
  const lockedAt = Date.parse(holder.started);
  // Allow clock granularity: the process must have started before (or within 2s after) taking the lock.
  if (started !== undefined && !Number.isNaN(lockedAt) && started > lockedAt + 2000) return false;
  return true;
}

/** When a process started (epoch ms), from /proc on Linux; undefined elsewhere. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const clkTck = 100; // USER_HZ is 100 on every Linux platform Node supports
    const bootMs = Date.now() - uptime * 1000;
    return bootMs + (startTicks / clkTck) * 1000;
  } catch {
    return undefined;
  }
}

function withGuard<T>(lockFile: string, fn: () => T): T {
  // Created group-writable in a shared workspace (SQLite would make it 0644: the next user's lock would fail).
  prepareDbFile(`${lockFile}.guard`);
  const guard = new Database(`${lockFile}.guard`);
  try {
    guard.pragma('journal_mode = DELETE');
    guard.pragma('busy_timeout = 30000');
    guard.exec('BEGIN EXCLUSIVE');
    try {
      return fn();
    } finally {
      guard.exec('COMMIT');
    }
  } finally {
    guard.close();
  }
}
