import type { InvariantName } from '../config/schema.js';
import { clusterBudget, headroom as headroomOf, type ArchetypeLimits, type Override } from './budget.js';
import { bytewise, GroupBudget } from './group-rule.js';
import { deriveSeed, seededRng } from './rng.js';
import { spreadSample } from './spread.js';

/**
 * The planner (DESIGN.md "Policy, selection and invariants"): pure, given
 * every fact as data and the seed, it decides which candidates an action may
 * take in each cluster, and says why for everything it leaves out.
 */

export interface CandidateHost {
  readonly hostname: string;
  readonly cluster: string | null;
  readonly spread: string | null;
  readonly group: string | null;
}

export type OutReason = 'in-progress' | 'planned' | 'unknown-outcome';

export interface OutHost {
  readonly hostname: string;
  readonly cluster: string;
  readonly group: string | null;
  readonly why: OutReason;
  readonly detail?: string;
}

export interface PlanInput {
  readonly action: {
    readonly name: string;
    readonly maxGroups: number;
    readonly maxPerPass?: number;
    readonly groupColumn?: string;
    readonly spreadColumn?: string;
    readonly invariants: readonly InvariantName[];
  };
  readonly policy: {
    readonly archetypes: Readonly<Record<string, ArchetypeLimits>>;
    readonly overrides: readonly Override[];
    readonly candidatesPercent: number;
  };
  /** cluster → archetype name; unlisted clusters are `default`. */
  readonly classify: ReadonlyMap<string, string>;
  readonly population: ReadonlyMap<string, ReadonlySet<string>>;
  readonly candidates: readonly CandidateHost[];
  readonly out: readonly OutHost[];
  readonly denied: ReadonlyMap<string, string>;
  readonly hostFailures: ReadonlyMap<string, readonly string[]>;
  readonly globalFailures: readonly string[];
  readonly seed: number;
}

export interface Removal {
  readonly hostname: string;
  readonly reason: string;
}

export interface ClusterPlan {
  readonly cluster: string;
  readonly archetype: string;
  readonly population: number;
  readonly budget: number;
  readonly basis: string;
  readonly out: number;
  readonly outHosts: readonly { hostname: string; why: OutReason; detail?: string }[];
  readonly headroom: number;
  /** Candidates the view listed for this cluster (before removals). */
  readonly candidates: number;
  /** Candidates left after removals, before the group rule. */
  readonly eligible: number;
  readonly picked: readonly CandidateHost[];
  readonly removed: readonly Removal[];
  /** Groups out or opened by this plan. */
  readonly groups: readonly string[];
  /** Why the plan is empty (or shorter than the headroom); null when it used its headroom. */
  readonly reason: string | null;
}

export interface ActionPlan {
  readonly action: string;
  readonly seed: number;
  readonly clusters: readonly ClusterPlan[];
  /** Every cluster's picks, sorted bytewise by hostname. */
  readonly picked: readonly CandidateHost[];
  readonly globalFailures: readonly string[];
}

const byHost = (a: { hostname: string }, b: { hostname: string }) => bytewise(a.hostname, b.hostname);

/** The archetype a cluster gets, or undefined (with its name) when classify names one the config lacks. */
export function archetypeOf(input: PlanInput, cluster: string): { name: string; limits: ArchetypeLimits | undefined } {
  const name = input.classify.get(cluster) ?? 'default';
  return { name, limits: input.policy.archetypes[name] };
}

/** Which out hosts belong to a cluster: distinct hostnames, first reason kept. */
function outOfCluster(input: PlanInput, cluster: string): OutHost[] {
  const seen = new Map<string, OutHost>();
  for (const o of [...input.out].sort(byHost)) {
    if (o.cluster === cluster && !seen.has(o.hostname)) seen.set(o.hostname, o);
  }
  return [...seen.values()];
}

