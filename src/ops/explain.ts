import { compareBytewise } from '../util/bytewise.js';
import { relative } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import { quoteIdent } from '../db/bulk-insert.js';
import type { StateDb } from '../db/open.js';
import { UsageError } from '../errors.js';
import { normalizeHost } from '../hosts/hostname.js';
import { columnsOf, sqlName, tableExists } from '../sources/source-tables.js';
import type { Workspace } from '../workspace.js';
import { openWorkspace, type Env } from '../config/env.js';
import { membershipFromFiles } from './explain-view-files.js';
import { inOneSnapshot, withReadOnlyDay } from './read-only-day.js';

/** Rows shown per table; more are counted, not listed. */
export const EXPLAIN_ROW_LIMIT = 50;

export interface ExplainRow {
  /** The source whose import wrote the row (fixed tables hold several). */
  readonly source: string | null;
  /** `file:line`, or `file: $.json.path`, of the input the row came from. */
  readonly from: string | null;
  readonly values: Record<string, unknown>;
}

export interface ExplainTable {
  readonly table: string;
  /** Rows naming the host (for metric_samples: samples). */
  readonly matches: number;
  readonly rows: readonly ExplainRow[];
  readonly note: string | null;
}

export interface ExplainView {
  readonly view: string;
  /** in / out; n/a for a view without a hostname column; error when it did not compile. */
  readonly status: 'in' | 'out' | 'n/a' | 'error';
  /** The view's rows for this host (for `in`), so its reason columns show. */
  readonly rows: readonly Record<string, unknown>[];
}

export interface ExplainOutcome {
  readonly day: string;
  /** As typed (`DN1:9866`). */
  readonly input: string;
  /** As stored (`dn1.smf1.example.com`). */
  readonly hostname: string;
  readonly tables: readonly ExplainTable[];
  readonly views: readonly ExplainView[];
  readonly viewError: string | null;
}

/**
 * `breakfix explain HOST`: the host normalised with the workspace's `hosts:`
 * rules (so `DN1:9866` finds `dn1...`), then every row naming it in every
 * table with the input file and line it came from, then every view it is in
 * or out of. Read-only, no lock.
 */
export async function explainHost(env: Env, input: string): Promise<ExplainOutcome> {
  const { config, ws } = openWorkspace(env);
  const norm = normalizeHost(input, config.hosts);
  if (!norm.ok) throw new UsageError(`explain: ${norm.problem}`);
  // Many statements, one answer: all of them read one snapshot, even while a pass imports.
  return withReadOnlyDay(ws, config, { tolerateViewErrors: true }, (day) =>
    inOneSnapshot(day.state.raw, async () => {
      const db = day.state.raw;
      const hostname = norm.isIp ? (hostOfIp(db, config, norm.hostname) ?? norm.hostname) : norm.hostname;
      const imports = await importFiles(day.state, ws);
      const tables: ExplainTable[] = [];
      for (const [table, hostColumns] of hostTables(db, config)) tables.push(explainTable(db, table, hostColumns, hostname, imports));
      tables.push(explainMetrics(db, config, hostname, imports));
      tables.push(explainJournal(db, hostname));
      tables.sort((a, b) => compareBytewise(a.table, b.table));

      // In or out of a view whose exported file is current: known without computing the view.
      const fromFiles = membershipFromFiles(db, config, ws, day.views, hostname, (v) => columnsOf(db, v.sqlName));
      const compiled = new Set((db.prepare("SELECT name FROM temp.sqlite_schema WHERE type = 'view'").all() as { name: string }[]).map((r) => r.name));
      const views: ExplainView[] = [...day.views]
        .sort((a, b) => compareBytewise(a.name, b.name))
        .map((v) => {
          if (!compiled.has(v.sqlName)) return { view: v.name, status: 'error', rows: [] };
          try {
            if (!columnsOf(db, v.sqlName).includes('hostname')) return { view: v.name, status: 'n/a', rows: [] };
            const known = fromFiles.get(v.name);
            if (known !== undefined) return { view: v.name, status: known.length > 0 ? 'in' : 'out', rows: [...known] };
            const rows = db.prepare(`SELECT * FROM ${quoteIdent(v.sqlName)} WHERE hostname = ? LIMIT ${EXPLAIN_ROW_LIMIT}`).all(hostname) as Record<string, unknown>[];
            return { view: v.name, status: rows.length > 0 ? 'in' : 'out', rows };
          } catch {
            // SQLite creates a view before it can tell it does not compile: that view, or one reading it.
            return { view: v.name, status: 'error', rows: [] };
          }
        });
      return { day: ws.day, input, hostname, tables, views, viewError: day.viewError?.message ?? null };
    }),
  );
}

/** Tables that name hosts, with their host columns: the fixed tables, then each imported source table. */
function hostTables(db: Database, config: Config): [string, string[]][] {
  const out: [string, string[]][] = [
    ['hdfs_datanodes', ['hostname']],
    ['hdfs_decommission_progress', ['hostname']],
    ['hdfs_hosts', ['hostname']],
    ['yarn_nodes', ['hostname']],
  ];
  for (const s of config.sources) {
    if (s.kind !== 'inventory' && s.kind !== 'hostlist' && s.kind !== 'table') continue;
    const t = sqlName(s.name);
    if (!tableExists(db, t)) continue;
    const cols = columnsOf(db, t);
    const hostColumns = s.kind === 'table' ? [...new Set([...s.host_columns, ...(cols.includes('hostname') ? ['hostname'] : [])])] : ['hostname'];
    out.push([t, hostColumns]);
  }
  return out;
}

