import { compareBytewise } from '../util/bytewise.js';
import type { Database } from 'better-sqlite3';
import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import { InternalError } from '../errors.js';

/** What the provider needs of the file system: injected so tests can pass a fake. */
export interface MigrationFiles {
  list(): string[];
  read(name: string): string;
}

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

/**
 * Kysely's FileMigrationProvider loads .js/.ts modules only; breakfix's
 * migrations are plain SQL files. Each file becomes a migration that runs its
 * whole text with better-sqlite3's `exec` inside a savepoint, so a file
 * applies completely or not at all. Names must be zero-padded
 * (`0001_init.sql`) so that Kysely's lexical order is the numeric order.
 */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(
    private readonly files: MigrationFiles,
    private readonly raw: Database,
  ) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of this.files.list().sort(compareBytewise)) {
      if (!file.endsWith('.sql')) continue;
      if (!MIGRATION_FILE.test(file)) {
        throw new InternalError(`migrations/${file}: expected a zero-padded name like 0002_add_thing.sql`);
      }
      const name = file.slice(0, -'.sql'.length);
      const sql = this.files.read(file);
      migrations[name] = {
        up: async () => {
          const savepoint = `migration_${name}`;
          this.raw.exec(`SAVEPOINT ${savepoint}`);
          try {
            this.raw.exec(sql);
            this.raw.exec(`RELEASE ${savepoint}`);
          } catch (err) {
            this.raw.exec(`ROLLBACK TO ${savepoint}`);
            this.raw.exec(`RELEASE ${savepoint}`);
            throw new InternalError(`migrations/${file}: ${(err as Error).message}`);
          }
        },
      };
    }
    return migrations;
  }
}

/**
 * Apply every pending migration. The whole run, including Kysely's own
 * bookkeeping rows, is one transaction: a crash mid-way leaves the database
 * as it was, never a schema without its record.
 */
export async function migrateToLatest(db: Kysely<unknown>, raw: Database, files: MigrationFiles): Promise<void> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider(files, raw) });
  raw.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      throw error instanceof Error ? error : new InternalError(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
    }
    raw.exec('COMMIT');
    committed = true;
  } finally {
    if (!committed && raw.inTransaction) raw.exec('ROLLBACK');
  }
}