/** Why a candidate may not be planned at all, or undefined. The order of checks fixes which reason is recorded. */
export function removalReason(input: PlanInput, c: CandidateHost, outHosts: ReadonlyMap<string, OutHost>): string | undefined {
  if (c.cluster === null || c.cluster === '') return 'no cluster';
  if (!(input.population.get(c.cluster)?.has(c.hostname) ?? false)) return `not in the population of ${c.cluster}`;
  const out = outHosts.get(c.hostname);
  if (out !== undefined) return `already out: ${out.detail ?? out.why}`;
  const denied = input.denied.get(c.hostname);
  if (denied !== undefined) return denied;
  const failures = input.hostFailures.get(c.hostname);
  if (failures !== undefined && failures.length > 0) return `invariant ${failures.join('; invariant ')}`;
  if (input.action.groupColumn !== undefined && c.group === null) return `no ${input.action.groupColumn}: a host without a replica group is never eligible`;
  return undefined;
}

export function planAction(input: PlanInput): ActionPlan {
  const candidates = dedupe([...input.candidates].sort(byHost));
  const clusters = new Set<string>([...input.population.keys()]);
  for (const c of candidates) if (c.cluster) clusters.add(c.cluster);
  for (const o of input.out) clusters.add(o.cluster);

  const plans: ClusterPlan[] = [];
  const outByHost = new Map<string, OutHost>();
  for (const o of [...input.out].sort(byHost)) if (!outByHost.has(o.hostname)) outByHost.set(o.hostname, o);

  // Candidates with no cluster belong to no cluster plan; record them under the empty name if any.
  const orphans = candidates.filter((c) => c.cluster === null || c.cluster === '');
  for (const cluster of [...clusters].sort(bytewise)) {
    plans.push(planCluster(input, cluster, candidates.filter((c) => c.cluster === cluster), outByHost));
  }
  if (orphans.length > 0) {
    plans.push({
      cluster: '(none)',
      archetype: '-',
      population: 0,
      budget: 0,
      basis: 'candidates without a cluster are never planned',
      out: 0,
      outHosts: [],
      headroom: 0,
      candidates: orphans.length,
      eligible: 0,
      picked: [],
      removed: orphans.map((c) => ({ hostname: c.hostname, reason: 'no cluster' })),
      groups: [],
      reason: `${orphans.length} candidate${orphans.length > 1 ? 's have' : ' has'} no cluster`,
    });
  }
  return {
    action: input.action.name,
    seed: input.seed,
    clusters: plans,
    picked: plans.flatMap((p) => p.picked).sort(byHost),
    globalFailures: [...input.globalFailures],
  };
}

function dedupe(sorted: CandidateHost[]): CandidateHost[] {
  return sorted.filter((c, i) => i === 0 || sorted[i - 1]!.hostname !== c.hostname);
}

