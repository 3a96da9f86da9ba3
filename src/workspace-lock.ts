import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname } from 'node:path';
import { LockHeld } from './errors.js';
import { writeFileAtomic } from './util/atomic-write.js';
import { prepareDbFile, readRegularFile } from './util/safe-fs.js';

/** What `runs/.lock` says: who holds the workspace. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO-8601 wall-clock time the lock was taken: for people, never compared with anything. */
  readonly started: string;
  readonly command?: string;
}

export interface HeldLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** The record of a holder that died without releasing the lock, taken over (for the warning). */
  readonly tookOverFrom: LockHolder | undefined;
  release(): void;
}

/**
 * How long one attempt waits on the kernel lock before calling it busy. Not
 * 0: two processes starting together can each take SQLite's shared lock on
 * the way to the exclusive one; SQLite then makes one of them give way, and
 * the other must wait that instant out instead of giving up too (with 0,
 * both could fail and neither hold the workspace).
 */
const ATTEMPT_WAIT_MS = 500;
/**
 * How long a process that found the lock held waits for the holder's record
 * (written just after the kernel lock is taken, removed just before it is
 * released) so that exit 75 names a live holder.
 */
const NAME_WAIT_MS = 3_000;

/**
 * The workspace lock: importing, planning and acting hold it so two
 * processes never write one workspace at once. Read-only commands take no
 * lock.
 *
 * Liveness comes from the kernel, never from clocks or pids: the holder keeps
 * an exclusive SQLite transaction (`BEGIN EXCLUSIVE`, i.e. POSIX fcntl locks)
 * open on `runs/.lock.guard` for as long as it holds the workspace, and the
 * kernel drops those locks when the process ends, however it ends. A second
 * process whose clock is hours off, or whose pid numbering wrapped, still
 * finds the lock held.
 *
 * `runs/.lock` is only the human-readable record of the holder (pid, host,
 * started, command) that exit 75 quotes. A well-formed record whose kernel
 * lock is free belongs to a dead holder and is taken over (with a warning).
 * A record that cannot be read means held: a person must look.
 *
 * POSIX fcntl locks belong to the process, and closing ANY descriptor of the
 * file in the process drops them all. So nothing else in the process may
 * ever open `runs/.lock.guard` (no read, no second connection outside this
 * module): only acquireLock and release touch it. SQLite itself shares one
 * lock state per file within a process, which is why a second acquireLock in
 * the same process sees the lock held. Child processes do not inherit fcntl
 * locks: a command left running by a dead breakfix does not hold the
 * workspace.
 */
export function acquireLock(lockFile: string, command: string): HeldLock {
  mkdirSync(dirname(lockFile), { recursive: true });
  const guardFile = `${lockFile}.guard`;
  const me: LockHolder = { pid: process.pid, host: osHostname(), started: new Date().toISOString(), command };
  const giveUpAt = performance.now() + NAME_WAIT_MS;
  for (;;) {
    const guard = tryKernelLock(guardFile, lockFile);
    if (guard !== undefined) return holdWith(guard, lockFile, me);
    const record = readRecord(lockFile);
    if (record.kind === 'unreadable') throw unreadableLock(lockFile, record.problem);
    if (record.kind === 'holder' && mayBeAlive(record.holder)) throw new LockHeld(record.holder, lockFile);
    // No record, or the record of a holder that is gone: the live holder is
    // between taking the kernel lock and writing its record (or between
    // removing it and letting go). Look again shortly.
    if (performance.now() > giveUpAt) {
      const named = record.kind === 'holder' ? `; ${lockFile} names pid ${record.holder.pid} on ${record.holder.host}, which is not running` : `, and nothing is recorded in ${lockFile}`;
      throw new LockHeld(undefined, lockFile, `workspace is locked: another process holds ${guardFile}${named}. Try again later.`);
    }
    sleepMs(25);
  }
}

