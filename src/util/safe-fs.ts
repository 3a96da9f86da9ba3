import { accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, lchownSync, lstatSync, mkdirSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { WorkspaceError } from '../errors.js';

/**
 * How breakfix touches the files and directories of runs/, which a shared
 * workspace lets several people (and anything running as them) write:
 *
 * - It never follows a symbolic link there. Files are opened with
 *   O_NOFOLLOW, new ones with O_CREAT|O_EXCL (see atomic-write.ts), and the
 *   directories it creates or enters (runs/, runs/DAY, plan/, inputs/) are
 *   checked with lstat: a link planted in their place is refused with a
 *   WorkspaceError rather than written through.
 * - It never blocks on, or writes into, something that is not a regular
 *   file (a FIFO planted as transcript.log).
 * - What it creates follows the directory it is created in: when that
 *   directory is group-writable (a workspace shared by a group, usually
 *   setgid), new files are made group-readable and -writable, new
 *   directories group-usable, and their group is the directory's — whatever
 *   the creator's umask or primary group. Nothing is ever made
 *   world-writable.
 */

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/** Flags of a file breakfix creates: a new name, never an existing file or a link. */
export const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

export const IS_A_LINK =
  'is a symbolic link; breakfix does not work through links under runs/ (one planted there could redirect what it writes): remove it' +
  ' (to keep runs/ on another disk, put the whole workspace there or bind-mount it)';
const NOT_A_FILE = 'is not a regular file; breakfix only writes and reads regular files under runs/: remove it';
const NOT_A_DIRECTORY = 'is not a directory; breakfix creates it as one: remove it';

const euid = (): number => process.geteuid?.() ?? -1;

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** What a path is, without following a link; undefined when there is nothing there. */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Give what `fd` is (a file or directory breakfix just created, or one it
 * owns) to the group that shares `like` — its directory, or for SQLite's side
 * files the database — when `like` is group-writable: group read and write
 * (and search, for a directory), and `like`'s group. Only the owner may
 * change either; anything else is left as it is (and a group the process is
 * not in cannot be given, which the kernel refuses: ignored).
 */
export function shareLike(fd: number, like: Stats): void {
  if ((like.mode & 0o020) === 0) return;
  const st = fstatSync(fd);
  if (st.uid !== euid()) return;
  if (st.gid !== like.gid) {
    try {
      fchownSync(fd, -1, like.gid);
    } catch {
      // Not a member of that group: the mode below still lets the group the file has in.
    }
  }
  const wanted = st.isDirectory() ? 0o070 : 0o060;
  if ((st.mode & wanted) === wanted) return;
  try {
    fchmodSync(fd, ((st.mode & 0o7777) | wanted) & ~0o002);
  } catch {
    // A file system whose modes are not real (a CIFS mount): what it shows is what there is.
  }
}

/** Open a new file for writing: O_CREAT|O_EXCL|O_NOFOLLOW (fails on anything already there, a link included), shared like its directory. */
export function openNewFile(path: string): number {
  const fd = openSync(path, CREATE_NEW, 0o666);
  try {
    shareLike(fd, statSync(dirname(path)));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/**
 * Open a file to append to it (transcript.log): O_APPEND|O_NOFOLLOW, created
 * if missing (shared like its directory), refused when it is a link or not a
 * regular file. O_NONBLOCK so that a FIFO planted in its place fails the open
 * instead of hanging it; it changes nothing for a regular file.
 */
export function openForAppend(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o666);
  } catch (err) {
    if (code(err) === 'ELOOP') throw new WorkspaceError(path, IS_A_LINK);
    if (code(err) === 'ENXIO' || code(err) === 'EISDIR') throw new WorkspaceError(path, NOT_A_FILE);
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new WorkspaceError(path, NOT_A_FILE);
    if (st.size === 0) shareLike(fd, statSync(dirname(path)));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/**
 * Open a file breakfix reads back from runs/ (a view file, the manifest, a
 * plan, the pause and lock files): O_NOFOLLOW, and refused unless it is a
 * regular file — O_NONBLOCK, so that a FIFO planted in its place fails
 * instead of hanging the read. A missing file is the usual ENOENT.
 */
export function openForReading(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    if (code(err) === 'ELOOP') throw new WorkspaceError(path, IS_A_LINK);
    throw err;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new WorkspaceError(path, NOT_A_FILE);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/** The whole of a file under runs/, read as openForReading opens it. */
export function readRegularFile(path: string): Buffer {
  const fd = openForReading(path);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Make sure `dir` is a real directory: create it (and missing parents) when
 * absent, shared like its parent; refuse a link or a file in its place. A
 * caller checks each directory of runs/ it writes in, from runs/ down.
 */
export function ensureRealDir(dir: string): void {
  const st = lstatOrUndefined(dir);
  if (st === undefined) {
    createDir(dir);
    return;
  }
  if (st.isSymbolicLink()) throw new WorkspaceError(dir, IS_A_LINK);
  if (!st.isDirectory()) throw new WorkspaceError(dir, NOT_A_DIRECTORY);
}

function createDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o777 });
  } catch (err) {
    if (code(err) === 'EEXIST') return ensureRealDir(dir); // made meanwhile by another process: check what it is
    if (code(err) !== 'ENOENT' || dirname(dir) === dir) throw err;
    ensureRealDir(dirname(dir));
    return createDir(dir);
  }
  const fd = openSync(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    shareLike(fd, statSync(dirname(dir)));
  } finally {
    closeSync(fd);
  }
}

/** For a command that only reads: is `dir` there (false when absent), and not a link or a file? */
export function checkRealDir(dir: string): boolean {
  const st = lstatOrUndefined(dir);
  if (st === undefined) return false;
  if (st.isSymbolicLink()) throw new WorkspaceError(dir, IS_A_LINK);
  if (!st.isDirectory()) throw new WorkspaceError(dir, NOT_A_DIRECTORY);
  return true;
}

/** Refuse a link or a non-regular file at `path`; true when a regular file is there. */
export function checkRegularFile(path: string): boolean {
  const st = lstatOrUndefined(path);
  if (st === undefined) return false;
  if (st.isSymbolicLink()) throw new WorkspaceError(path, IS_A_LINK);
  if (!st.isFile()) throw new WorkspaceError(path, NOT_A_FILE);
  return true;
}

/** The files SQLite keeps beside a database: the write-ahead log, its shared-memory index, a rollback journal. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * Before SQLite opens a database read-write (state.db, the lock guard):
 * create the file ourselves when it is missing, so that its mode follows the
 * directory (SQLite creates files 0644 whatever the umask, and every reader's
 * -wal and -shm copy the database's mode); share an existing one we own the
 * same way (made by an earlier version). Links are refused, for the database
 * and for its side files, and a side file this process could not write — one
 * another user's command created before the database was shared — is
 * refused with what to do, rather than failing later as "attempt to write a
 * readonly database".
 */
export function prepareDbFile(path: string): void {
  const st = lstatOrUndefined(path);
  if (st === undefined) {
    try {
      closeSync(openNewFile(path));
    } catch (err) {
      if (code(err) !== 'EEXIST') throw err;
      return prepareDbFile(path); // created meanwhile: check it as an existing one
    }
  } else {
    if (st.isSymbolicLink()) throw new WorkspaceError(path, IS_A_LINK);
    if (!st.isFile()) throw new WorkspaceError(path, NOT_A_FILE);
    if (st.uid === euid() && (st.mode & 0o060) !== 0o060) {
      const dir = statSync(dirname(path));
      if ((dir.mode & 0o020) !== 0) shareExisting(path, dir);
    }
  }
  for (const suffix of SQLITE_SIDE_FILES) {
    const side = path + suffix;
    if (!checkRegularFile(side)) continue;
    try {
      accessSync(side, constants.W_OK);
    } catch {
      const s = lstatSync(side);
      throw new WorkspaceError(
        side,
        `is not writable by uid ${euid()} (owner uid ${s.uid}, group ${s.gid}, mode ${(s.mode & 0o777).toString(8).padStart(4, '0')}): ` +
          `a command run by another user left it; make it writable by this user's group (chmod g+w, chgrp) or, while no breakfix command runs, remove it`,
      );
    }
  }
}

/** Before SQLite opens a database read-only: refuse a link in place of it or of its side files. */
export function checkDbFileForReading(path: string): void {
  checkRegularFile(path);
  for (const suffix of SQLITE_SIDE_FILES) checkRegularFile(path + suffix);
}

/**
 * After SQLite opened a database (and read it, which is when it creates its
 * -wal and -shm, a read-only connection included): give the side files this
 * process created the database's group. SQLite gives them the database's
 * mode but the creator's group; in a directory that is not setgid, a reader
 * whose primary group is not the workspace's would leave files the
 * operator's next pass cannot open read-write.
 *
 * By path (lstat, lchown), never by opening them: closing any descriptor of
 * a file drops every POSIX lock this process holds on it, SQLite's included
 * — and a -shm whose locks are gone is truncated by the next process to open
 * the database while this one still has it mapped (SIGBUS).
 */
export function shareSideFiles(path: string): void {
  let db: Stats;
  try {
    db = statSync(path);
  } catch {
    return;
  }
  if ((db.mode & 0o020) === 0) return;
  for (const suffix of ['-wal', '-shm']) {
    try {
      const st = lstatSync(path + suffix);
      if (st.isFile() && st.uid === euid() && st.gid !== db.gid) lchownSync(path + suffix, -1, db.gid);
    } catch {
      // Absent, removed meanwhile, or a group this process is not in: nothing to do, or nothing it can do.
    }
  }
}

/**
 * Share an existing database file (see shareLike) through a descriptor
 * opened O_NOFOLLOW: only before this process opens the database, and only
 * when there is something to change, since closing a descriptor of it would
 * drop SQLite's locks were the database open in this process.
 */
function shareExisting(path: string, like: Stats): void {
  const fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    shareLike(fd, like);
  } finally {
    closeSync(fd);
  }
}
