import { compareBytewise } from '../util/bytewise.js';
import { exceedsPercent, formatPercent } from '../util/percent.js';
import { noHealthSources, unusableHealth, type HdfsHealthFacts } from './hdfs-healthy.js';
import type { HdfsLimits } from './hdfs-limits.js';

/**
 * hdfs-capacity (scope: cluster): after the hosts a plan takes out, the
 * cluster keeps at least `replication + spare` live in-service DataNodes and
 * at least `min_free_percent` of its DFS capacity free. A plan is cut to
 * what fits (the planner asks `capacityRefusal` of each pick, as it asks the
 * group rule); a candidate that costs nothing (a dead node, one already
 * decommissioning) always fits.
 *
 * The arithmetic, from the NameNode's own totals (which count live
 * in-service nodes only):
 *
 *   live after      = live in service − the out and planned hosts HDFS still has live in service
 *   capacity after  = Configured Capacity − their capacity
 *   remaining after = DFS Remaining − their remaining − their DFS used (re-replicated onto the rest)
 *                     − what the nodes being decommissioned still have to copy
 *
 * Fails closed like hdfs-healthy: no source, a stale one, or a count missing.
 * With several sources, the one leaving the least is used.
 */

/** What taking one host out costs the cluster, from its `hdfs_datanodes` rows. */
export interface NodeCost {
  /** Live and in service: taking it out takes a DataNode and its capacity away. Otherwise it costs nothing. */
  readonly liveInService: boolean;
  readonly capacity: number;
  readonly dfsUsed: number;
  readonly remaining: number;
}

/** The cluster as the plan would leave it, by one source's totals. */
export interface SourceCapacity {
  readonly source: string;
  readonly live: number;
  readonly capacity: number;
  readonly remaining: number;
}

/** The cluster as the plan would leave it: by each of its usable sources' totals (each must keep enough). */
export type CapacityState = readonly SourceCapacity[];

/** The starting point of a cluster's capacity arithmetic, for the plan JSON. */
export interface CapacityBaseline {
  /** Each usable source's totals, as the NameNode gave them. */
  readonly reported: CapacityState;
  /** Bytes the DataNodes being decommissioned still have to copy (taken off remaining). */
  readonly pendingDecommission: number;
  /** After the pending decommissions, before any out or planned host is taken off. */
  readonly state: CapacityState;
}

/**
 * The cluster's starting point, or why there is none (worded with the
 * cluster: `dwh: health from hdfs-dwh is 3h old (hdfs max_age 1h)`). Every
 * source must be usable and give the totals: two sources that disagree are
 * both held to the rule.
 */
export function capacityBaseline(
  cluster: string,
  facts: readonly HdfsHealthFacts[],
  limits: HdfsLimits,
  now: number,
  pendingDecommission: number,
): { readonly ok: true; readonly baseline: CapacityBaseline } | { readonly ok: false; readonly failure: string } {
  if (facts.length === 0) return { ok: false, failure: `${cluster}: ${noHealthSources(cluster)}` };
  const problems: string[] = [];
  const reported: SourceCapacity[] = [];
  for (const f of [...facts].sort((a, b) => compareBytewise(a.source, b.source))) {
    const unusable = unusableHealth(f, limits, now);
    if (unusable !== null) {
      problems.push(unusable);
      continue;
    }
    const h = f.health!;
    const missing = [h.capacity === null ? 'capacity' : '', h.remaining === null ? 'DFS remaining' : '', h.liveInService === null ? 'live in-service DataNodes' : ''].filter(Boolean);
    if (missing.length > 0) {
      problems.push(`${f.source} does not give the cluster's ${missing.join(', ')}`);
      continue;
    }
    reported.push({ source: f.source, live: h.liveInService!, capacity: h.capacity!, remaining: h.remaining! });
  }
  if (problems.length > 0) return { ok: false, failure: `${cluster}: ${problems.join(', ')}` };
  const state = reported.map((r) => ({ ...r, remaining: r.remaining - pendingDecommission }));
  return { ok: true, baseline: { reported, pendingDecommission, state } };
}

/** The cluster once `cost`'s host is out. */
export function without(state: CapacityState, cost: NodeCost | undefined): CapacityState {
  if (cost === undefined || !cost.liveInService) return state;
  return state.map((s) => ({ source: s.source, live: s.live - 1, capacity: s.capacity - cost.capacity, remaining: s.remaining - cost.remaining - cost.dfsUsed }));
}

/** The fewest live in-service DataNodes a cluster may keep. */
export function minLive(limits: HdfsLimits): number {
  return limits.replication + limits.spare;
}

/**
 * Why a cluster left in `state` breaks the rule, or null when it keeps
 * enough by every source: `would leave 3 live in-service DataNodes
 * (replication 3 + spare 1 = 4)`, `would leave 8.2% of DFS capacity free (min 10%)`.
 */
export function capacityRefusal(state: CapacityState, limits: HdfsLimits): string | null {
  for (const s of state) {
    const refusal = sourceRefusal(s, limits);
    if (refusal !== null) return state.length > 1 ? `${refusal} by ${s.source}` : refusal;
  }
  return null;
}

function sourceRefusal(s: SourceCapacity, limits: HdfsLimits): string | null {
  const need = minLive(limits);
  if (s.live < need) return `would leave ${s.live} live in-service DataNode${s.live === 1 ? '' : 's'} (replication ${limits.replication} + spare ${limits.spare} = ${need})`;
  if (s.capacity <= 0) return 'would leave no DFS capacity';
  if (freeBelow(s, limits.minFreePercent)) return `would leave ${freePercent(s, limits.minFreePercent)}% of DFS capacity free (min ${limits.minFreePercent}%)`;
  return null;
}

/** Is the free share below `minPercent`? The same as: is the share not free above 100 − minPercent? Exactly at the limit is not below. */
function freeBelow(s: SourceCapacity, minPercent: number): boolean {
  return s.remaining < 0 || exceedsPercent(s.capacity - s.remaining, s.capacity, 100 - minPercent);
}

/** The free share for a message, with as many decimals as it takes to differ from the limit. */
export function freePercent(s: { readonly capacity: number; readonly remaining: number }, limit?: number): string {
  return s.capacity <= 0 ? '0' : formatPercent(s.remaining, s.capacity, limit);
}

/** The source that leaves the least: fewest live nodes, then the smallest free share. */
export function tightest(state: CapacityState): SourceCapacity {
  return state.reduce((a, b) => {
    if (a.live !== b.live) return b.live < a.live ? b : a;
    return b.remaining * Math.max(a.capacity, 1) < a.remaining * Math.max(b.capacity, 1) ? b : a;
  });
}