function planCluster(input: PlanInput, cluster: string, candidates: readonly CandidateHost[], outByHost: ReadonlyMap<string, OutHost>): ClusterPlan {
  const population = input.population.get(cluster)?.size ?? 0;
  const { name: archetype, limits } = archetypeOf(input, cluster);
  const override = input.policy.overrides.find((o) => o.cluster === cluster);
  const outHosts = outOfCluster(input, cluster);
  const base = {
    cluster,
    archetype,
    population,
    out: outHosts.length,
    outHosts: outHosts.map((o) => ({ hostname: o.hostname, why: o.why, ...(o.detail !== undefined ? { detail: o.detail } : {}) })),
    candidates: candidates.length,
  };
  const empty = (budget: number, basis: string, headroom: number, removed: Removal[], eligible: number, groups: string[], reason: string): ClusterPlan => ({
    ...base,
    budget,
    basis,
    headroom,
    eligible,
    picked: [],
    removed,
    groups,
    reason,
  });

  if (limits === undefined && override === undefined) {
    return empty(0, `archetype ${archetype} is not defined in policy.archetypes`, 0, [], 0, [], `archetype ${archetype} (from policy.classify) is not defined: nothing planned`);
  }
  const { budget, basis } = clusterBudget(population, limits ?? { percent: 0, floor: 0 }, override);
  const headroom = headroomOf(budget, outHosts.length, input.action.maxPerPass);

  const removed: Removal[] = [];
  const eligible: CandidateHost[] = [];
  for (const c of candidates) {
    const why = removalReason(input, c, outByHost);
    if (why === undefined) eligible.push(c);
    else removed.push({ hostname: c.hostname, reason: why });
  }
  const groupRule = new GroupBudget(
    outHosts.map((o) => o.group),
    input.action.maxGroups,
    input.action.groupColumn !== undefined,
  );

  if (input.globalFailures.length > 0) {
    // The action-level list has every failure; per cluster, the first says why without repeating them all.
    const more = input.globalFailures.length - 1;
    return empty(budget, basis, headroom, removed, eligible.length, groupRule.groups(), input.globalFailures[0]! + (more > 0 ? ` (and ${more} more)` : ''));
  }
  if (input.action.invariants.includes('candidates-sane') && candidates.length > 0) {
    const limit = (input.policy.candidatesPercent * population) / 100;
    if (candidates.length > limit) {
      const share = population === 0 ? 'all' : `${Math.round((candidates.length / population) * 100)}%`;
      return empty(
        budget,
        basis,
        headroom,
        removed,
        eligible.length,
        groupRule.groups(),
        `invariant candidates-sane failed: ${candidates.length} candidates are ${share} of ${population} hosts (max ${input.policy.candidatesPercent}%)`,
      );
    }
  }
  if (candidates.length === 0) return empty(budget, basis, headroom, removed, 0, groupRule.groups(), 'no candidates');
  if (eligible.length === 0) return empty(budget, basis, headroom, removed, 0, groupRule.groups(), describeRemovals(removed));
  if (headroom === 0) {
    const why =
      input.action.maxPerPass === 0
        ? 'max_per_pass 0'
        : `budget used: ${outHosts.length} of ${budget} out`;
    return empty(budget, basis, headroom, removed, eligible.length, groupRule.groups(), why);
  }

  const rng = seededRng(deriveSeed(input.seed, input.action.name, cluster));
  const picked = spreadSample(eligible, (c) => c.spread, headroom, rng, (c) => {
    if (!groupRule.allows(c.group)) return false;
    groupRule.take(c.group);
    return true;
  });
  let reason: string | null = null;
  if (picked.length === 0) reason = `group limit: ${groupRule.groups().join(', ')} already out (max_groups ${input.action.maxGroups})`;
  else if (picked.length < headroom && picked.length < eligible.length) {
    reason = `group limit: only ${groupRule.groups().join(', ')} may be out (max_groups ${input.action.maxGroups})`;
  }
  return {
    ...base,
    budget,
    basis,
    headroom,
    eligible: eligible.length,
    picked: [...picked].sort(byHost),
    removed,
    groups: groupRule.groups(),
    reason,
  };
}

/** `all 5 candidates removed: 3 denied, 2 already out`. */
function describeRemovals(removed: readonly Removal[]): string {
  const kinds = new Map<string, number>();
  for (const r of removed) {
    const kind = r.reason.startsWith('already out')
      ? 'already out'
      : r.reason.startsWith('denied')
        ? 'denied'
        : r.reason.startsWith('invariant')
          ? 'failed invariants'
          : r.reason.startsWith('not in the population')
            ? 'not in the population'
            : r.reason.startsWith('no ')
              ? 'without a group'
              : 'other';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const parts = [...kinds.entries()].sort(([a], [b]) => bytewise(a, b)).map(([k, n]) => `${n} ${k}`);
  return `all ${removed.length} candidate${removed.length === 1 ? '' : 's'} removed: ${parts.join(', ')}`;
}
