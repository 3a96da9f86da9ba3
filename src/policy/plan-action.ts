import type { InvariantName } from '../config/schema.js';
import { without, type CapacityState } from '../invariants/hdfs-capacity.js';
import { invariantFailed } from '../invariants/registry.js';
import type { ArchetypeLimits } from './budget.js';
import { byHostname, sortedBytewise } from '../util/bytewise.js';
import { clusterLimits, type ClusterLimits } from './cluster-limits.js';
import { formatGroups, groupRefusal, groupsFull, type GroupRule } from './group-rule.js';
import { capacityReport, capacityVeto, hostCost, type CapacityReport, type HdfsPlanFacts } from './hdfs-rules.js';
import { planFacts, type PlanFacts } from './plan-facts.js';
import { describeRemovals, removalOf, type KindedRemoval } from './removals.js';
import { deriveSeed, seededRng } from './rng.js';
import { spreadSample } from './spread.js';

/**
 * The planner (docs/design.md#policy-math): pure. Given
 * every fact as data and the seed, it decides which candidates an action may
 * take in each cluster, within the cluster's headroom and the group rule, and
 * says why for every host it leaves out and every plan it leaves short.
 * No fs, no database, no clock, no Math.random.
 */

export interface CandidateHost {
  readonly hostname: string;
  readonly cluster: string | null;
  /** The action's spread column (rack); null = none. */
  readonly spread: string | null;
  /** The action's group column (replica group); null = none. */
  readonly group: string | null;
}

/**
 * What the planner asks of a cluster's population: how many hosts it has and
 * whether it has a given host. A Set is one; the pass hands over a count and
 * the membership of just the hosts the planner can ask about (candidates, out
 * hosts, the hosts of a plan file), since a 1M-host population read into
 * JavaScript cost a second of every pass.
 */
export interface HostSet {
  readonly size: number;
  has(hostname: string): boolean;
}

export type OutReason = 'in-progress' | 'planned' | 'unknown-outcome';

/** A host that uses budget: in the in_progress view, planned earlier this pass, or whose last outcome is unknown. */
export interface OutHost {
  readonly hostname: string;
  readonly cluster: string;
  readonly group: string | null;
  readonly why: OutReason;
  /** Said instead of `why` in reasons: `planned by drain this pass`, `rekick outcome unknown (journal #12)`. */
  readonly detail?: string;
}

export interface ActionSpec {
  readonly name: string;
  /** At most this many replica groups out per cluster (config default 1). */
  readonly maxGroups: number;
  readonly maxPerPass?: number | undefined;
  /** The group column; absent = the action has no replica groups. */
  readonly groupColumn?: string | undefined;
  readonly spreadColumn?: string | undefined;
  readonly invariants: readonly InvariantName[];
}

export interface PolicySpec {
  readonly archetypes: Readonly<Record<string, ArchetypeLimits>>;
  readonly overrides: readonly { readonly cluster: string; readonly max: number; readonly reason: string }[];
  /** policy.thresholds.candidates_percent, for candidates-sane. */
  readonly candidatesPercent: number;
}

export interface PlanInput {
  readonly action: ActionSpec;
  readonly policy: PolicySpec;
  /** cluster → archetype name; unlisted clusters are `default`; a name policy.archetypes lacks empties that cluster's plan. */
  readonly classify: ReadonlyMap<string, string>;
  /** cluster → its hostnames (the action's population view). */
  readonly population: ReadonlyMap<string, HostSet>;
  readonly candidates: readonly CandidateHost[];
  /** In-progress view rows, hosts planned earlier this pass, unknown journal outcomes. */
  readonly out: readonly OutHost[];
  /** hostname → reason, from the deny views. */
  readonly denied: ReadonlyMap<string, string>;
  /** hostname → its failed per-host invariants, already worded. Hosts absent were checked and passed (or never checked: see recheckPlan). */
  readonly hostFailures: ReadonlyMap<string, readonly string[]>;
  /**
   * What refuses the whole action, worded: failed global invariants it lists
   * (`invariant inputs-fresh failed: inventory is 3h old (max_age 2h)`), and
   * rows naming no cluster that could not be read where reading them fails
   * closed (an in-progress or deny row whose hostname is not one).
   */
  readonly globalFailures: readonly string[];
  /** cluster → why nothing of it may be planned: a row of it that could not be read (an in-progress, deny or journal hostname). */
  readonly refusedClusters?: ReadonlyMap<string, string>;
  readonly seed: number;
  /** What hdfs-healthy and hdfs-capacity read; absent when the action lists neither (they then fail closed). */
  readonly hdfs?: HdfsPlanFacts | undefined;
}

