import { compareBytewise } from '../util/bytewise.js';
import type { Database } from 'better-sqlite3';
import type { Config } from '../config/load.js';
import type { ActionConfig } from '../config/schema.js';
import { quoteIdent } from '../db/bulk-insert.js';
import { InternalError, QueryError } from '../errors.js';
import { readViewFileRows, type ExportedViewFile } from '../export/read-view-file.js';
import { isCanonicalHostname, type HostOptions } from '../hosts/hostname.js';
import type { NodeCost } from '../invariants/hdfs-capacity.js';
import type { HdfsHealthFacts } from '../invariants/hdfs-healthy.js';
import type { HostSet } from '../policy/plan-action.js';
import { columnsOf, sqlName } from '../sources/source-tables.js';
import { describeInvalid, planHost, type InvalidRow, type RowRefusal } from './plan-hosts.js';
import { VIEW_COLUMNS } from '../config/view-columns.js';

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

export interface CandidateRow {
  readonly hostname: string;
  readonly cluster: string | null;
  readonly spread: string | null;
  readonly group: string | null;
}

/**
 * The candidates, each hostname normalised as imports normalise them. Views
 * may compute hostnames: only a valid one may ever be planned (it could reach
 * a command's argv); an invalid one is dropped and reported.
 */
export function readCandidates(db: Database, action: ActionConfig, hosts: HostOptions, exported?: ExportedViewFile): { rows: CandidateRow[]; invalid: InvalidRow[] } {
  const required = VIEW_COLUMNS.candidates(action);
  const rows: CandidateRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const r of readView(db, action.candidates, required, `actions.${action.name}.candidates`, exported)) {
    const host = planHost(r['hostname'], hosts);
    if (!host.ok) {
      invalid.push({ view: action.candidates, value: r['hostname'] ?? null, problem: host.problem, effect: 'candidate dropped' });
      continue;
    }
    rows.push({
      hostname: host.hostname,
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

/**
 * The hosts the in_progress view says are out, normalised as imports
 * normalise them. Fails closed: a row whose hostname cannot be normalised
 * may be a host that is out, so it refuses its cluster (the whole action
 * when it names no cluster); a row with a hostname and no cluster still
 * counts (cluster '', against every cluster whose population has the host).
 */
export function readInProgress(db: Database, action: ActionConfig, hosts: HostOptions, exported?: ExportedViewFile): { rows: InProgressRow[]; refusals: RowRefusal[]; invalid: InvalidRow[] } {
  const empty = { rows: [], refusals: [], invalid: [] };
  if (action.in_progress === undefined) return empty;
  const view = action.in_progress;
  const rows = readView(db, view, VIEW_COLUMNS.in_progress, `actions.${action.name}.in_progress`, exported);
  const hasGroup = action.group !== undefined && rows.length > 0 && action.group in rows[0]!;
  const out: InProgressRow[] = [];
  const refusals: RowRefusal[] = [];
  const invalid: InvalidRow[] = [];
  for (const r of rows) {
    const cluster = emptyToNull(str(r['cluster']));
    const host = planHost(r['hostname'], hosts);
    if (!host.ok) {
      const refusal = unreadableRefusal('in_progress view', view, r['hostname'] ?? null, host.problem, cluster, 'it may name a host that is out');
      refusals.push(refusal);
      invalid.push({ view, value: r['hostname'] ?? null, problem: host.problem, effect: refusal.cluster === null ? 'action refused' : `cluster ${refusal.cluster} refused` });
      continue;
    }
    out.push({ hostname: host.hostname, cluster: cluster ?? '', group: hasGroup ? emptyToNull(str(r[action.group!])) : null });
  }
  return { rows: out, refusals, invalid };
}

/** The refusal for a row that could not be read: its cluster's, or the whole action's when it names none. */
export function unreadableRefusal(what: string, view: string, value: string | null, problem: string, cluster: string | null, why: string): RowRefusal {
  const scope = cluster === null ? 'nothing planned for any cluster' : `nothing planned for ${cluster}`;
  return { cluster, reason: `refused: ${describeInvalid(what, view, value, problem)} (${why}; ${scope} until the row is fixed)` };
}

/** Where an action's population comes from, and how many distinct hosts each cluster has there. */
export interface PopulationSizes {
  /** The SQL to read it from: the population view, or the inventory's hosts. */
  readonly from: string;
  readonly sizes: ReadonlyMap<string, number>;
  /**
   * The rows whose hostname was spelled otherwise than normalised, as
   * [cluster, normalised hostname]; null when there were more than
   * MAX_RESPELLED (populationOf then scans the population for them).
   */
  readonly respelled: readonly (readonly [string, string])[] | null;
  /** Rows whose hostname cannot be normalised (not counted), the first MAX_INVALID_SHOWN of them, and how many there were. */
  readonly invalid: readonly { readonly cluster: string; readonly value: string | null; readonly problem: string }[];
  readonly invalidCount: number;
}

/** Respelled population rows kept with the counts; beyond this populationOf scans for them instead. */
const MAX_RESPELLED = 100_000;
/** Invalid population rows named in the plan; the rest are counted. */
const MAX_INVALID_SHOWN = 20;

/**
 * cluster → number of distinct hostnames in the action's population view (or
 * the inventory's hosts by cluster), counted by SQLite: the budget needs the
 * count only, and reading a 1M-host population into JavaScript cost a second.
 * Hostnames are counted in their normalised form (the config's `hosts:`), so
 * `DN1.x` and `dn1.x:9866` are one host: SQLite calls a JavaScript function
 * per row, which answers names already in normal form (an imported
 * population's are) with one regular expression and normalises the others.
 * A row whose hostname cannot be normalised is not counted (a
 * smaller budget, the safe side) and is reported. Which of the hosts the
 * planner asks about belong to which cluster is populationOf's business.
 *
 * `version` identifies the population's inputs (see PlanContext
 * populationVersion): counts stored in population_cache under the same
 * version and `hosts:` options are reused, since counting 1M hosts again takes a second.
 */
export function readPopulationSizes(db: Database, action: ActionConfig, hosts: HostOptions, version?: string): PopulationSizes {
  let from: string;
  if (action.population) {
    checkColumns(db, action.population, VIEW_COLUMNS.population, `actions.${action.name}.population`);
    from = quoteIdent(sqlName(action.population));
  } else {
    from = 'inventory_hosts';
  }
  // The counts of an earlier pass hold while the population's inputs are the same version.
  const key = action.population ?? '';
  const fullVersion = version === undefined ? undefined : `${version} hosts:${JSON.stringify([hosts.lowercase, hosts.stripPort, hosts.qualify ?? null])}`;
  if (fullVersion !== undefined) {
    const cached = db.prepare('SELECT sizes FROM population_cache WHERE population = ? AND version = ?').pluck().get(key, fullVersion) as string | undefined;
    if (cached !== undefined) {
      // (Counts stored before the version named the `hosts:` options never match it: they are counted again.)
      const c = JSON.parse(cached) as Omit<PopulationSizes, 'from' | 'sizes'> & { sizes: [string, number][] };
      return { from, sizes: new Map(c.sizes), respelled: c.respelled, invalid: c.invalid, invalidCount: c.invalidCount };
    }
  }
  const counted = countPopulation(db, from, hosts);
  if (fullVersion !== undefined) {
    const { sizes, ...rest } = counted;
    db.prepare('INSERT OR REPLACE INTO population_cache (population, version, sizes) VALUES (?, ?, ?)').run(key, fullVersion, JSON.stringify({ sizes: [...sizes], ...rest }));
  }
  return { from, ...counted };
}

/** The SQLite function that normalises a population's hostname (registered per count with what it should record). */
const HOST_FUNCTION = 'bf_plan_host';
/**
 * The SQLite function that says a hostname is in normal form already
 * (isCanonicalHostname): 1 or 0, which SQLite takes back cheaply, so only the
 * other rows (almost none in an imported population) cost a normalisation
 * and a string handed back. At 1M hosts: 1.5 s of CPU to count before, 1.9 s.
 */
const CANONICAL_FUNCTION = 'bf_canonical_host';

function registerCanonicalCheck(db: Database): void {
  db.function(CANONICAL_FUNCTION, { deterministic: true }, (value: unknown) => (typeof value === 'string' && isCanonicalHostname(value) ? 1 : 0));
}

function countPopulation(db: Database, from: string, hosts: HostOptions): Omit<PopulationSizes, 'from'> {
  const respelled = new Map<string, readonly [string, string]>();
  let respelledOverflow = false;
  const invalid = new Map<string, { cluster: string; value: string | null; problem: string }>();
  let invalidCount = 0;
  registerCanonicalCheck(db);
  // Called for the rows not in normal form (once or more); what it finds is recorded once per (cluster, value).
  db.function(HOST_FUNCTION, { deterministic: true }, (value: unknown, cluster: unknown) => {
    const text = value === null ? null : String(value);
    const c = String(cluster);
    const host = planHost(text, hosts);
    const id = `${c}\n${text ?? ''}\n${text === null ? 1 : 0}`;
    if (!host.ok) {
      if (!invalid.has(id)) {
        invalidCount++;
        if (invalid.size < MAX_INVALID_SHOWN) invalid.set(id, { cluster: c, value: text, problem: host.problem });
        else invalid.set(id, { cluster: c, value: text, problem: '' });
      }
      return null;
    }
    if (host.hostname !== text && !respelledOverflow && !respelled.has(id)) {
      if (respelled.size >= MAX_RESPELLED) respelledOverflow = true;
      else respelled.set(id, [c, host.hostname]);
    }
    return host.hostname;
  });
  const sizes = new Map<string, number>();
  const rows = db
    // Clusters in SQLite's text form, as readView gives them: two values with one text form (1 and '1') are one cluster.
    .prepare(
      `SELECT c, count(DISTINCT h) FROM (
         SELECT c, CASE WHEN ${CANONICAL_FUNCTION}(t) THEN t ELSE ${HOST_FUNCTION}(t, c) END AS h
         FROM (SELECT CAST("cluster" AS TEXT) AS c, CAST("hostname" AS TEXT) AS t FROM ${from} WHERE "cluster" IS NOT NULL)
       ) GROUP BY c`,
    )
    .raw(true)
    .all() as [string, number][];
  // count(DISTINCT) skips the NULLs of rows that cannot be normalised (filtering them first made SQLite
  // evaluate the CASE twice per row); a cluster none of whose rows could be is no cluster of the population.
  for (const [cluster, count] of rows) if (count > 0) sizes.set(cluster, count);
  const shown = [...invalid.values()].filter((r) => r.problem !== '');
  return {
    sizes,
    respelled: respelledOverflow ? null : [...respelled.values()],
    invalid: shown.sort((a, b) => compareBytewise(a.cluster, b.cluster) || compareBytewise(a.value ?? '', b.value ?? '')),
    invalidCount,
  };
}

/**
 * The population as the planner sees it: each cluster's size, and for each
 * of `asked` (normalised hostnames: the only hosts the planner may ask about)
 * whether the cluster has it, however the population view spells it. Asking
 * about any other host is a bug in the caller, not a host outside the
 * population, and says so.
 */
export function populationOf(db: Database, pop: PopulationSizes, asked: Iterable<string>, hosts: HostOptions): Map<string, HostSet> {
  const askedSet = new Set(asked);
  const clustersOf = new Map<string, Set<string>>();
  const add = (cluster: string, hostname: string) => {
    if (!askedSet.has(hostname)) return;
    let set = clustersOf.get(hostname);
    if (!set) clustersOf.set(hostname, (set = new Set()));
    set.add(cluster);
  };
  if (askedSet.size > 0) {
    loadTempHosts(db, askedSet);
    const rows = db
      // hostname compared as it is, so the population's key serves the lookup (a CAST made it a full scan). A row
      // that equals a normalised name is in normal form (normalisation is idempotent); the others are `respelled`.
      .prepare(`SELECT CAST("cluster" AS TEXT), "hostname" FROM ${pop.from} WHERE "cluster" IS NOT NULL AND "hostname" IN (SELECT hostname FROM temp.bf_hosts)`)
      .raw(true)
      .all() as [string, string][];
    for (const [cluster, hostname] of rows) add(cluster, hostname);
    if (pop.respelled !== null) {
      for (const [cluster, hostname] of pop.respelled) add(cluster, hostname);
    } else {
      // Too many respelled rows to keep with the counts: find them again.
      registerCanonicalCheck(db);
      db.function(HOST_FUNCTION, { deterministic: true }, (value: unknown) => {
        if (value === null) return null;
        const host = planHost(String(value), hosts);
        return host.ok && host.hostname !== value ? host.hostname : null;
      });
      const respelled = db
        .prepare(
          `SELECT c, h FROM (SELECT c, ${HOST_FUNCTION}(t) AS h FROM (SELECT CAST("cluster" AS TEXT) AS c, CAST("hostname" AS TEXT) AS t FROM ${pop.from} WHERE "cluster" IS NOT NULL)
           WHERE NOT ${CANONICAL_FUNCTION}(t)) WHERE h IS NOT NULL`,
        )
        .raw(true)
        .all() as [string, string][];
      for (const [cluster, hostname] of respelled) add(cluster, hostname);
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

/**
 * hostname → reason, from every deny view (a `reason` column if the view has
 * one, else the view's name), hostnames normalised as imports normalise
 * them. Fails closed: a row whose hostname cannot be normalised may be a host
 * that must never be touched, so it refuses its cluster (when the view has a
 * cluster column and the row names one) or the whole action.
 */
export function readDenied(db: Database, action: ActionConfig, hosts: HostOptions): { denied: Map<string, string>; refusals: RowRefusal[]; invalid: InvalidRow[] } {
  const denied = new Map<string, string>();
  const refusals: RowRefusal[] = [];
  const invalid: InvalidRow[] = [];
  for (const view of action.deny) {
    for (const r of readView(db, view, VIEW_COLUMNS.deny, `actions.${action.name}.deny`)) {
      const host = planHost(r['hostname'], hosts);
      if (!host.ok) {
        const refusal = unreadableRefusal('deny view', view, r['hostname'] ?? null, host.problem, emptyToNull(str(r['cluster'])), 'it may name a host that must not be touched');
        refusals.push(refusal);
        invalid.push({ view, value: r['hostname'] ?? null, problem: host.problem, effect: refusal.cluster === null ? 'action refused' : `cluster ${refusal.cluster} refused` });
        continue;
      }
      const reason = str(r['reason']);
      if (!denied.has(host.hostname)) denied.set(host.hostname, `denied by ${view}${reason ? `: ${reason}` : ''}`);
    }
  }
  return { denied, refusals, invalid };
}

/** cluster → archetype from the classify view; empty when none is configured. */
export function readClassify(db: Database, config: Config): Map<string, string> {
  const map = new Map<string, string>();
  if (config.policy.classify === undefined) return map;
  for (const r of readView(db, config.policy.classify, VIEW_COLUMNS.classify, 'policy.classify')) {
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
