import type { HdfsConfig, InvariantName } from '../config/schema.js';
import { capacityBaseline, capacityRefusal, freePercent, minLive, tightest, without, type CapacityBaseline, type CapacityState, type NodeCost } from '../invariants/hdfs-capacity.js';
import { checkHdfsHealthy, type HdfsHealthFacts } from '../invariants/hdfs-healthy.js';
import { hdfsLimitsOf, type HdfsLimits } from '../invariants/hdfs-limits.js';
import { invariantFailed } from '../invariants/registry.js';
import type { PlanFacts } from './plan-facts.js';

/**
 * The planner's side of hdfs-healthy and hdfs-capacity: what a cluster's
 * HDFS facts refuse, where its capacity arithmetic starts, and what each
 * host costs. Pure, over the facts gather.ts reads.
 */

/** What the HDFS invariants read, for every cluster of an action. */
export interface HdfsPlanFacts {
  /** Epoch s: the pass's clock. */
  readonly now: number;
  readonly config: HdfsConfig;
  /** cluster → what each of its HDFS sources last said about its health. */
  readonly health: ReadonlyMap<string, readonly HdfsHealthFacts[]>;
  /** cluster → bytes its decommissioning DataNodes still have to copy. */
  readonly pendingDecommission: ReadonlyMap<string, number>;
  /** cluster → hostname → what taking the host out costs (for the hosts the planner may ask about). */
  readonly nodes: ReadonlyMap<string, ReadonlyMap<string, NodeCost>>;
}

/** A cluster's capacity arithmetic before any candidate is picked. */
export interface CapacityCheck {
  readonly limits: HdfsLimits;
  readonly baseline: CapacityBaseline;
  /** Hosts counted as out (in progress, planned earlier, unknown outcome) that HDFS still has live in service. */
  readonly outInService: readonly string[];
  /** The baseline with those hosts taken off: where picks start from. */
  readonly start: CapacityState;
}

/** What the HDFS invariants decided about a cluster, before looking at any candidate. */
export interface HdfsClusterVerdict {
  /**
   * The refusal that empties the cluster's plan (worded `invariant hdfs-...
   * failed: ...`), or null. The planner heeds it when the cluster has
   * candidates (an unhealthy cluster with nothing to drain is nothing to
   * refuse); a re-checked plan file, always.
   */
  readonly refusal: string | null;
  /** hdfs-healthy's finding (null: healthy), when the action lists it. */
  readonly healthy: string | null | undefined;
  /** hdfs-capacity's starting point, when the action lists it and the cluster has one. */
  readonly capacity: CapacityCheck | null;
}

type HdfsInvariantInput = {
  readonly invariants: readonly InvariantName[];
  readonly hdfs?: HdfsPlanFacts | undefined;
};

/** hdfs-healthy and hdfs-capacity for one cluster. */
export function hdfsVerdict(input: HdfsInvariantInput, facts: PlanFacts, cluster: string): HdfsClusterVerdict {
  const healthyListed = input.invariants.includes('hdfs-healthy');
  const capacityListed = input.invariants.includes('hdfs-capacity');
  if (!healthyListed && !capacityListed) return { refusal: null, healthy: undefined, capacity: null };
  const hdfs = input.hdfs;
  const health = hdfs?.health.get(cluster) ?? [];
  const limits = hdfsLimitsOf(hdfs?.config ?? { clusters: {} }, cluster);
  const now = hdfs?.now ?? 0;
  let refusal: string | null = null;
  let healthy: string | null | undefined;
  if (healthyListed) {
    healthy = checkHdfsHealthy(cluster, health, limits, now);
    if (healthy !== null) refusal = invariantFailed('hdfs-healthy', healthy);
  }
  let capacity: CapacityCheck | null = null;
  if (capacityListed) {
    const base = capacityBaseline(cluster, health, limits, now, hdfs?.pendingDecommission.get(cluster) ?? 0);
    if (!base.ok) {
      refusal ??= invariantFailed('hdfs-capacity', base.failure);
    } else {
      let start = base.baseline.state;
      const outInService: string[] = [];
      for (const o of facts.outByCluster.get(cluster) ?? []) {
        const cost = hostCost(input, cluster, o.hostname);
        if (cost?.liveInService !== true) continue;
        outInService.push(o.hostname);
        start = without(start, cost);
      }
      capacity = { limits, baseline: base.baseline, outInService, start };
    }
  }
  return { refusal, healthy, capacity };
}

/** What taking `hostname` out of `cluster` costs, from its HDFS rows; undefined when no HDFS source of the cluster lists it. */
export function hostCost(input: { readonly hdfs?: HdfsPlanFacts | undefined }, cluster: string, hostname: string): NodeCost | undefined {
  return input.hdfs?.nodes.get(cluster)?.get(hostname);
}

/**
 * hdfs-capacity's per-host part: a candidate no HDFS source of its cluster
 * lists can not be costed, so it is not planned (fail closed). Null when
 * the action does not list hdfs-capacity or the host is known.
 */
export function unknownCost(input: HdfsInvariantInput, cluster: string, hostname: string): string | null {
  if (!input.invariants.includes('hdfs-capacity')) return null;
  if (hostCost(input, cluster, hostname) !== undefined) return null;
  return `hdfs-capacity: no HDFS source of ${cluster} lists the host, so what taking it out costs is unknown`;
}

/** Why one more host (costing `cost`) does not fit a cluster left in `state`, or null when it does. */
export function capacityVeto(check: CapacityCheck, state: CapacityState, cost: NodeCost | undefined): string | null {
  return capacityRefusal(without(state, cost), check.limits);
}

/** The capacity arithmetic as plan JSON shows it (by the source that leaves the least). */
export interface CapacityReport {
  readonly source: string;
  readonly replication: number;
  readonly spare: number;
  readonly min_live: number;
  readonly min_free_percent: number;
  readonly live_in_service: number;
  readonly capacity: number;
  readonly remaining: number;
  readonly pending_decommission: number;
  readonly out_in_service: readonly string[];
  readonly after: { readonly live: number; readonly capacity: number; readonly remaining: number; readonly free_percent: string };
  /** Eligible candidates left out because they did not fit. */
  readonly cut: number;
  /** The arithmetic in words. */
  readonly basis: string;
}

export function capacityReport(check: CapacityCheck, after: CapacityState, cut: number): CapacityReport {
  const b = check.baseline;
  const l = check.limits;
  const a = tightest(after);
  const reported = b.reported.find((r) => r.source === a.source)!;
  const pending = b.state.find((r) => r.source === a.source)!;
  const basis =
    `live in service ${reported.live} - ${reported.live - a.live} = ${a.live} (min ${minLive(l)}: replication ${l.replication} + spare ${l.spare}); ` +
    `free ${freePercent(reported)}%` +
    (b.pendingDecommission > 0 ? `, ${freePercent(pending)}% after what decommissions still copy` : '') +
    `, ${freePercent(a)}% after this plan (min ${l.minFreePercent}%)` +
    (b.reported.length > 1 ? ` (by ${a.source}, the tightest of ${b.reported.map((r) => r.source).join(', ')})` : '');
  return {
    source: a.source,
    replication: l.replication,
    spare: l.spare,
    min_live: minLive(l),
    min_free_percent: l.minFreePercent,
    live_in_service: reported.live,
    capacity: reported.capacity,
    remaining: reported.remaining,
    pending_decommission: b.pendingDecommission,
    out_in_service: check.outInService,
    after: { live: a.live, capacity: a.capacity, remaining: a.remaining, free_percent: freePercent(a) },
    cut,
    basis,
  };
}
