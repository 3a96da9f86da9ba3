import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkspaceError } from '../../src/errors.js';
import { checkRealDir, ensureRealDir, IS_A_LINK, openForAppend, openNewFile, prepareDbFile, shareSideFiles } from '../../src/util/safe-fs.js';
import { tempDir } from '../helpers/cli.js';

function base(): { dir: string; victim: string; victimDir: string } {
  const b = tempDir();
  const victimDir = join(b, 'elsewhere');
  mkdirSync(victimDir);
  writeFileSync(join(b, 'victim'), 'precious\n');
  return { dir: b, victim: join(b, 'victim'), victimDir };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('ensureRealDir', () => {
  it('creates a missing directory and its missing parents', () => {
    const { dir } = base();
    ensureRealDir(join(dir, 'runs', '2026-11-23', 'plan'));
    expect(statSync(join(dir, 'runs', '2026-11-23', 'plan')).isDirectory()).toBe(true);
  });

  it('refuses a link in place of the directory, naming it', () => {
    const { dir, victimDir } = base();
    symlinkSync(victimDir, join(dir, 'plan'));
    const err = thrown(() => ensureRealDir(join(dir, 'plan')));
    expect(err).toBeInstanceOf(WorkspaceError);
    expect((err as Error).message).toBe(`${join(dir, 'plan')}: ${IS_A_LINK}`);
    expect(checkRealDir.bind(null, join(dir, 'plan'))).toThrow(IS_A_LINK);
  });

  it('refuses a file in place of the directory', () => {
    const { dir } = base();
    writeFileSync(join(dir, 'inputs'), '');
    expect(() => ensureRealDir(join(dir, 'inputs'))).toThrow(`${join(dir, 'inputs')}: is not a directory; breakfix creates it as one: remove it`);
  });

  it('makes a new directory group-usable when its parent is group-writable', () => {
    const { dir } = base();
    chmodSync(dir, 0o2775);
    const old = process.umask(0o022);
    try {
      ensureRealDir(join(dir, 'runs'));
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'runs')).mode & 0o7777).toBe(0o2775);
  });
});

describe('openForAppend', () => {
  it('appends to a regular file, creating it', () => {
    const { dir } = base();
    for (const text of ['a\n', 'b\n']) {
      const fd = openForAppend(join(dir, 'transcript.log'));
      writeSync(fd, text);
      closeSync(fd);
    }
    expect(readFileSync(join(dir, 'transcript.log'), 'utf8')).toBe('a\nb\n');
  });

  it('refuses a link planted in place of the file (and leaves its target alone)', () => {
    const { dir, victim } = base();
    symlinkSync(victim, join(dir, 'transcript.log'));
    expect(() => openForAppend(join(dir, 'transcript.log'))).toThrow(`${join(dir, 'transcript.log')}: ${IS_A_LINK}`);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('refuses a FIFO or a directory in place of the file, without hanging', () => {
    const { dir } = base();
    execFileSync('mkfifo', [join(dir, 'fifo.log')]);
    mkdirSync(join(dir, 'dir.log'));
    for (const name of ['fifo.log', 'dir.log']) {
      expect(() => openForAppend(join(dir, name))).toThrow(`${join(dir, name)}: is not a regular file; breakfix only writes and reads regular files under runs/: remove it`);
    }
  });
});

describe('openNewFile', () => {
  it('never opens an existing name, a link to a file included', () => {
    const { dir, victim } = base();
    symlinkSync(victim, join(dir, 'planted'));
    expect(() => openNewFile(join(dir, 'planted'))).toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});

describe('prepareDbFile', () => {
  it('creates the database file group-writable in a group-writable directory (SQLite would make it 0644)', () => {
    const { dir } = base();
    chmodSync(dir, 0o2775);
    const old = process.umask(0o022);
    try {
      prepareDbFile(join(dir, 'state.db'));
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'state.db')).mode & 0o777).toBe(0o664);
    expect(statSync(join(dir, 'state.db')).size).toBe(0);
  });

  it('shares an existing database this process owns, made before the directory was shared', () => {
    const { dir } = base();
    writeFileSync(join(dir, 'state.db'), '');
    chmodSync(join(dir, 'state.db'), 0o644);
    chmodSync(dir, 0o775);
    prepareDbFile(join(dir, 'state.db'));
    expect(statSync(join(dir, 'state.db')).mode & 0o777).toBe(0o664);
  });

  it('refuses a link in place of the database or of a side file', () => {
    const { dir, victim } = base();
    symlinkSync(victim, join(dir, 'state.db'));
    expect(() => prepareDbFile(join(dir, 'state.db'))).toThrow(`${join(dir, 'state.db')}: ${IS_A_LINK}`);
    symlinkSync(victim, join(dir, 'other.db-wal'));
    expect(() => prepareDbFile(join(dir, 'other.db'))).toThrow(`${join(dir, 'other.db-wal')}: ${IS_A_LINK}`);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});

/** POSIX locks this process holds on a file, from /proc/locks (Linux). */
function locksHeld(file: string): number {
  const ino = lstatSync(file).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .filter((l) => /\bPOSIX\b/.test(l))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[4]) === process.pid && Number(f[5]!.split(':')[2]) === ino).length;
}

describe('shareSideFiles', () => {
  it.skipIf(!existsSync('/proc/locks') || process.getuid?.() !== 0)(
    "gives SQLite's side files the database's group without dropping the locks SQLite holds on them",
    () => {
      // Closing any descriptor of a file drops every POSIX lock the process holds on it: a -shm
      // opened and closed here lost SQLite's locks, and the next process truncated it under this
      // one's mapping (SIGBUS). It is done by path.
      const { dir } = base();
      chmodSync(dir, 0o775);
      const file = join(dir, 'state.db');
      prepareDbFile(file);
      chownSync(file, 0, 41_000);
      const db = new Database(file);
      try {
        db.pragma('journal_mode = WAL');
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
        db.prepare('SELECT count(*) FROM t').get();
        const before = locksHeld(`${file}-shm`);
        expect(before).toBeGreaterThan(0);
        // As another user's primary group would have it (SQLite running as root gives it the database's).
        chownSync(`${file}-shm`, 0, 0);
        shareSideFiles(file);
        expect(lstatSync(`${file}-shm`).gid).toBe(41_000);
        expect(locksHeld(`${file}-shm`)).toBe(before);
      } finally {
        db.close();
      }
    },
  );
});
