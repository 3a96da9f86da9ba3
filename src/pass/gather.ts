import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { ActionConfig } from '../config/schema.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { InternalError, QueryError } from '../errors.js';
import { readViewFileRows, type ExportedViewFile } from '../export/read-view-file.js';
import { normalizeHost } from '../hosts/hostname.js';
import type { NodeCost } from '../invariants/hdfs-capacity.js';
import type { HdfsHealthFacts } from '../invariants/hdfs-healthy.js';
import type { HostSet } from '../policy/plan-action.js';
import { columnsOf, sqlName } from '../sources/source-tables.js';

/**
 * Reading what planning needs out of the day's database: the views an action
 * names, as plain data. Everything here is I/O; the decisions are made by the
 * pure policy code over what this returns.
 */

export interface ViewRows {
  readonly view: string;
  readonly rows: Record<string, unknown>[];
}

/**
 * Rows of a view, checking it has the columns the config relies on: from the
 * file this pass exported it to when that file is intact (see
 * readViewFileRows), else by querying it.
 */
export function readView(db: Database, view: string, required: readonly string[], usedFor: string, exported?: ExportedViewFile): Record<string, string | null>[] {
  const columns = checkColumns(db, view, required, usedFor);
  const fromFile = exported === undefined ? undefined : readViewFileRows(exported);
  if (fromFile !== undefined) return fromFile;
  // Every value in SQLite's text form, as the exported file holds it: a
  // cluster or rack reads the same whichever way the view is read, and the
  // same as the operator sees it in the file (a REAL 1.0 is "1.0").
  const select = columns.map((c) => `CAST(${quoteIdent(c)} AS TEXT) AS ${quoteIdent(c)}`).join(', ');
  return db.prepare(`SELECT ${select} FROM ${quoteIdent(sqlName(view))}`).all() as Record<string, string | null>[];
}

