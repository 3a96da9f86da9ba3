import { formatDuration } from '../config/duration.js';
import { compareBytewise } from '../util/bytewise.js';
import { exceedsPercent, formatPercent } from '../util/percent.js';
import type { HdfsLimits } from './hdfs-limits.js';

/**
 * What one HDFS source last said about its cluster's health (a row of
 * `hdfs_health`), and how old that is. A cluster may have several sources (a
 * report and JMX): every check looks at each of them, and the worst one
 * decides.
 */
export interface HdfsHealthFacts {
  readonly source: string;
  readonly kind: 'hdfs-report' | 'hdfs-jmx';
  /** Epoch s the data is from (the source's latest good import); null when unknown. */
  readonly dataTime: number | null;
  /** The source's latest import attempt failed: its rows are from an earlier import. */
  readonly lastImportFailed: boolean;
  /** The health row of its latest good import; null when it was never imported (today). */
  readonly health: HealthNumbers | null;
}

/** The columns of `hdfs_health` the invariants read; null: the input does not say. */
export interface HealthNumbers {
  readonly safeMode: number | null;
  readonly haState: string | null;
  readonly capacity: number | null;
  readonly remaining: number | null;
  readonly underReplicated: number | null;
  readonly corruptBlocks: number | null;
  readonly missingBlocks: number | null;
  readonly blocksTotal: number | null;
  readonly replicas: number | null;
  readonly liveInService: number | null;
}

/** Where a JMX source finds what it lacks. */
const JMX_HINT = 'fetch /jmx?qry=Hadoop:service=NameNode,name=* for the FSNamesystem beans';

/**
 * Why a source's health can not be used at all (never imported, its last
 * import failed, too old), or null when it can. Shared with hdfs-capacity:
 * both fail closed on the same stale or missing health.
 */
export function unusableHealth(f: HdfsHealthFacts, limits: HdfsLimits, now: number): string | null {
  if (f.health === null) return `${f.source} has no health imported today`;
  if (f.lastImportFailed) return `${f.source} failed to import (its health is from an earlier import)`;
  if (f.dataTime === null) return `${f.source} has no data time to check against hdfs max_age ${formatDuration(limits.maxAge)}`;
  const age = now - f.dataTime;
  if (age > limits.maxAge) return `health from ${f.source} is ${formatDuration(age)} old (hdfs max_age ${formatDuration(limits.maxAge)})`;
  if (f.health.haState === 'standby') return `${f.source} is from a standby NameNode (tag.HAState standby)`;
  return null;
}

/** `no HDFS source of cluster dwh` when a cluster has none. */
export function noHealthSources(cluster: string): string {
  return `no HDFS health: no hdfs-report or hdfs-jmx source has cluster ${cluster}`;
}

/**
 * hdfs-healthy (scope: cluster): the cluster gets no new drains while a
 * NameNode reports missing blocks, blocks with corrupt replicas, safe mode,
 * or more under-replicated blocks than the limits allow (an absolute count,
 * and a share of the cluster's blocks). Fails closed: no source, a stale or
 * failed one, a standby NameNode, or a count the input does not give.
 *
 * The block total is JMX's BlocksTotal; the report prints none, so for it
 * the total is estimated as the replicas the live DataNodes hold divided by
 * the replication factor.
 *
 * Returns null, or the failure worded for a person, starting with the
 * cluster: `dwh: 12 missing blocks`, `archive: NameNode in safe mode`. With
 * several sources, each problem names the sources that report it.
 */
