import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, SqliteDialect } from 'kysely';
import { UsageError } from '../errors.js';
import { migrateToLatest, type MigrationFiles } from './migrations.js';
import type { DB } from './schema.js';

/** The project's own top-level directories (migrations/, queries/), found from this module. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find breakfix's project root above ${from}`);
    dir = up;
  }
}

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

export const migrationFiles = (dir = MIGRATIONS_DIR): MigrationFiles => ({
  list: () => readdirSync(dir),
  read: (name) => readFileSync(join(dir, name), 'utf8'),
});

/** An open day database: the raw better-sqlite3 handle for bulk work, Kysely for typed queries. */
export interface StateDb {
  readonly file: string;
  readonly raw: Database.Database;
  readonly db: Kysely<DB>;
  readonly readonly: boolean;
  close(): Promise<void>;
}

/**
 * Open (creating and migrating if needed) a day's state.db for writing.
 * WAL lets read-only commands see a consistent snapshot while a pass writes;
 * synchronous=NORMAL in WAL keeps the database consistent across a kill -9
 * (a crash can lose at most the last commits, never corrupt).
 */
export async function openStateDb(file: string): Promise<StateDb> {
  mkdirSync(dirname(file), { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 10000');
  raw.pragma('foreign_keys = OFF');
  raw.pragma('cache_size = -65536'); // 64 MiB page cache: bulk loads of large sources
  raw.pragma('temp_store = FILE'); // sorts of 1M-row views spill to disk, memory stays bounded
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrateToLatest(db as Kysely<unknown>, raw, migrationFiles());
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return wrap(file, raw, db, false);
}

/**
 * Open an existing state.db read-only: the database itself refuses writes
 * (`attempt to write a readonly database`), whatever SQL is run against it.
 */
export function openStateDbReadOnly(file: string): StateDb {
  if (!existsSync(file)) {
    throw new UsageError(`${file}: no state.db for this day (run "breakfix import" or "breakfix pass" first, or pick another --day)`);
  }
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 10000');
  raw.pragma('query_only = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return wrap(file, raw, db, true);
}

function wrap(file: string, raw: Database.Database, db: Kysely<DB>, readonly: boolean): StateDb {
  let closed = false;
  return {
    file,
    raw,
    db,
    readonly,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}
