import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, SqlFileMigrationProvider, type MigrationFiles } from '../../src/db/migrations.js';
import { migrationFiles, openStateDb } from '../../src/db/open.js';
import { InternalError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

/** An in-memory set of migration files, to see the order and atomicity of the runner without the real schema. */
function fakeFiles(files: Record<string, string>): MigrationFiles {
  return { list: () => Object.keys(files), read: (name) => files[name]! };
}

async function migrate(raw: Database.Database, files: MigrationFiles): Promise<void> {
  // Not destroyed: that would close `raw`, which the test reads afterwards (openStateDb does the same).
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  await migrateToLatest(db, raw, files);
}

const applied = (raw: Database.Database) =>
  (raw.prepare('SELECT name FROM kysely_migration ORDER BY timestamp, name').all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('apply in numeric order, whatever order the directory lists them in', async () => {
    const raw = new Database(':memory:');
    // 0002 needs 0001's table; listed backwards, it still runs second.
    await migrate(
      raw,
      fakeFiles({
        '0002_more.sql': "INSERT INTO t (v) VALUES ('second');",
        '0001_init.sql': "CREATE TABLE t (v TEXT); INSERT INTO t (v) VALUES ('first');",
      }),
    );
    expect(applied(raw)).toEqual(['0001_init', '0002_more']);
    expect(raw.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual(['first', 'second']);
    raw.close();
  });

  it('are idempotent: a second run applies nothing and changes no row', async () => {
    const raw = new Database(':memory:');
    const files = fakeFiles({ '0001_init.sql': "CREATE TABLE t (v TEXT); INSERT INTO t (v) VALUES ('once');" });
    await migrate(raw, files);
    await migrate(raw, files);
    expect(applied(raw)).toEqual(['0001_init']);
    expect(raw.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    raw.close();
  });

  it('a new migration added later applies alone, on top of the earlier ones', async () => {
    const raw = new Database(':memory:');
    const files: Record<string, string> = { '0001_init.sql': 'CREATE TABLE t (v TEXT);' };
    await migrate(raw, fakeFiles(files));
    files['0002_column.sql'] = 'ALTER TABLE t ADD COLUMN w INTEGER;';
    await migrate(raw, fakeFiles(files));
    expect(applied(raw)).toEqual(['0001_init', '0002_column']);
    expect((raw.prepare('PRAGMA table_info(t)').all() as { name: string }[]).map((c) => c.name)).toEqual(['v', 'w']);
    raw.close();
  });

  it('a failing migration leaves the database as it was, earlier ones of the same run included, and names the file', async () => {
    const raw = new Database(':memory:');
    const run = migrate(
      raw,
      fakeFiles({
        '0001_init.sql': 'CREATE TABLE t (v TEXT);',
        '0002_broken.sql': 'CREATE TABLE u (v TEXT); INSERT INTO no_such_table VALUES (1);',
      }),
    );
    await expect(run).rejects.toThrow(/^migrations\/0002_broken\.sql: no such table: no_such_table$/);
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([]);
    expect(raw.inTransaction).toBe(false);
    raw.close();
  });

  it('refuses a file name that is not zero-padded (lexical order would not be numeric order)', async () => {
    const raw = new Database(':memory:');
    const provider = new SqlFileMigrationProvider(fakeFiles({ '1_init.sql': 'SELECT 1;' }), raw);
    await expect(provider.getMigrations()).rejects.toThrow(InternalError);
    await expect(provider.getMigrations()).rejects.toThrow('migrations/1_init.sql: expected a zero-padded name like 0002_add_thing.sql');
    raw.close();
  });

  it("the project's own migrations apply in order to a fresh state.db, and reopening applies none again", async () => {
    const file = join(tempDir('bf-db-'), 'state.db');
    const names = migrationFiles()
      .list()
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.slice(0, -'.sql'.length))
      .sort();
    expect(names[0]).toBe('0001_init');
    const first = await openStateDb(file);
    expect(applied(first.raw)).toEqual(names);
    const stamps = first.raw.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all();
    first.raw.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
    await first.close();

    const again = await openStateDb(file);
    expect(again.raw.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all()).toEqual(stamps);
    expect(again.raw.prepare("SELECT value FROM settings WHERE key = 'kept'").pluck().get()).toBe('yes');
    await again.close();
  });
});