export function checkHdfsHealthy(cluster: string, facts: readonly HdfsHealthFacts[], limits: HdfsLimits, now: number): string | null {
  if (facts.length === 0) return `${cluster}: ${noHealthSources(cluster)}`;
  const problems = new Map<string, string[]>();
  const add = (problem: string, source: string) => problems.set(problem, [...(problems.get(problem) ?? []), source]);
  for (const f of [...facts].sort((a, b) => compareBytewise(a.source, b.source))) {
    const unusable = unusableHealth(f, limits, now);
    if (unusable !== null) {
      add(unusable, '');
      continue;
    }
    for (const p of healthProblems(f, limits)) add(p, f.source);
  }
  if (problems.size === 0) return null;
  const several = facts.length > 1;
  const parts = [...problems].map(([p, sources]) => {
    const named = sources.filter((s) => s !== '');
    return several && named.length > 0 ? `${p} (${named.join(', ')})` : p;
  });
  return `${cluster}: ${parts.join(', ')}`;
}

function healthProblems(f: HdfsHealthFacts, limits: HdfsLimits): string[] {
  const h = f.health!;
  const out: string[] = [];
  const unknown = (what: string, reportHint: string) => `${what} unknown: ${f.source} does not say (${f.kind === 'hdfs-jmx' ? JMX_HINT : reportHint})`;
  const noLine = (key: string) => `its summary has no "${key}:" line`;
  // A report always says (it prints "Safe mode is ON" only when it is); JMX says in FSState or Safemode.
  if (h.safeMode === null) out.push(unknown('safe mode', 'an unexpected report'));
  else if (h.safeMode === 1) out.push('NameNode in safe mode');
  if (h.missingBlocks === null) out.push(unknown('missing blocks', noLine('Missing blocks')));
  else if (h.missingBlocks > 0) out.push(`${h.missingBlocks} missing block${h.missingBlocks === 1 ? '' : 's'}`);
  if (h.corruptBlocks === null) out.push(unknown('corrupt blocks', noLine('Blocks with corrupt replicas')));
  else if (h.corruptBlocks > 0) out.push(`${h.corruptBlocks} block${h.corruptBlocks === 1 ? '' : 's'} with corrupt replicas`);
  const under = underReplicatedProblem(f, limits);
  if (under !== null) out.push(under);
  return out;
}

/** The block total the percentage is of: BlocksTotal, or estimated from the live nodes' replicas. */
export function blocksTotalOf(h: HealthNumbers, replication: number): { total: number; estimated: boolean } | null {
  if (h.blocksTotal !== null) return { total: h.blocksTotal, estimated: false };
  if (h.replicas !== null) return { total: Math.round(h.replicas / replication), estimated: true };
  return null;
}

function underReplicatedProblem(f: HdfsHealthFacts, limits: HdfsLimits): string | null {
  const h = f.health!;
  const n = h.underReplicated;
  if (n === null) {
    return `under-replicated blocks unknown: ${f.source} does not say (${f.kind === 'hdfs-jmx' ? JMX_HINT : 'its summary has no "Under replicated blocks:" line'})`;
  }
  const what = `${n} under-replicated block${n === 1 ? '' : 's'}`;
  if (limits.maxUnderReplicated !== undefined && n > limits.maxUnderReplicated) return `${what} (max ${limits.maxUnderReplicated})`;
  if (n === 0) return null;
  const total = blocksTotalOf(h, limits.replication);
  if (total === null) {
    // A 2.x report prints no block counts at all: an absolute limit, when set, decides alone.
    if (limits.maxUnderReplicated !== undefined) return null;
    return `${what} and no block total to compare them with: ${f.source} gives neither a block total nor the DataNodes' block counts (hdfs max_under_replicated_percent needs one; set max_under_replicated instead, or ${JMX_HINT})`;
  }
  if (total.total === 0 || exceedsPercent(n, total.total, limits.maxUnderReplicatedPercent)) {
    const of = total.estimated ? `~${total.total} blocks (the live DataNodes' replicas / replication ${limits.replication})` : `${total.total} blocks`;
    const pct = total.total === 0 ? 'all' : `${formatPercent(n, total.total, limits.maxUnderReplicatedPercent)}%`;
    return `${what}, ${pct} of ${of} (max ${limits.maxUnderReplicatedPercent}%)`;
  }
  return null;
}
