import { compareBytewise } from '../util/bytewise.js';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { UsageError } from '../errors.js';
import { PROJECT_ROOT } from '../project-root.js';
import { checkDbFileForReading, ensureRealDir, prepareDbFile, shareSideFiles } from '../util/safe-fs.js';
import type { MigrationFiles } from './migrations.js';
import type { DB } from './schema.js';

export { PROJECT_ROOT };

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

export const migrationFiles = (dir = MIGRATIONS_DIR): MigrationFiles => ({
  list: () => readdirSync(dir),
  read: (name) => readFileSync(join(dir, name), 'utf8'),
});

/**
 * Page cache of a writing connection, KiB. Small on purpose: SQLite's sorter
 * takes its memory budget from the cache size, and big in-memory sorts are
 * slower than merging small sorted runs (grouping 2M of 10M samples: 3 s with
 * an 8 MiB cache, 5 s with 64 MiB, 7.5 s with 256 MiB).
 */
export const CACHE_KIB = 8192;

/**
 * Page cache while a keyed table (inventory, host list) is bulk-loaded, KiB.
 * Rows arrive in input order, i.e. at random places of the hostname b-tree;
 * with 1M hosts the inventory (~180 MB) must stay in cache or every insert
 * misses (1M-row inventory: 18.8 s with 64 MiB, 11.7 s with 256 MiB). The
 * pages are allocated as they are used and released when the cache shrinks
 * back after the load.
 */
export const BULK_LOAD_CACHE_KIB = 262144;

/** Run `fn` with a different page cache size, restoring the normal one after. */
export function withCacheSize<T>(db: Database.Database, kib: number, fn: () => Promise<T>): Promise<T> {
  db.pragma(`cache_size = -${kib}`);
  return fn().finally(() => db.pragma(`cache_size = -${CACHE_KIB}`));
}

/** An open day database: the raw better-sqlite3 handle for bulk work, Kysely for typed queries. */
export interface StateDb {
  readonly file: string;
  readonly raw: Database.Database;
  /** Kysely over the same connection, for typed queries of the fixed tables; loaded on first use. */
  kysely(): Promise<Kysely<DB>>;
  readonly readonly: boolean;
  close(): Promise<void>;
}

/**
 * Open (creating and migrating if needed) a day's state.db for writing.
 * WAL lets read-only commands see a consistent snapshot while a pass writes;
 * synchronous=NORMAL in WAL keeps the database consistent across a kill -9
 * (a crash can lose at most the last commits, never corrupt).
 *
 * In a shared workspace the file is created group-writable when its
 * directory is (prepareDbFile): every reader's -wal and -shm copy its mode,
 * and a 0644 database made another user's `breakfix sql` leave side files
 * the operator's next pass could not write.
 */
export async function openStateDb(file: string): Promise<StateDb> {
  ensureRealDir(dirname(file));
  prepareDbFile(file);
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 10000');
  raw.pragma('foreign_keys = OFF');
  raw.pragma(`cache_size = -${CACHE_KIB}`);
  raw.pragma('threads = 2'); // sorts of large views (ORDER BY, GROUP BY) may use a second core
  raw.pragma('temp_store = FILE'); // sorts of 1M-row views spill to disk, memory stays bounded
  try {
    await migrate(raw, migrationFiles());
  } catch (err) {
    raw.close();
    throw err;
  }
  shareSideFiles(file);
  return wrap(file, raw, false);
}

/**
 * Bring the schema up to date. Every open of an existing day database finds
 * nothing to do; that is checked with one query against Kysely's own
 * bookkeeping table, so Kysely (a few hundred modules, ~0.15 s to load) is
 * loaded only when a migration is actually pending — a new day, a new
 * migration — and then runs it exactly as before.
 */
async function migrate(raw: Database.Database, files: MigrationFiles): Promise<void> {
  if (migrationsApplied(raw, files)) return;
  const [{ Kysely: KyselyClass, SqliteDialect }, { migrateToLatest }] = await Promise.all([import('kysely'), import('./migrations.js')]);
  // Not destroyed afterwards: destroying the dialect would close `raw`, which the caller keeps using.
  const db = new KyselyClass<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  await migrateToLatest(db, raw, files);
}

/** True when exactly the migration files there are have been applied, in order (what Kysely's Migrator would find nothing to do for). */
function migrationsApplied(raw: Database.Database, files: MigrationFiles): boolean {
  if (!hasSchema(raw)) return false;
  const wanted = files
    .list()
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort(compareBytewise);
  const applied = (raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  return applied.length === wanted.length && applied.every((name, i) => name === wanted[i]);
}

/**
 * Open an existing state.db read-only: the database itself refuses writes
 * (`attempt to write a readonly database`), whatever SQL is run against it.
 *
 * A day's first pass creates the file before its schema: it opens the
 * database, loads Kysely and migrates, and only the migrations' commit makes
 * the tables appear. A reader in between would find no tables at all (and
 * `explain` crashed on `no such table: imports`); to it the day's database
 * does not exist yet, which is the usage error for a day without one.
 *
 * Even a read-only connection creates the -wal and -shm files of a WAL
 * database when they are missing (SQLite needs the shared-memory index to
 * read one safely beside a writer), and leaves them behind: they are made
 * with the database's mode (group-writable in a shared workspace, see
 * openStateDb), and given the database's group here, on opening and on
 * closing (attached databases' too), so the operator's next pass can write
 * them. The directory must be writable by the reader for SQLite to create
 * them at all.
 */
export function openStateDbReadOnly(file: string): StateDb {
  if (!existsSync(file)) {
    throw new UsageError(`${file}: no state.db for this day (run "breakfix import" or "breakfix pass" first, or pick another --day)`);
  }
  checkDbFileForReading(file);
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 10000');
  raw.pragma('query_only = ON');
  if (!hasSchema(raw)) {
    raw.close();
    shareSideFiles(file);
    throw new UsageError(`${file}: no state.db for this day yet (a pass is creating it: try again in a moment)`);
  }
  shareSideFiles(file);
  return wrap(file, raw, true);
}

/** Has the database been migrated (Kysely's bookkeeping table is created by the first migration run, in its transaction)? */
function hasSchema(raw: Database.Database): boolean {
  return raw.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'kysely_migration'").get() !== undefined;
}

/** The files of the main and attached databases of a connection (side files to share on close). */
function databaseFiles(raw: Database.Database): string[] {
  try {
    return (raw.prepare('PRAGMA database_list').all() as { file: string }[]).map((d) => d.file).filter((f) => f !== '');
  } catch {
    return [];
  }
}

/** Kysely is loaded on first use of kysely() only: passes and imports use `raw` and never pay for loading it. */
function wrap(file: string, raw: Database.Database, readonly: boolean): StateDb {
  let closed = false;
  let kysely: Kysely<DB> | undefined;
  return {
    file,
    raw,
    async kysely(): Promise<Kysely<DB>> {
      if (kysely === undefined) {
        const { Kysely: KyselyClass, SqliteDialect } = await import('kysely');
        kysely = new KyselyClass<DB>({ dialect: new SqliteDialect({ database: raw }) });
      }
      return kysely;
    },
    readonly,
    async close() {
      if (closed) return;
      closed = true;
      const files = readonly ? databaseFiles(raw) : [];
      if (kysely !== undefined) await kysely.destroy(); // closes the better-sqlite3 handle too
      else raw.close();
      for (const f of files) shareSideFiles(f);
    },
  };
}
