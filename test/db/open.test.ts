import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb, openStateDbReadOnly } from '../../src/db/open.js';
import { UsageError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

describe('openStateDb', () => {
  it('creates and migrates a day database in WAL mode', async () => {
    const file = join(tempDir('bf-db-'), 'state.db');
    const db = await openStateDb(file);
    expect(existsSync(file)).toBe(true);
    expect(db.readonly).toBe(false);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('imports', 'passes', 'journal', 'hdfs_datanodes') ORDER BY name").pluck().all();
    expect(tables).toEqual(['hdfs_datanodes', 'imports', 'journal', 'passes']);
    await db.close();
    await db.close(); // closing twice is harmless
  });
});

describe('openStateDbReadOnly', () => {
  it('reads what a writer committed, and the database itself refuses writes', async () => {
    const file = join(tempDir('bf-db-'), 'state.db');
    const w = await openStateDb(file);
    w.raw.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    await w.close();

    const r = openStateDbReadOnly(file);
    expect(r.readonly).toBe(true);
    expect(r.raw.prepare("SELECT value FROM settings WHERE key = 'k'").pluck().get()).toBe('v');
    expect(() => r.raw.prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')").run()).toThrow(/attempt to write a readonly database/);
    expect(() => r.raw.exec('CREATE TABLE sneaky (a)')).toThrow(/attempt to write a readonly database/);
    const k = await r.kysely();
    expect(await k.selectFrom('settings').select('value').where('key', '=', 'k').executeTakeFirst()).toEqual({ value: 'v' });
    await r.close();
  });

  it('a day without state.db is a usage error naming the file', () => {
    const file = join(tempDir('bf-db-'), 'state.db');
    expect(() => openStateDbReadOnly(file)).toThrow(UsageError);
    expect(() => openStateDbReadOnly(file)).toThrow(`${file}: no state.db for this day (run "breakfix import" or "breakfix pass" first, or pick another --day)`);
  });

  it('a database not migrated yet (a pass is creating it) is a usage error, not a crash on a missing table', () => {
    const file = join(tempDir('bf-db-'), 'state.db');
    writeFileSync(file, '');
    expect(() => openStateDbReadOnly(file)).toThrow(`${file}: no state.db for this day yet (a pass is creating it: try again in a moment)`);
  });
});