type ImportFiles = Map<number, { source: string; file: string | null }>;

/** Which file each import read (typed access to the imports table, through Kysely). */
async function importFiles(state: StateDb, ws: Workspace): Promise<ImportFiles> {
  const rows = await (await state.kysely()).selectFrom('imports').select(['id', 'source', 'file']).execute();
  return new Map(rows.map((r) => [r.id, { source: r.source, file: r.file === null ? null : displayPath(ws, r.file) }]));
}

function displayPath(ws: Workspace, file: string): string {
  const rel = relative(ws.dir, file);
  return rel.startsWith('..') ? file : rel;
}

const PROVENANCE = new Set(['_import', '_line', '_path']);

function rowOf(r: Record<string, unknown>, imports: ImportFiles): ExplainRow {
  const imp = typeof r['_import'] === 'number' ? imports.get(r['_import']) : undefined;
  const file = imp?.file ?? null;
  const line = r['_line'];
  const path = r['_path'];
  let from: string | null = file;
  if (file !== null && typeof line === 'number') from = `${file}:${line}`;
  // JSON inputs record the element's path too: `$[2]` says which entry, the line where it starts.
  if (file !== null && typeof path === 'string') from = typeof line === 'number' ? `${from} (${path})` : `${file}: ${path}`;
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!PROVENANCE.has(k)) values[k] = v;
  const source = typeof r['source'] === 'string' ? r['source'] : (imp?.source ?? null);
  return { source, from, values };
}

function explainTable(db: Database, table: string, hostColumns: readonly string[], hostname: string, imports: ImportFiles): ExplainTable {
  const where = hostColumns.map((c) => `${quoteIdent(c)} = ?`).join(' OR ');
  const params = hostColumns.map(() => hostname);
  const matches = (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${where}`).get(...params) as { n: number }).n;
  const order = columnsOf(db, table).includes('_line') ? 'ORDER BY _import, _line' : '';
  const rows = db.prepare(`SELECT * FROM ${quoteIdent(table)} WHERE ${where} ${order} LIMIT ${EXPLAIN_ROW_LIMIT}`).all(...params) as Record<string, unknown>[];
  return {
    table,
    matches,
    rows: rows.map((r) => rowOf(r, imports)),
    note: matches > rows.length ? `${matches - rows.length} more rows not shown` : null,
  };
}

/** Samples: the latest of each metric (a day holds many per metric), with how many there are. */
function explainMetrics(db: Database, config: Config, hostname: string, imports: ImportFiles): ExplainTable {
  // metric_hosts lists, by key, every host each metrics source has samples of (written with them):
  // a host in none has no sample, and the samples (not indexed by host) need not be scanned.
  const inHosts = db.prepare('SELECT 1 FROM metric_hosts WHERE source = ? AND hostname = ?');
  const metricSources = config.sources.filter((s) => s.kind === 'metrics').map((s) => s.name);
  const sourcesInSamples = db.prepare('SELECT count(*) FROM (SELECT DISTINCT source FROM metric_hosts)').pluck().get() as number;
  if (sourcesInSamples <= metricSources.length && metricSources.every((s) => inHosts.get(s, hostname) === undefined)) {
    return { table: 'metric_samples', matches: 0, rows: [], note: null };
  }
  const rows = db
    .prepare(
      `SELECT * FROM (
         SELECT *, count(*) OVER (PARTITION BY source, metric) AS samples,
                row_number() OVER (PARTITION BY source, metric ORDER BY ts DESC, _line DESC) AS nth
         FROM metric_samples WHERE hostname = ?
       ) WHERE nth = 1 ORDER BY metric, source LIMIT ${EXPLAIN_ROW_LIMIT}`,
    )
    .all(hostname) as Record<string, unknown>[];
  const matches = rows.reduce((n, r) => n + Number(r['samples']), 0);
  return {
    table: 'metric_samples',
    matches,
    rows: rows.map((r) => {
      const { nth: _nth, ...rest } = r;
      return rowOf(rest, imports);
    }),
    note: rows.length > 0 ? 'the latest of each metric shown; samples: how many of it the day holds' : null,
  };
}

function explainJournal(db: Database, hostname: string): ExplainTable {
  const rows = db
    .prepare(`SELECT id, pass, action, cluster, outcome, exit_code, started_ms, finished_ms, note FROM journal WHERE hostname = ? ORDER BY id LIMIT ${EXPLAIN_ROW_LIMIT}`)
    .all(hostname) as Record<string, unknown>[];
  const matches = (db.prepare('SELECT count(*) AS n FROM journal WHERE hostname = ?').get(hostname) as { n: number }).n;
  return {
    table: 'journal',
    matches,
    rows: rows.map((r) => ({ source: null, from: `journal #${String(r['id'])}`, values: r })),
    note: matches > rows.length ? `${matches - rows.length} more entries not shown` : null,
  };
}

/** An IP literal names the inventory host that has that IP, as imports map it. */
function hostOfIp(db: Database, config: Config, ip: string): string | undefined {
  const inv = config.hosts.inventory;
  if (inv === undefined) return undefined;
  const t = sqlName(inv);
  if (!tableExists(db, t) || !columnsOf(db, t).includes('ip')) return undefined;
  return (db.prepare(`SELECT hostname FROM ${quoteIdent(t)} WHERE ip = ? LIMIT 1`).get(ip) as { hostname: string } | undefined)?.hostname;
}
