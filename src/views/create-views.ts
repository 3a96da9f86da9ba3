import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import type { Config } from '../config/load.js';
import { PROJECT_ROOT } from '../db/open.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { QueryError } from '../errors.js';
import { columnsOf, RESERVED_NAMES, sqlName, tableExists } from '../sources/source-tables.js';
import type { Workspace } from '../workspace.js';
import { orderViews, type OrderedView } from './dependencies.js';
import { readViewFiles } from './view-files.js';

/** The stock view library shipped with breakfix. */
export const STOCK_QUERIES_DIR = join(PROJECT_ROOT, 'queries');

/** Views the migrations own; never dropped when views are recreated. */
const SCHEMA_VIEWS = new Set(['metric_latest']);

/** Every view of a workspace, stock and its own, in creation order. */
export function loadViews(ws: Workspace): OrderedView[] {
  return orderViews(readViewFiles(STOCK_QUERIES_DIR, ws.queriesDir));
}

/**
 * Create the built-in views and every named view in dependency order, and
 * compile each (a SELECT from it is prepared) so an unknown table or column
 * is an error naming the file, at once rather than at export.
 *
 * `temp`: TEMP views on this connection only — how read-only commands see
 * the current query files without writing state.db. Otherwise the views are
 * stored in state.db (replacing the previous set in one transaction), so the
 * sqlite3 CLI sees them too.
 */
export function createViews(db: Database, config: Config, views: readonly OrderedView[], opts: { temp: boolean }): void {
  const kind = opts.temp ? 'TEMP VIEW' : 'VIEW';
  const run = () => {
    if (!opts.temp) {
      const existing = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'view'").all() as { name: string }[];
      for (const { name } of existing) if (!SCHEMA_VIEWS.has(name)) db.exec(`DROP VIEW ${quoteIdent(name)}`);
    }
    for (const [name, sql] of builtinViews(db, config)) db.exec(`CREATE ${kind} ${quoteIdent(name)} AS ${sql}`);
    for (const v of views) createView(db, v, opts);
  };
  if (opts.temp) withTempSchemaWritable(db, run);
  else db.transaction(run)();
}

/**
 * `PRAGMA query_only` (set by openStateDbReadOnly) refuses even TEMP views.
 * Lift it while the temp views are created: a connection opened read-only
 * still cannot write state.db, only its own temp schema.
 */
function withTempSchemaWritable(db: Database, fn: () => void): void {
  const queryOnly = db.pragma('query_only', { simple: true }) === 1;
  if (queryOnly) db.pragma('query_only = OFF');
  try {
    fn();
  } finally {
    if (queryOnly) db.pragma('query_only = ON');
  }
}

/**
 * Create and compile one named view (its dependencies must exist already).
 * Exported for `breakfix check`, which compiles views one by one so that it
 * can report every broken view, not only the first.
 */
export function createView(db: Database, v: OrderedView, opts: { temp: boolean }): void {
  const kind = opts.temp ? 'TEMP VIEW' : 'VIEW';
  if (RESERVED_NAMES.has(v.sqlName)) throw new QueryError(`${v.file}: ${v.sqlName} is one of breakfix's own tables; rename the view`);
  if (tableExists(db, v.sqlName)) throw new QueryError(`${v.file}: a source table is already named ${v.sqlName}; rename the view or the source`);
  const body = viewBody(v);
  try {
    db.prepare(`CREATE ${kind} ${quoteIdent(v.sqlName)} AS\n${body}`).run();
  } catch (err) {
    throw new QueryError(`${v.file}: ${describeSqlError(err)}`);
  }
  try {
    db.prepare(`SELECT * FROM ${quoteIdent(v.sqlName)} LIMIT 0`);
  } catch (err) {
    throw new QueryError(`${v.file}: ${describeSqlError(err)}`);
  }
}

/** The view's SQL as a CREATE VIEW body: trailing `;` and blank lines removed. */
export function viewBody(v: { sql: string }): string {
  return v.sql.replace(/[\s;]+$/, '');
}

function describeSqlError(err: unknown): string {
  const msg = (err as Error).message;
  if (/more than one statement/.test(msg)) return 'a view must be exactly one SELECT statement (found more than one statement)';
  return msg.replace(/\bmain\./g, '');
}

/**
 * Views breakfix derives from the config, so stock queries need not know
 * source names: `inventory_hosts(hostname, cluster, source)` over every
 * inventory source, and `hostlist_entries(source, hostname)` over every
 * hostlist. Sources not imported yet contribute nothing.
 */
export function builtinViews(db: Database, config: Config): [string, string][] {
  const inventories = config.sources
    .filter((s) => s.kind === 'inventory' && tableExists(db, sqlName(s.name)))
    .map((s) => {
      const t = sqlName(s.name);
      const cluster = columnsOf(db, t).includes('cluster') ? 'cluster' : 'NULL';
      return `SELECT hostname, ${cluster} AS cluster, '${s.name}' AS source FROM ${quoteIdent(t)}`;
    });
  const hostlists = config.sources
    .filter((s) => s.kind === 'hostlist' && tableExists(db, sqlName(s.name)))
    .map((s) => `SELECT '${s.name}' AS source, hostname FROM ${quoteIdent(sqlName(s.name))}`);
  const empty = (cols: string) => `SELECT ${cols} WHERE 0`;
  return [
    ['inventory_hosts', inventories.length > 0 ? inventories.join('\nUNION ALL ') : empty('NULL AS hostname, NULL AS cluster, NULL AS source')],
    ['hostlist_entries', hostlists.length > 0 ? hostlists.join('\nUNION ALL ') : empty('NULL AS source, NULL AS hostname')],
  ];
}