export interface Removal {
  readonly hostname: string;
  readonly reason: string;
}

/**
 * One cluster of an action's plan (plan/<action>.json's `clusters`): its
 * limits as cluster-limits.ts worked them out (cluster, archetype,
 * population, budget and its basis, out, headroom, candidates, refused), the
 * hosts out, and what was picked and removed.
 */
export interface ClusterPlan extends Pick<ClusterLimits, 'cluster' | 'archetype' | 'population' | 'budget' | 'basis' | 'out' | 'headroom' | 'candidates' | 'refused'> {
  readonly outHosts: readonly { readonly hostname: string; readonly why: OutReason; readonly detail?: string }[];
  /** Candidates left after removals, before the limit on groups. */
  readonly eligible: number;
  /** Sorted by hostname. */
  readonly picked: readonly CandidateHost[];
  /** Sorted by hostname. */
  readonly removed: readonly Removal[];
  /** Groups out or opened by this plan, sorted. */
  readonly groups: readonly string[];
  /** Why the plan is empty or shorter than its headroom; null when nothing held it back. */
  readonly reason: string | null;
  /** What the HDFS invariants found, when the action lists them: hdfs-healthy's finding (null: healthy), hdfs-capacity's arithmetic. */
  readonly hdfs?: { readonly healthy?: string | null; readonly capacity?: CapacityReport | null };
}

export interface ActionPlan {
  readonly action: string;
  readonly seed: number;
  /** One per cluster, sorted bytewise by cluster. */
  readonly clusters: readonly ClusterPlan[];
  /** Every cluster's picks, sorted bytewise by hostname. */
  readonly picked: readonly CandidateHost[];
  readonly globalFailures: readonly string[];
  /** Candidates that name no cluster (so belong to no budget), with why; sorted by hostname. */
  readonly unclustered: readonly Removal[];
}

/** The group rule of an action. */
export function groupRuleOf(input: PlanInput): GroupRule {
  return { column: input.action.groupColumn, maxGroups: input.action.maxGroups };
}

export function planAction(input: PlanInput): ActionPlan {
  const facts = planFacts(input);
  const clusters = facts.clusters.map((cluster) => planCluster(input, facts, cluster));
  return {
    action: input.action.name,
    seed: input.seed,
    clusters,
    picked: clusters.flatMap((p) => p.picked).sort(byHostname),
    globalFailures: [...input.globalFailures],
    unclustered: facts.unclustered,
  };
}

