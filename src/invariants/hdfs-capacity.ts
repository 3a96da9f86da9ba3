import { compareBytewise } from '../policy/bytewise.js';
import { exceedsPercent, formatPercent } from '../policy/percent.js';
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

/** The cluster as the plan would leave it. */
export interface CapacityState {
  readonly live: number;
  readonly capacity: number;
  readonly remaining: number;
}

/** The starting point of a cluster's capacity arithmetic, for the plan JSON. */
export interface CapacityBaseline {
  /** The source whose totals were used. */
  readonly source: string;
  readonly liveInService: number;
  readonly capacity: number;
  readonly remaining: number;
  /** Bytes the DataNodes being decommissioned still have to copy (taken off remaining). */
  readonly pendingDecommission: number;
  /** After the pending decommissions, before any out or planned host is taken off. */
  readonly state: CapacityState;
}

/**
 * The cluster's starting point, or why there is none (worded with the
 * cluster: `dwh: health from hdfs-dwh is 3h old (hdfs max_age 1h)`).
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
  let best: CapacityBaseline | undefined;
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
    const state: CapacityState = { live: h.liveInService!, capacity: h.capacity!, remaining: h.remaining! - pendingDecommission };
    const candidate: CapacityBaseline = { source: f.source, liveInService: h.liveInService!, capacity: h.capacity!, remaining: h.remaining!, pendingDecommission, state };
    if (best === undefined || worse(state, best.state)) best = candidate;
  }
  if (problems.length > 0) return { ok: false, failure: `${cluster}: ${problems.join(', ')}` };
  return { ok: true, baseline: best! };
}

/** Fewer live nodes, or (as many) a smaller free share: the reading that allows less. */
function worse(a: CapacityState, b: CapacityState): boolean {
  if (a.live !== b.live) return a.live < b.live;
  return a.remaining * Math.max(b.capacity, 1) < b.remaining * Math.max(a.capacity, 1);
}

/** The cluster once `cost`'s host is out. */
export function without(state: CapacityState, cost: NodeCost | undefined): CapacityState {
  if (cost === undefined || !cost.liveInService) return state;
  return { live: state.live - 1, capacity: state.capacity - cost.capacity, remaining: state.remaining - cost.remaining - cost.dfsUsed };
}

/** The fewest live in-service DataNodes a cluster may keep. */
export function minLive(limits: HdfsLimits): number {
  return limits.replication + limits.spare;
}

/**
 * Why a cluster left in `state` breaks the rule, or null when it keeps
 * enough: `would leave 3 live in-service DataNodes (replication 3 + spare 1 = 4)`,
 * `would leave 8.2% of DFS capacity free (min 10%)`.
 */
export function capacityRefusal(state: CapacityState, limits: HdfsLimits): string | null {
  const need = minLive(limits);
  if (state.live < need) {
    return `would leave ${state.live} live in-service DataNode${state.live === 1 ? '' : 's'} (replication ${limits.replication} + spare ${limits.spare} = ${need})`;
  }
  if (state.capacity <= 0) return 'would leave no DFS capacity';
  if (freeBelow(state, limits.minFreePercent)) {
    return `would leave ${freePercent(state, limits.minFreePercent)}% of DFS capacity free (min ${limits.minFreePercent}%)`;
  }
  return null;
}

/** Is the free share below `minPercent`? The same as: is the share not free above 100 − minPercent? Exactly at the limit is not below. */
function freeBelow(state: CapacityState, minPercent: number): boolean {
  return state.remaining < 0 || exceedsPercent(state.capacity - state.remaining, state.capacity, 100 - minPercent);
}

/** The free share for a message, with as many decimals as it takes to differ from the limit. */
export function freePercent(state: CapacityState, limit?: number): string {
  return state.capacity <= 0 ? '0' : formatPercent(state.remaining, state.capacity, limit);
}
