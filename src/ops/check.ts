import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { loadConfig, type Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { migrateToLatest } from '../db/migrations.js';
import { migrationFiles, openStateDbReadOnly } from '../db/open.js';
import { enterDayForReading } from '../workspace-dirs.js';
import { FIXED_TABLE_OF_KIND } from '../db/schema.js';
import { VIEW_COLUMNS } from '../config/view-columns.js';
import { ConfigError, EXIT, QueryError, UsageError } from '../errors.js';
import { readRecords } from '../sources/delimited.js';
import { lastGoodImport } from '../db/imports-table.js';
import { checkNotReserved, columnsOf, finishKeyedTable, recreateSourceTable, sqlName, tableExists } from '../sources/source-tables.js';
import { referencedIdentifiers, stripHeader, type OrderedView } from '../views/dependencies.js';
import { builtinViews, createView, loadViews } from '../views/create-views.js';
import { resolveDay, Workspace } from '../workspace.js';
import { assessMatch, type MatchStats } from './check-match.js';
import type { Env } from '../config/env.js';

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

export interface SourceMatch {
  readonly source: string;
  readonly kind: string;
  /** ok / flagged: counted; not-imported: no good import on the day; n/a: not compared (the inventory, a table without host_columns). */
  readonly status: 'ok' | 'flagged' | 'not-imported' | 'n/a';
  readonly hosts: number | null;
  readonly unmatched: number | null;
  readonly share: number | null;
  readonly explanation: string | null;
}

export interface CheckOutcome {
  readonly config: { readonly file: string; readonly ok: boolean; readonly problems: readonly string[] };
  readonly day: string | null;
  readonly views: readonly CheckedView[];
  /** Config keys naming views that do not exist, or views lacking columns the config relies on. */
  readonly references: readonly { readonly key: string; readonly problem: string; readonly kind: 'config' | 'view' }[];
  /** What cannot be known without importing (source columns from a command's output...). */
  readonly schema: readonly SourceSchemaNote[];
  /** Per source, how many of its hosts the inventory does not know (when the day has been imported). */
  readonly sources: readonly SourceMatch[];
  readonly dayNote: string | null;
  /** 2: the config is wrong; 1: a view is; 0: everything compiles. */
  readonly exitCode: number;
}

/**
 * `breakfix check`: validate the config, compile every view against the
 * schema without importing (an in-memory database with the migrations and
 * empty source tables), and, when the day has been imported, report for each
 * source the share of its hosts the inventory does not know. Read-only.
 */
export async function runCheck(env: Env): Promise<CheckOutcome> {
  const file = resolve(env.dir, 'breakfix.yaml');
  let config: Config;
  try {
    config = loadConfig(env.dir);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const problems = err instanceof ConfigError ? [...err.problems] : [err.message];
    return { config: { file, ok: false, problems }, day: null, views: [], references: [], schema: [], sources: [], dayNote: null, exitCode: EXIT.usage };
  }
  const ws = new Workspace(env.dir, resolveDay(env.daySpec, config.timezone, env.clock()));
  const configProblems: string[] = [];
  for (const s of config.sources) {
    if (s.kind !== 'inventory' && s.kind !== 'hostlist' && s.kind !== 'table') continue;
    try {
      checkNotReserved(s.name, `sources.${s.name}`);
    } catch (err) {
      configProblems.push(`${config.file}: ${(err as Error).message}`);
    }
  }

  let defs: OrderedView[] | undefined;
  let views: CheckedView[] = [];
  try {
    defs = loadViews(ws);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    views = [{ view: '*', file: ws.queriesDir, status: 'error', message: err.message }];
  }

  enterDayForReading(ws);
  const dayDbExists = existsSync(ws.dbFile);
  const dayDb = dayDbExists ? openStateDbReadOnly(ws.dbFile) : undefined;
  try {
    const schema: SourceSchemaNote[] = [];
    let references: CheckOutcome['references'] = [];
    if (defs !== undefined) {
      const compiled = await compileViews(config, defs, dayDb?.raw, schema);
      views = compiled.views;
      references = compiled.references;
    }
    let sources: SourceMatch[] = [];
    let dayNote: string | null = null;
    if (dayDb === undefined) dayNote = `no import on ${ws.day} yet: run "breakfix import" to see how each source's hosts match the inventory`;
    else ({ sources, note: dayNote } = matchSources(dayDb.raw, config));
    const exitCode =
      configProblems.length > 0 || references.some((r) => r.kind === 'config')
        ? EXIT.usage
        : views.some((v) => v.status === 'error') || references.some((r) => r.kind === 'view')
          ? EXIT.error
          : EXIT.ok;
    return { config: { file: config.file, ok: configProblems.length === 0, problems: configProblems }, day: ws.day, views, references, schema, sources, dayNote, exitCode };
  } finally {
    await dayDb?.close();
  }
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

async function compileViews(
  config: Config,
  defs: readonly OrderedView[],
  dayDb: Database | undefined,
  schema: SourceSchemaNote[],
): Promise<{ views: CheckedView[]; references: CheckOutcome['references'] }> {
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

/** Per source, its distinct hosts and those the configured inventory does not know. */
function matchSources(db: Database, config: Config): { sources: SourceMatch[]; note: string | null } {
  const inv = config.hosts.inventory;
  if (inv === undefined) return { sources: [], note: 'no inventory source configured: nothing to match hosts against' };
  const invTable = sqlName(inv);
  if (!tableExists(db, invTable)) return { sources: [], note: `inventory ${inv} has not been imported: cannot tell which hosts it knows` };
  const inventoryHasIp = columnsOf(db, invTable).includes('ip');
  const sources: SourceMatch[] = [];
  for (const src of config.sources) {
    const base = { source: src.name, kind: src.kind, hosts: null, unmatched: null, share: null, explanation: null };
    if (src.name === inv) {
      sources.push({ ...base, status: 'n/a', explanation: 'the inventory itself' });
      continue;
    }
    const hostsSql = hostsOf(src, db);
    if (hostsSql === undefined) {
      sources.push({ ...base, status: 'n/a', explanation: src.kind === 'table' ? 'no host_columns: not compared' : 'a second inventory: not compared' });
      continue;
    }
    if (lastGoodImport(db, src.name) === undefined) {
      sources.push({ ...base, status: 'not-imported' });
      continue;
    }
    const stats = matchStats(db, hostsSql.sql, hostsSql.params, quoteIdent(invTable), inventoryHasIp);
    const verdict = assessMatch(stats);
    sources.push({
      ...base,
      status: verdict.flagged ? 'flagged' : 'ok',
      hosts: stats.hosts,
      unmatched: stats.unmatched,
      share: verdict.share,
      explanation: verdict.explanation,
    });
  }
  return { sources, note: null };
}

function hostsOf(src: NamedSource, db: Database): { sql: string; params: unknown[] } | undefined {
  const fixed = (FIXED_TABLE_OF_KIND as Record<string, string>)[src.kind];
  if (fixed !== undefined) return { sql: `SELECT DISTINCT hostname FROM ${fixed} WHERE source = ?`, params: [src.name] };
  const t = quoteIdent(sqlName(src.name));
  if (src.kind === 'hostlist') return tableExists(db, sqlName(src.name)) ? { sql: `SELECT hostname FROM ${t}`, params: [] } : undefined;
  if (src.kind === 'table' && src.host_columns.length > 0 && tableExists(db, sqlName(src.name))) {
    // The first host column, as the import's own unmatched count does.
    const c = quoteIdent(src.host_columns[0]!);
    return { sql: `SELECT DISTINCT ${c} AS hostname FROM ${t} WHERE ${c} IS NOT NULL`, params: [] };
  }
  return undefined;
}

function matchStats(db: Database, hostsSql: string, params: unknown[], inv: string, inventoryHasIp: boolean): MatchStats {
  // `||` binds tighter than comparisons: the range is every inventory name starting "<short>.".
  const shortOf = `instr(u.hostname, '.') = 0 AND EXISTS (SELECT 1 FROM ${inv} AS i WHERE i.hostname >= u.hostname || '.' AND i.hostname < u.hostname || '/')`;
  const row = db
    .prepare(
      `WITH h(hostname) AS (${hostsSql}),
            u AS (SELECT hostname FROM h WHERE hostname NOT IN (SELECT hostname FROM ${inv}))
       SELECT (SELECT count(*) FROM h) AS hosts,
              (SELECT count(*) FROM u) AS unmatched,
              (SELECT count(*) FROM u WHERE ${shortOf}) AS short,
              (SELECT count(*) FROM u WHERE hostname GLOB '*:*' OR hostname NOT GLOB '*[^0-9.]*') AS ips,
              (SELECT u.hostname FROM u WHERE ${shortOf} ORDER BY u.hostname LIMIT 1) AS example`,
    )
    .get(...params) as { hosts: number; unmatched: number; short: number; ips: number; example: string | null };
  const exampleInventory =
    row.example === null
      ? null
      : ((db.prepare(`SELECT min(hostname) AS h FROM ${inv} WHERE hostname >= ? || '.' AND hostname < ? || '/'`).get(row.example, row.example) as { h: string | null }).h ?? null);
  return {
    hosts: row.hosts,
    unmatched: row.unmatched,
    shortOfInventory: row.short,
    shortExample: row.example !== null && exampleInventory !== null ? { short: row.example, inventory: exampleInventory } : null,
    ipLiterals: row.ips,
    inventoryHasIp,
  };
}