function planCluster(input: PlanInput, facts: PlanFacts, cluster: string): ClusterPlan {
  const limits = clusterLimits(input, facts, cluster);
  const rule = groupRuleOf(input);
  const outHosts = facts.outByCluster.get(cluster) ?? [];
  const outGroups = facts.outGroupsByCluster.get(cluster) ?? new Set<string>();

  const removed: KindedRemoval[] = (facts.conflictsByCluster.get(cluster) ?? []).map((r) => ({ ...r, kind: 'conflict' as const }));
  const eligible: CandidateHost[] = [];
  for (const c of facts.candidatesByCluster.get(cluster) ?? []) {
    const why = removalOf(input, facts, rule, { ...c, cluster });
    if (why === null) eligible.push(c);
    else removed.push(why);
  }
  removed.sort(byHostname);

  // hdfs-capacity: where the cluster stands, and how each pick moves it.
  const capacity = limits.hdfs.capacity;
  let capacityState: CapacityState | undefined = capacity?.start;
  const vetoed: string[] = [];
  const hdfsReport = (): ClusterPlan['hdfs'] => {
    const listed = input.action.invariants;
    if (!listed.includes('hdfs-healthy') && !listed.includes('hdfs-capacity')) return undefined;
    return {
      ...(listed.includes('hdfs-healthy') ? { healthy: limits.hdfs.healthy ?? null } : {}),
      ...(listed.includes('hdfs-capacity') ? { capacity: capacity === null ? null : capacityReport(capacity, capacityState!, vetoed.length) } : {}),
    };
  };

  const result = (picked: readonly CandidateHost[], groups: Iterable<string>, reason: string | null, refused = limits.refused): ClusterPlan => {
    const hdfs = hdfsReport();
    return {
      cluster,
      archetype: limits.archetype,
      population: limits.population,
      budget: limits.budget,
      basis: limits.basis,
      out: limits.out,
      outHosts: outHosts.map((o) => ({ hostname: o.hostname, why: o.why, ...(o.detail !== undefined ? { detail: o.detail } : {}) })),
      headroom: limits.headroom,
      candidates: limits.candidates,
      eligible: eligible.length,
      picked: [...picked].sort(byHostname),
      removed: removed.map((r) => ({ hostname: r.hostname, reason: r.reason })),
      groups: sortedBytewise(groups),
      reason,
      refused,
      ...(hdfs !== undefined ? { hdfs } : {}),
    };
  };
  const empty = (reason: string) => result([], outGroups, reason);

  // docs/design.md#empty-plans: an empty plan is a normal outcome, with the first reason that applies.
  if (limits.refusal !== null) return empty(limits.refusal);
  if (limits.candidates === 0) return empty('no candidates');
  if (limits.noHeadroom !== null) return empty(limits.noHeadroom);
  if (eligible.length === 0) return empty(describeRemovals(removed, limits.candidates));

  // Spread sampling, the group rule and hdfs-capacity vetoing picks as groups open and capacity goes.
  // `open` and the capacity state only catch up with the picks so far; the rules themselves are pure.
  const open = new Set(outGroups);
  let seen = 0;
  const catchUp = (pickedSoFar: readonly CandidateHost[]) => {
    for (; seen < pickedSoFar.length; seen++) {
      const c = pickedSoFar[seen]!;
      if (rule.column !== undefined && c.group !== null) open.add(c.group);
      if (capacityState !== undefined) capacityState = without(capacityState, hostCost(input, cluster, c.hostname));
    }
  };
  const rng = seededRng(deriveSeed(input.seed, input.action.name, cluster));
  const picked = spreadSample(eligible, (c) => c.spread, limits.headroom, rng, (c, pickedSoFar) => {
    catchUp(pickedSoFar);
    if (groupRefusal(rule, open, c.group) !== null) return false;
    if (capacity === null) return true;
    const veto = capacityVeto(capacity, capacityState!, hostCost(input, cluster, c.hostname));
    if (veto !== null) vetoed.push(veto);
    return veto === null;
  });
  catchUp(picked);

  const cut = vetoed.length > 0 && picked.length < limits.headroom ? capacityCut(cluster, picked.length, vetoed[0]!) : null;
  // Nothing fitted hdfs-capacity: the invariant failed and the cluster is refused.
  if (cut !== null && picked.length === 0) return result(picked, open, cut, true);
  return result(picked, open, cut ?? shortfall(input, limits, removed, eligible, picked, rule, outGroups, open));
}

/**
 * Why hdfs-capacity left candidates out: nothing fitted (the invariant
 * failed: the cluster is refused) or the plan was cut short.
 */
function capacityCut(cluster: string, picked: number, firstVeto: string): string {
  if (picked === 0) return invariantFailed('hdfs-capacity', `${cluster}: taking out a candidate ${firstVeto}`);
  return `hdfs-capacity: cut to ${picked}: one more ${firstVeto}`;
}

/** Why a plan took fewer hosts than its headroom, or null when it took all it could want. */
function shortfall(
  input: PlanInput,
  limits: ClusterLimits,
  removed: readonly KindedRemoval[],
  eligible: readonly CandidateHost[],
  picked: readonly CandidateHost[],
  rule: GroupRule,
  outGroups: ReadonlySet<string>,
  open: ReadonlySet<string>,
): string | null {
  if (picked.length >= limits.headroom) return null;
  const pickedNames = new Set(picked.map((c) => c.hostname));
  const blocked = eligible.filter((c) => !pickedNames.has(c.hostname) && groupRefusal(rule, open, c.group) !== null).length;
  if (picked.length === 0) {
    // Every eligible host was refused by the group rule: the groups out fill max_groups.
    return `group limit: ${formatGroups(outGroups)} already out (max_groups ${input.action.maxGroups})`;
  }
  if (blocked > 0 && groupsFull(rule, open)) {
    return `group limit: only ${formatGroups(open)} may be out (max_groups ${input.action.maxGroups}); ${blocked} candidate${blocked === 1 ? ' is' : 's are'} in other groups`;
  }
  if (removed.length > 0) return describeRemovals(removed, limits.candidates);
  return null;
}
