import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ActionError, InputError } from '../errors.js';

/**
 * Edit a host file in place, safely beside every other tool that edits it:
 *
 * - under an exclusive flock(2) on `FILE.lock` (a separate file: the host
 *   file itself is replaced by rename, so a lock on it would lock a file
 *   that is no longer the one being read). Anything else that edits the
 *   file must take the same lock: `flock FILE.lock -c '...'`;
 * - read, edit, written to a temporary file beside it with the original's
 *   permissions, fsynced, renamed over it, and the directory fsynced: the
 *   NameNode or ResourceManager, whenever it reads, sees the old file or
 *   the new one, never a part of either, and a crash keeps one of them.
 *
 * The lock is taken with flock(1) (util-linux) on a descriptor this process
 * holds: the lock belongs to the open file description, so it lasts after
 * flock(1) exits, until this process closes the descriptor.
 */
export interface LockedEditOptions {
  /** Seconds to wait for the lock. */
  readonly lockTimeoutSeconds: number;
}

export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

export function editLocked<T extends { readonly text: string }>(file: string, edit: (text: string) => T, opts: LockedEditOptions): T {
  // A host file the daemons do not read would make every edit a silent no-op: never create one (nor a lock beside it).
  if (!existsSync(file)) throw new InputError({ file }, 'no such host file (it is created with the cluster configuration, not by breakfix-exclude)');
  const lockFd = openSync(lockPathOf(file), 'a', 0o644);
  try {
    takeLock(file, lockFd, opts.lockTimeoutSeconds);
    let before: string;
    let mode: number;
    try {
      before = readFileSync(file, 'utf8');
      mode = statSync(file).mode & 0o7777;
    } catch (err) {
      throw new InputError({ file }, `cannot read the host file: ${(err as Error).message}`);
    }
    const result = edit(before);
    if (result.text !== before) replaceFile(file, result.text, mode);
    return result;
  } finally {
    closeSync(lockFd); // releases the lock
  }
}

function takeLock(file: string, fd: number, timeoutSeconds: number): void {
  const r = spawnSync('flock', ['--exclusive', '--wait', String(timeoutSeconds), '3'], {
    stdio: ['ignore', 'ignore', 'pipe', fd],
    encoding: 'utf8',
  });
  if (r.error !== undefined) {
    throw new ActionError(`cannot lock ${lockPathOf(file)}: flock(1) did not run (${r.error.message}); it comes with util-linux`);
  }
  if (r.status !== 0) {
    const why = r.status === 1 ? `still held by another process after ${timeoutSeconds}s` : `flock(1) exited ${r.status ?? r.signal}: ${r.stderr.trim()}`;
    throw new ActionError(`cannot lock ${lockPathOf(file)}: ${why}`);
  }
}

function replaceFile(file: string, text: string, mode: number): void {
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  let fd: number | undefined = openSync(tmp, 'w', mode);
  try {
    fchmodSync(fd, mode); // the umask must not change who may read the file
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  const dirFd = openSync(dirname(file), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