/** The kernel lock is ours: check the record, write ours, and hand back the lock. */
function holdWith(guard: Database.Database, lockFile: string, me: LockHolder): HeldLock {
  let tookOverFrom: LockHolder | undefined;
  try {
    const record = readRecord(lockFile);
    if (record.kind === 'unreadable') throw unreadableLock(lockFile, record.problem);
    // The kernel lock was free, so whoever this record names is gone.
    if (record.kind === 'holder') tookOverFrom = record.holder;
    // Whole or not at all, never through a planted link; it only matters while this process lives: no fsync.
    writeFileAtomic(lockFile, JSON.stringify(me) + '\n', { fsync: false });
  } catch (err) {
    letGo(guard);
    throw err;
  }
  let released = false;
  return {
    file: lockFile,
    holder: me,
    tookOverFrom,
    release() {
      if (released) return;
      released = true;
      try {
        // The record goes first, while the kernel lock still keeps everyone else out.
        const record = readRecord(lockFile);
        if (record.kind === 'holder' && record.holder.pid === me.pid && record.holder.host === me.host && record.holder.started === me.started) {
          rmSync(lockFile, { force: true });
        }
      } finally {
        letGo(guard);
      }
    },
  };
}

/** An open connection holding `BEGIN EXCLUSIVE` on the guard, or undefined when another process holds it. */
function tryKernelLock(guardFile: string, lockFile: string): Database.Database | undefined {
  let guard: Database.Database;
  try {
    // Created group-writable in a shared workspace (SQLite would make it 0644: the next user's lock would fail).
    prepareDbFile(guardFile);
    guard = new Database(guardFile, { timeout: ATTEMPT_WAIT_MS });
  } catch (err) {
    throw new LockHeld(undefined, lockFile, `cannot open the workspace lock ${guardFile}: ${(err as Error).message}`);
  }
  try {
    guard.exec('BEGIN EXCLUSIVE');
    return guard;
  } catch (err) {
    guard.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw new LockHeld(
      undefined,
      lockFile,
      `the workspace lock ${guardFile} is unusable (${(err as Error).message}), so breakfix treats the workspace as locked. ` +
        `If no breakfix process runs in this workspace, remove ${guardFile} and try again.`,
    );
  }
}

function letGo(guard: Database.Database): void {
  try {
    if (guard.inTransaction) guard.exec('ROLLBACK');
  } finally {
    guard.close();
  }
}

type LockRecord = { kind: 'none' } | { kind: 'holder'; holder: LockHolder } | { kind: 'unreadable'; problem: string };

/** What `runs/.lock` holds: nothing, a holder, or something that cannot be a holder record. */
function readRecord(lockFile: string): LockRecord {
  let text: string;
  try {
    text = readRegularFile(lockFile).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', problem: (err as Error).message };
  }
  const holder = parseHolder(text);
  if (holder !== undefined) return { kind: 'holder', holder };
  return { kind: 'unreadable', problem: text.trim() === '' ? 'it is empty' : 'it is not a lock record (JSON with pid, host, started)' };
}

/** A lock record, or undefined for anything else. */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const p = JSON.parse(text) as Partial<LockHolder> | null;
    if (p !== null && typeof p === 'object' && Number.isSafeInteger(p.pid) && (p.pid ?? 0) > 0 && typeof p.host === 'string' && typeof p.started === 'string') {
      return { pid: p.pid!, host: p.host, started: p.started, ...(typeof p.command === 'string' ? { command: p.command } : {}) };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** Who `runs/.lock` names, if it names anyone (for messages only: liveness is the kernel lock's). */
export function readHolder(lockFile: string): LockHolder | undefined {
  const r = readRecord(lockFile);
  return r.kind === 'holder' ? r.holder : undefined;
}

/**
 * Whether the process a record names may still run — used only to decide
 * whether exit 75 can name it, never to decide who holds the lock. A holder
 * on another host cannot be checked.
 */
function mayBeAlive(holder: LockHolder): boolean {
  if (holder.host !== osHostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unreadableLock(lockFile: string, problem: string): LockHeld {
  return new LockHeld(
    undefined,
    lockFile,
    `the workspace lock record ${lockFile} cannot be read (${problem}), so breakfix cannot tell who holds the workspace and treats it as locked. ` +
      `If no breakfix process runs in this workspace (check with ps), remove ${lockFile} and try again.`,
  );
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
