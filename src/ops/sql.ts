import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE, loadConfig } from '../config/load.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { QueryError, UsageError } from '../errors.js';
import type { Cell } from '../util/text-table.js';
import { LAYOUT, resolveDay } from '../workspace.js';
import { openWorkspace, type Env } from '../config/env.js';
import { withReadOnlyDay } from './read-only-day.js';

/** `--attach NAME=PATH`: another workspace's (or any) state.db, attached read-only as NAME. */
export interface Attachment {
  readonly name: string;
  /** The state.db attached. */
  readonly file: string;
}

export interface SqlResult {
  readonly day: string;
  readonly attached: readonly Attachment[];
  /** Column names; empty for a statement that returns no rows (ATTACH, BEGIN...). */
  readonly columns: readonly string[];
  readonly rows: Iterable<Cell[]>;
  /** The views could not all be created (the message names the file): tables still work. */
  readonly viewWarning: string | null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parse `NAME=PATH`. PATH is a workspace directory (its state.db for the same
 * --day, resolved in that workspace's time zone) or a state.db file.
 */
export function parseAttachment(spec: string, daySpec: string | undefined, now: Date, fallbackTimezone: string): Attachment {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--attach: expected NAME=PATH (like dc2=../smf2), got "${spec}"`);
  const name = spec.slice(0, eq);
  const path = resolve(spec.slice(eq + 1));
  if (!IDENTIFIER.test(name)) throw new UsageError(`--attach: NAME must be an SQL identifier (letters, digits, _), got "${name}"`);
  if (['main', 'temp'].includes(name.toLowerCase())) throw new UsageError(`--attach: "${name}" is SQLite's own schema name; choose another`);
  if (!existsSync(path)) throw new UsageError(`--attach ${name}: ${path}: no such file or directory`);
  if (!statSync(path).isDirectory()) return { name, file: path };
  const timezone = existsSync(join(path, CONFIG_FILE)) ? loadConfig(path).timezone : fallbackTimezone;
  const day = resolveDay(daySpec, timezone, now);
  const file = join(path, LAYOUT.runs, day, LAYOUT.db);
  if (!existsSync(file)) {
    throw new UsageError(`--attach ${name}: ${file}: no state.db for ${day} in that workspace (import there first, pick another --day, or give a state.db file)`);
  }
  return { name, file };
}

/**
 * `breakfix sql "..."`: one statement against the day's state.db, read-only
 * as enforced by SQLite: the connection is opened read-only with
 * `query_only`, attached databases inherit the read-only open, and a
 * statement SQLite itself marks as writing (sqlite3_stmt_readonly) is refused
 * before it runs — `VACUUM INTO` would otherwise create a file before
 * failing. No lock is taken.
 */
export async function runSql<T>(env: Env, sql: string, attach: readonly string[], use: (result: SqlResult) => T): Promise<T> {
  const { config, ws } = openWorkspace(env);
  if (sql.trim() === '') throw new UsageError('sql: expected an SQL statement, got an empty string');
  const attached = attach.map((a) => parseAttachment(a, env.daySpec, env.clock(), config.timezone));
  const names = new Set<string>();
  for (const a of attached) {
    if (names.has(a.name.toLowerCase())) throw new UsageError(`--attach: the name "${a.name}" is used twice`);
    names.add(a.name.toLowerCase());
  }
  return withReadOnlyDay(ws, config, { tolerateViewErrors: true }, (day) => {
    const db = day.state.raw;
    for (const a of attached) {
      try {
        db.prepare(`ATTACH ? AS ${quoteIdent(a.name)}`).run(a.file);
      } catch (err) {
        throw new UsageError(`--attach ${a.name}: ${a.file}: ${(err as Error).message}`);
      }
    }
    let stmt;
    try {
      stmt = db.prepare(sql);
    } catch (err) {
      const msg = (err as Error).message;
      if (/more than one statement/.test(msg)) throw new QueryError('sql: one statement at a time, please (found more than one; drop the extra ";" or run them separately)');
      throw new QueryError(`sql: ${msg}`);
    }
    if (!stmt.readonly) {
      throw new QueryError('breakfix sql is read-only: attempt to write a readonly database (SQLite reports that this statement writes; state.db is opened read-only)');
    }
    const viewWarning = day.viewError?.message ?? null;
    try {
      if (!stmt.reader) {
        stmt.run();
        return use({ day: ws.day, attached, columns: [], rows: [], viewWarning });
      }
      const columns = stmt.columns().map((c) => c.name);
      const rows = stmt.raw(true).iterate() as Iterable<Cell[]>;
      return use({ day: ws.day, attached, columns, rows: guard(rows), viewWarning });
    } catch (err) {
      throw asSqlError(err);
    }
  });
}

/** SQLite errors raised while rows are read, as QueryErrors. */
function* guard(rows: Iterable<Cell[]>): Generator<Cell[]> {
  try {
    yield* rows;
  } catch (err) {
    throw asSqlError(err);
  }
}

function asSqlError(err: unknown): unknown {
  const e = err as { code?: string; message: string };
  if (typeof e.code !== 'string' || !e.code.startsWith('SQLITE_')) return err;
  if (e.code.startsWith('SQLITE_READONLY')) return new QueryError(`breakfix sql is read-only: ${e.message}`);
  return new QueryError(`sql: ${e.message}`);
}
