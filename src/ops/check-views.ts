import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { VIEW_COLUMNS } from '../config/view-columns.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { migrateToLatest } from '../db/migrations.js';
import { migrationFiles } from '../db/open.js';
import { FIXED_TABLE_OF_KIND } from '../db/schema.js';
import { QueryError } from '../errors.js';
import { readRecords } from '../sources/delimited.js';
import { columnsOf, finishKeyedTable, recreateSourceTable, sqlName, tableExists } from '../sources/source-tables.js';
import { builtinViews, createView } from '../views/create-views.js';
import { referencedIdentifiers, stripHeader, type OrderedView } from '../views/dependencies.js';

// `breakfix check`'s view part: every view compiled against the schema, and
// the columns planning reads checked on the views the config names.

export interface CheckedView {
  readonly view: string;
  readonly file: string;
  /** ok: compiled; error: did not; skipped: reads a view that did not; unchecked: reads a source whose columns cannot be known yet. */
  readonly status: 'ok' | 'error' | 'skipped' | 'unchecked';
  readonly message: string | null;
}

export interface SourceSchemaNote {
  readonly source: string;
  readonly note: string;
}

/** A config key naming a view that does not exist (kind config), or a view lacking columns the config relies on (kind view). */
export interface ViewReferenceProblem {
  readonly key: string;
  readonly problem: string;
  readonly kind: 'config' | 'view';
}

/** Columns of a source table, or why they cannot be known before importing. */
async function sourceColumns(src: NamedSource, config: Config, dayDb: Database | undefined): Promise<string[] | string> {
  if (src.kind === 'hostlist') return ['hostname'];
  if (src.kind !== 'inventory' && src.kind !== 'table') return [];
  if (src.columns !== undefined) return src.columns;
  if (src.header === true && src.path !== undefined) {
    const file = resolve(config.dir, src.path);
    if (existsSync(file)) {
      const header = await firstRecord(file, src.format);
      if (header !== undefined) return header.map((h) => h.trim());
    }
  }
  const table = sqlName(src.name);
  if (dayDb !== undefined && tableExists(dayDb, table)) return columnsOf(dayDb, table).filter((c) => !c.startsWith('_'));
  if (src.path === undefined) return `columns come from the header of the command's output: not known until it is imported (or list them in sources.${src.name}.columns)`;
  return `columns come from the header of ${src.path}, which does not exist yet (or list them in sources.${src.name}.columns)`;
}

class StopReading extends Error {}

async function firstRecord(file: string, format: 'tsv' | 'csv' | 'text'): Promise<string[] | undefined> {
  let first: string[] | undefined;
  try {
    await readRecords(file, format, (fields) => {
      first = fields;
      throw new StopReading();
    });
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
  }
  return first;
}

/** What the config needs of each view it names: the columns planning reads. */
function viewReferences(config: Config): { key: string; view: string; columns: string[] }[] {
  const refs: { key: string; view: string; columns: string[] }[] = [];
  for (const a of config.actions) {
    const at = `actions.${a.name}`;
    refs.push({ key: `${at}.candidates`, view: a.candidates, columns: VIEW_COLUMNS.candidates(a) });
    if (a.in_progress !== undefined) refs.push({ key: `${at}.in_progress`, view: a.in_progress, columns: [...VIEW_COLUMNS.in_progress] });
    if (a.population !== undefined) refs.push({ key: `${at}.population`, view: a.population, columns: [...VIEW_COLUMNS.population] });
    a.deny.forEach((d, i) => refs.push({ key: `${at}.deny[${i}]`, view: d, columns: [...VIEW_COLUMNS.deny] }));
  }
  if (config.policy.classify !== undefined) refs.push({ key: 'policy.classify', view: config.policy.classify, columns: [...VIEW_COLUMNS.classify] });
  return refs;
}

/**
 * Compile every view against the schema without importing: an in-memory
 * database with the migrations and empty source tables (their columns from
 * the config, a header, or the day's database), and check each view the
 * config names has the columns planning reads.
 */
export async function compileViews(
  config: Config,
  defs: readonly OrderedView[],
  dayDb: Database | undefined,
  schema: SourceSchemaNote[],
): Promise<{ views: CheckedView[]; references: ViewReferenceProblem[] }> {
  const raw = new Sqlite(':memory:');
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrateToLatest(kysely, raw, migrationFiles());
    const unknownTables = new Map<string, string>();
    for (const src of config.sources) {
      const cols = await sourceColumns(src, config, dayDb);
      if (typeof cols === 'string') {
        schema.push({ source: src.name, note: cols });
        unknownTables.set(sqlName(src.name), src.name);
        continue;
      }
      if (cols.length === 0 || (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind] !== undefined) continue;
      try {
        const spec = { table: sqlName(src.name), columns: cols, key: src.kind === 'inventory' ? 'clustered' : src.kind === 'hostlist' ? 'index' : 'none' } as const;
        recreateSourceTable(raw, spec);
        finishKeyedTable(raw, spec, 'error');
      } catch (err) {
        schema.push({ source: src.name, note: `cannot create its table: ${(err as Error).message}` });
        unknownTables.set(sqlName(src.name), src.name);
      }
    }
    for (const [name, sql] of builtinViews(raw, config)) raw.exec(`CREATE VIEW ${quoteIdent(name)} AS ${sql}`);

    const views: CheckedView[] = [];
    const notOk = new Map<string, string>();
    for (const v of defs) {
      const ids = referencedIdentifiers(stripHeader(v.sql));
      const brokenDep = v.depends.find((d) => notOk.has(d));
      const unknownSource = [...ids].find((id) => unknownTables.has(id));
      let status: CheckedView['status'] = 'ok';
      let message: string | null = null;
      if (brokenDep !== undefined) {
        status = notOk.get(brokenDep) === 'error' || notOk.get(brokenDep) === 'skipped' ? 'skipped' : 'unchecked';
        message = `reads ${brokenDep.replaceAll('_', '-')}, which ${status === 'skipped' ? 'did not compile' : 'could not be checked'}`;
      } else if (unknownSource !== undefined) {
        status = 'unchecked';
        message = `reads source ${unknownTables.get(unknownSource)}, whose columns are not known before it is imported`;
      } else {
        try {
          createView(raw, v, { temp: false });
        } catch (err) {
          if (!(err instanceof QueryError)) throw err;
          status = 'error';
          message = err.message;
        }
      }
      if (status !== 'ok') notOk.set(v.sqlName, status);
      views.push({ view: v.name, file: v.file, status, message });
    }

    const references: { key: string; problem: string; kind: 'config' | 'view' }[] = [];
    for (const ref of viewReferences(config)) {
      const def = defs.find((d) => d.name === ref.view);
      if (def === undefined) {
        references.push({ key: ref.key, kind: 'config', problem: `${config.file}: ${ref.key}: no view named ${ref.view} (expected queries/${ref.view}.sql)` });
        continue;
      }
      if (notOk.has(def.sqlName)) continue;
      const cols = columnsOf(raw, def.sqlName);
      const missing = ref.columns.filter((c) => !cols.includes(c));
      if (missing.length > 0) {
        references.push({
          key: ref.key,
          kind: 'view',
          problem: `${def.file}: ${ref.key} needs column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the view has ${cols.join(', ')}`,
        });
      }
    }
    return { views, references };
  } finally {
    await kysely.destroy();
  }
}
