import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openNewFile } from './safe-fs.js';

/**
 * Every file breakfix writes under runs/ is written whole beside its
 * destination under a temporary name, then renamed over it: a reader (or a
 * crash) sees the old file or the new one, never a part. This module is the
 * one way to do that.
 *
 * The temporary name is always `.NAME.tmp-PID-RANDOM`: hidden (a `*` glob
 * over a day's views does not pick it up), the pid of the writer (so the
 * sweep of what killed writers left, act/stale-temp-files.ts, can tell a
 * dead writer's file from a live one's), and 12 random hex digits (so nobody
 * can plant a link at the name in advance). It is opened with
 * O_CREAT|O_EXCL|O_NOFOLLOW: a name that exists, a link included, is never
 * written through. rename() replaces a link at the destination itself, never
 * its target.
 */
const TEMP_NAME = /^\.(.+)\.tmp-(\d+)-[0-9a-f]{12}$/;

/** `.NAME.tmp-PID-RANDOM` for a file or directory called `name`. */
export function tempNameFor(name: string): string {
  return `.${name}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The pid in a temporary name, or undefined when `name` is not one. */
export function tempNamePid(name: string): number | undefined {
  const m = TEMP_NAME.exec(name);
  return m === null ? undefined : Number(m[2]);
}

export interface CommitOptions {
  /**
   * fsync the data before the rename (default true): after a power loss the
   * new name then never points at an empty file. Left off for files that
   * matter only while this process runs (the lock holder, an action's hosts
   * file), not for what a later command reads (views, plans, the manifest).
   */
  readonly fsync?: boolean;
}

/**
 * A file being written under its temporary name: `write` appends (or hand
 * `fd` to a child process as its stdout), then `commit` renames it over the
 * destination, or `abort` removes it. The streaming form, for view exports
 * and command output that never sit in memory whole.
 */
export class AtomicFile {
  private done = false;

  private constructor(
    readonly dest: string,
    readonly tempPath: string,
    readonly fd: number,
  ) {}

  /** Create the temporary file beside `dest` (its directory must exist; see safe-fs ensureRealDir). */
  static create(dest: string): AtomicFile {
    const tempPath = join(dirname(dest), tempNameFor(basename(dest)));
    return new AtomicFile(dest, tempPath, openNewFile(tempPath));
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }

  commit(opts: CommitOptions = {}): void {
    if (this.done) throw new Error(`${this.tempPath}: already committed or aborted`);
    this.done = true;
    try {
      if (opts.fsync !== false) fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    try {
      renameSync(this.tempPath, this.dest);
    } catch (err) {
      rmSync(this.tempPath, { force: true });
      throw err;
    }
  }

  /** Remove the temporary file (after an error); a no-op once committed. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.tempPath, { force: true });
    }
  }
}

/** Write `data` to `dest` whole: temporary file, (fsync,) rename. */
export function writeFileAtomic(dest: string, data: string | Uint8Array, opts: CommitOptions = {}): void {
  const file = AtomicFile.create(dest);
  try {
    file.write(data);
  } catch (err) {
    file.abort();
    throw err;
  }
  file.commit(opts);
}

/**
 * A private scratch directory under `parent` named like a temporary file
 * (`.LABEL.tmp-PID-RANDOM`, mode 0700), for files that are never renamed
 * into place (external-sort runs). The caller removes it; the sweep removes
 * it after a crash.
 */
export function makeTempDir(parent: string, label: string): string {
  const dir = join(parent, tempNameFor(label));
  mkdirSync(dir, { mode: 0o700 }); // fails if anything is there: a name nobody could have guessed
  return dir;
}