/** The view's columns, when it exists and has the columns the config relies on; else a QueryError saying which are missing. */
function checkColumns(db: Database, view: string, required: readonly string[], usedFor: string): string[] {
  const cols = columnsOf(db, sqlName(view));
  if (cols.length === 0) throw new QueryError(`${usedFor}: view ${view} does not exist (no queries/${view}.sql)`);
  const missing = required.filter((c) => !cols.includes(c));
  if (missing.length > 0) {
    throw new QueryError(`${usedFor}: view ${view} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; it has ${cols.join(', ')}`);
  }
  return cols;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Views may compute hostnames: only a valid one may ever be planned (it could reach a command's argv). */
export function validHost(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const r = normalizeHost(v);
  return r.ok ? r.hostname : null;
}

export interface CandidateRow {
  readonly hostname: string;
  readonly cluster: string | null;
  readonly spread: string | null;
  readonly group: string | null;
}

export function readCandidates(db: Database, action: ActionConfig, exported?: ExportedViewFile): { rows: CandidateRow[]; invalid: string[] } {
  const required = ['hostname', 'cluster', ...(action.spread ? [action.spread] : []), ...(action.group ? [action.group] : [])];
  const rows: CandidateRow[] = [];
  const invalid: string[] = [];
  for (const r of readView(db, action.candidates, required, `actions.${action.name}.candidates`, exported)) {
    const hostname = validHost(r['hostname']);
    if (hostname === null) {
      invalid.push(String(r['hostname']));
      continue;
    }
    rows.push({
      hostname,
      cluster: str(r['cluster']),
      spread: action.spread ? str(r[action.spread]) : null,
      group: action.group ? emptyToNull(str(r[action.group])) : null,
    });
  }
  return { rows, invalid };
}

function emptyToNull(v: string | null): string | null {
  return v === null || v.trim() === '' || v === '-' ? null : v;
}

export interface InProgressRow {
  readonly hostname: string;
  readonly cluster: string;
  readonly group: string | null;
}

export function readInProgress(db: Database, action: ActionConfig, exported?: ExportedViewFile): InProgressRow[] {
  if (action.in_progress === undefined) return [];
  const rows = readView(db, action.in_progress, ['hostname', 'cluster'], `actions.${action.name}.in_progress`, exported);
  const hasGroup = action.group !== undefined && rows.length > 0 && action.group in rows[0]!;
  const out: InProgressRow[] = [];
  for (const r of rows) {
    const hostname = str(r['hostname']);
    const cluster = str(r['cluster']);
    if (hostname === null || cluster === null) continue;
    out.push({ hostname, cluster, group: hasGroup ? emptyToNull(str(r[action.group!])) : null });
  }
  return out;
}

/** Where an action's population comes from, and how many distinct hosts each cluster has there. */
export interface PopulationSizes {
  /** The SQL to read it from: the population view, or the inventory's hosts. */
  readonly from: string;
  readonly sizes: ReadonlyMap<string, number>;
}

/**
 * cluster → number of distinct hostnames in the action's population view (or
 * the inventory's hosts by cluster), counted by SQLite: the budget needs the
 * count only, and reading a 1M-host population into JavaScript cost a second.
 * Which of the hosts the planner asks about belong to which cluster is
 * populationOf's business.
 *
 * `version` identifies the population's inputs (see PlanContext
 * populationVersion): counts stored in population_cache under the same
 * version are reused, since counting 1M hosts again takes a second.
 */
export function readPopulationSizes(db: Database, action: ActionConfig, version?: string): PopulationSizes {
  let from: string;
  if (action.population) {
    checkColumns(db, action.population, ['hostname', 'cluster'], `actions.${action.name}.population`);
    from = quoteIdent(sqlName(action.population));
  } else {
    from = 'inventory_hosts';
  }
  // The counts of an earlier pass hold while the population's inputs are the same version.
  const key = action.population ?? '';
  if (version !== undefined) {
    const cached = db.prepare('SELECT sizes FROM population_cache WHERE population = ? AND version = ?').pluck().get(key, version) as string | undefined;
    if (cached !== undefined) return { from, sizes: new Map(JSON.parse(cached) as [string, number][]) };
  }
  const sizes = countPopulation(db, from);
  if (version !== undefined) {
    db.prepare('INSERT OR REPLACE INTO population_cache (population, version, sizes) VALUES (?, ?, ?)').run(key, version, JSON.stringify([...sizes]));
  }
  return { from, sizes };
}

function countPopulation(db: Database, from: string): Map<string, number> {
  const sizes = new Map<string, number>();
  const rows = db
    // Clusters in SQLite's text form, as readView gives them: two values with one text form (1 and '1') are one cluster.
    .prepare(`SELECT CAST("cluster" AS TEXT) AS c, count(DISTINCT CAST("hostname" AS TEXT)) FROM ${from} WHERE "cluster" IS NOT NULL AND "hostname" IS NOT NULL GROUP BY c`)
    .raw(true)
    .all() as [string, number][];
  for (const [cluster, count] of rows) sizes.set(cluster, count);
  return sizes;
}

/**
 * The population as the planner sees it: each cluster's size, and for each
 * of `asked` (the only hosts the planner may ask about) whether the cluster
 * has it. Asking about any other host is a bug in the caller, not a host
 * outside the population, and says so.
 */
export function populationOf(db: Database, pop: PopulationSizes, asked: Iterable<string>): Map<string, HostSet> {
  const askedSet = new Set(asked);
  const clustersOf = new Map<string, Set<string>>();
  if (askedSet.size > 0) {
    loadTempHosts(db, askedSet);
    const rows = db
      // hostname compared as it is, so the population's key serves the lookup (a CAST made it a full scan):
      // a hostname the view gives as a number is nobody's, which can only remove a host, never add one.
      .prepare(`SELECT CAST("cluster" AS TEXT), "hostname" FROM ${pop.from} WHERE "cluster" IS NOT NULL AND "hostname" IN (SELECT hostname FROM temp.bf_hosts)`)
      .raw(true)
      .all() as [string, string][];
    for (const [cluster, hostname] of rows) {
      let set = clustersOf.get(hostname);
      if (!set) clustersOf.set(hostname, (set = new Set()));
      set.add(cluster);
    }
  }
  const population = new Map<string, HostSet>();
  for (const [cluster, size] of pop.sizes) {
    population.set(cluster, {
      size,
      has(hostname: string): boolean {
        if (!askedSet.has(hostname)) throw new InternalError(`population of ${cluster} asked about ${hostname}, which was not gathered`);
        return clustersOf.get(hostname)?.has(cluster) ?? false;
      },
    });
  }
  return population;
}

/** Fill temp.bf_hosts with `hostnames`, for joins against views and tables. */
function loadTempHosts(db: Database, hostnames: Iterable<string>): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS bf_hosts (hostname TEXT PRIMARY KEY) WITHOUT ROWID');
  db.exec('DELETE FROM temp.bf_hosts');
  const ins = db.prepare('INSERT OR IGNORE INTO temp.bf_hosts (hostname) VALUES (?)');
  db.transaction(() => {
    for (const h of hostnames) ins.run(h);
  })();
}

/** hostname → reason, from every deny view (a `reason` column if the view has one, else the view's name). */
export function readDenied(db: Database, action: ActionConfig): Map<string, string> {
  const denied = new Map<string, string>();
  for (const view of action.deny) {
    for (const r of readView(db, view, ['hostname'], `actions.${action.name}.deny`)) {
      const hostname = str(r['hostname']);
      if (hostname === null) continue;
      const reason = str(r['reason']);
      if (!denied.has(hostname)) denied.set(hostname, `denied by ${view}${reason ? `: ${reason}` : ''}`);
    }
  }
  return denied;
}

/** cluster → archetype from the classify view; empty when none is configured. */
export function readClassify(db: Database, config: Config): Map<string, string> {
  const map = new Map<string, string>();
  if (config.policy.classify === undefined) return map;
  for (const r of readView(db, config.policy.classify, ['cluster', 'archetype'], 'policy.classify')) {
    const cluster = str(r['cluster']);
    const archetype = str(r['archetype']);
    if (cluster !== null && archetype !== null && !map.has(cluster)) map.set(cluster, archetype);
  }
  return map;
}

export interface HostFacts {
  readonly hdfs: { cluster: string; adminState: string; live: boolean }[];
  readonly yarn: { cluster: string; state: string; current: boolean }[];
}

/** What HDFS and YARN say about each of the given hosts (for per-host invariants). */
export function readHostFacts(db: Database, hostnames: readonly string[]): Map<string, HostFacts> {
  const facts = new Map<string, HostFacts>();
  const get = (h: string) => {
    let f = facts.get(h);
    if (!f) facts.set(h, (f = { hdfs: [], yarn: [] }));
    return f;
  };
  for (const h of hostnames) get(h);
  if (hostnames.length === 0) return facts;
  loadTempHosts(db, hostnames);
  for (const r of db
    .prepare('SELECT d.hostname, d.cluster, d.admin_state, d.live FROM hdfs_datanodes d JOIN temp.bf_hosts USING (hostname)')
    .all() as { hostname: string; cluster: string; admin_state: string; live: number }[]) {
    get(r.hostname).hdfs.push({ cluster: r.cluster, adminState: r.admin_state, live: r.live === 1 });
  }
  for (const r of db
    .prepare('SELECT y.hostname, y.cluster, y.state, y.current FROM yarn_nodes y JOIN temp.bf_hosts USING (hostname)')
    .all() as { hostname: string; cluster: string; state: string; current: number }[]) {
    get(r.hostname).yarn.push({ cluster: r.cluster, state: r.state, current: r.current === 1 });
  }
  return facts;
}

/** The kinds whose imports carry a cluster's HDFS health (hdfs_health rows). */
const HEALTH_KINDS = new Set(['hdfs-report', 'hdfs-jmx']);

/** What hdfs-healthy and hdfs-capacity read of the day's HDFS imports, not host by host. */
export interface HdfsClusterFacts {
  /** cluster → each of its HDFS sources' latest health. */
  readonly health: Map<string, HdfsHealthFacts[]>;
  /** cluster → bytes its live decommissioning DataNodes still have to copy. */
  readonly pendingDecommission: Map<string, number>;
}

/**
 * Each configured HDFS source's latest health, by cluster: the `hdfs_health`
 * row of its latest good import (ok, or unchanged and pointing at the import
 * that read those bytes), that import's data time, and whether a later
 * attempt failed. A source never imported today has no row (fail closed).
 */
export function readHdfsClusterFacts(db: Database, config: Config): HdfsClusterFacts {
  const health = new Map<string, HdfsHealthFacts[]>();
  const latestAttempt = db.prepare(`SELECT status FROM imports WHERE source = ? AND status <> 'running' ORDER BY id DESC LIMIT 1`).pluck();
  const lastGood = db.prepare(`SELECT data_import, data_time FROM imports WHERE source = ? AND status IN ('ok', 'unchanged') ORDER BY id DESC LIMIT 1`);
  const row = db.prepare(
    `SELECT safe_mode, ha_state, capacity, remaining, under_replicated, corrupt_blocks, missing_blocks, blocks_total, replicas, live_in_service
     FROM hdfs_health WHERE source = ? AND _import = ? LIMIT 1`,
  );
  const jmxImports: number[] = [];
  for (const s of config.sources) {
    if (!HEALTH_KINDS.has(s.kind) || !('cluster' in s)) continue;
    const good = lastGood.get(s.name) as { data_import: number | null; data_time: number | null } | undefined;
    const r = good?.data_import == null ? undefined : (row.get(s.name, good.data_import) as HealthRowRead | undefined);
    if (s.kind === 'hdfs-jmx' && good?.data_import != null) jmxImports.push(good.data_import);
    const facts: HdfsHealthFacts = {
      source: s.name,
      kind: s.kind as HdfsHealthFacts['kind'],
      dataTime: good?.data_time ?? null,
      lastImportFailed: latestAttempt.get(s.name) === 'failed',
      health:
        r === undefined
          ? null
          : {
              safeMode: r.safe_mode,
              haState: r.ha_state,
              capacity: r.capacity,
              remaining: r.remaining,
              underReplicated: r.under_replicated,
              corruptBlocks: r.corrupt_blocks,
              missingBlocks: r.missing_blocks,
              blocksTotal: r.blocks_total,
              replicas: r.replicas,
              liveInService: r.live_in_service,
            },
    };
    const list = health.get(s.cluster);
    if (list === undefined) health.set(s.cluster, [facts]);
    else list.push(facts);
  }
  return { health, pendingDecommission: readPendingDecommission(db, jmxImports) };
}

interface HealthRowRead {
  safe_mode: number | null;
  ha_state: string | null;
  capacity: number | null;
  remaining: number | null;
  under_replicated: number | null;
  corrupt_blocks: number | null;
  missing_blocks: number | null;
  blocks_total: number | null;
  replicas: number | null;
  live_in_service: number | null;
}

/**
 * Per cluster, what its live decommissioning DataNodes still have to copy
 * onto the others: each node's DFS used, scaled by the share of its blocks
 * still to re-replicate when a current JMX import gives its progress
 * (DecomNodes), else all of it (the safe reading).
 */
function readPendingDecommission(db: Database, jmxImports: readonly number[]): Map<string, number> {
  const progress = new Map<string, number>();
  if (jmxImports.length > 0) {
    const rows = db
      .prepare(
        `SELECT cluster, hostname, max(under_replicated_blocks) AS left FROM hdfs_decommission_progress
         WHERE _import IN (SELECT value FROM json_each(?)) GROUP BY cluster, hostname`,
      )
      .all(JSON.stringify(jmxImports)) as { cluster: string; hostname: string; left: number }[];
    for (const r of rows) progress.set(`${r.cluster}\0${r.hostname}`, r.left);
  }
  const pending = new Map<string, number>();
  const nodes = db
    .prepare(
      `SELECT cluster, hostname, max(coalesce(dfs_used, 0)) AS used, max(num_blocks) AS blocks FROM hdfs_datanodes
       WHERE admin_state = 'decommissioning' AND live = 1 GROUP BY cluster, hostname`,
    )
    .all() as { cluster: string; hostname: string; used: number; blocks: number | null }[];
  for (const n of nodes) {
    const left = progress.get(`${n.cluster}\0${n.hostname}`);
    const share = left === undefined ? 1 : n.blocks === null || n.blocks <= 0 ? (left > 0 ? 1 : 0) : Math.min(1, left / n.blocks);
    pending.set(n.cluster, (pending.get(n.cluster) ?? 0) + n.used * share);
  }
  return pending;
}

/**
 * What taking each of `hostnames` out costs each cluster whose HDFS lists it
 * (hdfs-capacity): live in service by any of its rows (the costly reading),
 * and its largest capacity, DFS used and remaining.
 */
export function readNodeCosts(db: Database, hostnames: Iterable<string>): Map<string, Map<string, NodeCost>> {
  const costs = new Map<string, Map<string, NodeCost>>();
  const asked = [...new Set(hostnames)];
  if (asked.length === 0) return costs;
  loadTempHosts(db, asked);
  const rows = db
    .prepare(
      `SELECT d.cluster, d.hostname, max(d.live = 1 AND d.admin_state = 'in-service') AS lis,
              max(coalesce(d.capacity, 0)) AS capacity, max(coalesce(d.dfs_used, 0)) AS used, max(coalesce(d.remaining, 0)) AS remaining
       FROM hdfs_datanodes d JOIN temp.bf_hosts USING (hostname) GROUP BY d.cluster, d.hostname`,
    )
    .all() as { cluster: string; hostname: string; lis: number; capacity: number; used: number; remaining: number }[];
  for (const r of rows) {
    let byHost = costs.get(r.cluster);
    if (byHost === undefined) costs.set(r.cluster, (byHost = new Map()));
    byHost.set(r.hostname, { liveInService: r.lis === 1, capacity: r.capacity, dfsUsed: r.used, remaining: r.remaining });
  }
  return costs;
}
