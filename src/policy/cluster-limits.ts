import { checkCandidatesSane } from '../invariants/candidates-sane.js';
import { invariantFailed } from '../invariants/registry.js';
import { compareBytewise } from '../util/bytewise.js';
import { clusterBudget, headroom as headroomOf, type ArchetypeLimits, type BudgetOverride } from './budget.js';
import { hdfsVerdict, type HdfsClusterVerdict } from './hdfs-rules.js';
import type { PlanFacts } from './plan-facts.js';
import type { PlanInput } from './plan-action.js';

/** A cluster's limits for one action (docs/design.md#budget, docs/design.md#out-and-headroom), and what refuses the whole cluster, if anything. */
export interface ClusterLimits {
  readonly cluster: string;
  /** The archetype name classify gives it (`default` when unlisted). */
  readonly archetype: string;
  readonly population: number;
  readonly budget: number;
  /** The budget arithmetic in words: `6% of 49 = 2`. */
  readonly basis: string;
  /** Distinct hosts of the cluster out: in progress, planned earlier this pass, unknown outcome. */
  readonly out: number;
  readonly headroom: number;
  /** Distinct candidates the view lists for the cluster, before removals. */
  readonly candidates: number;
  /** Why nothing of this cluster may be planned, before looking at any host; null when hosts may be. */
  readonly refusal: string | null;
  /** The cluster is refused (exit 3): a global or cluster invariant failed, or a row it needs could not be read; not a missing archetype. */
  readonly refused: boolean;
  /** Why the headroom is 0, or null when it is not. */
  readonly noHeadroom: string | null;
  /** What hdfs-healthy and hdfs-capacity decided before looking at any candidate. */
  readonly hdfs: HdfsClusterVerdict;
}

/** The per-cluster reason when global invariants failed: the first, and how many more (the action lists them all). */
export function globalRefusal(failures: readonly string[]): string | null {
  if (failures.length === 0) return null;
  const more = failures.length - 1;
  return failures[0]! + (more > 0 ? ` (and ${more} more)` : '');
}

/**
 * The override for a cluster. Several overrides for one cluster are a config
 * mistake; the smallest max wins (ties: the reason first bytewise), the safe
 * reading, whatever order they are listed in.
 */
export function overrideOf(input: PlanInput, cluster: string): BudgetOverride | undefined {
  let best: BudgetOverride | undefined;
  for (const o of input.policy.overrides) {
    if (o.cluster !== cluster) continue;
    if (best === undefined || o.max < best.max || (o.max === best.max && compareBytewise(o.reason, best.reason) < 0)) best = o;
  }
  return best;
}

/** The cluster's archetype by name; undefined when classify names one the config does not define (own keys only: `constructor` is not an archetype). */
export function archetypeOf(input: PlanInput, cluster: string): { readonly name: string; readonly limits: ArchetypeLimits | undefined } {
  const name = input.classify.get(cluster) ?? 'default';
  return { name, limits: Object.hasOwn(input.policy.archetypes, name) ? input.policy.archetypes[name] : undefined };
}

export function clusterLimits(input: PlanInput, facts: PlanFacts, cluster: string): ClusterLimits {
  const population = input.population.get(cluster)?.size ?? 0;
  const { name: archetype, limits } = archetypeOf(input, cluster);
  const override = overrideOf(input, cluster);
  const out = facts.outByCluster.get(cluster)?.length ?? 0;
  const candidates = (facts.candidatesByCluster.get(cluster)?.length ?? 0) + (facts.conflictsByCluster.get(cluster)?.length ?? 0);

  // An archetype the config lacks is never guessed at: the cluster gets nothing (an override still decides on its own).
  const unknownArchetype = limits === undefined && override === undefined;
  const { budget, basis } = unknownArchetype
    ? { budget: 0, basis: `archetype ${archetype} is not in policy.archetypes` }
    : clusterBudget({ population, archetype: limits, override });
  const headroom = headroomOf(budget, out, input.action.maxPerPass);

  let refusal = globalRefusal(input.globalFailures) ?? input.refusedClusters?.get(cluster) ?? null;
  let refused = refusal !== null;
  if (refusal === null && unknownArchetype) refusal = `archetype ${archetype} (from policy.classify) is not in policy.archetypes: nothing planned`;
  if (refusal === null && input.action.invariants.includes('candidates-sane')) {
    const insane = checkCandidatesSane({ candidates, population, maxPercent: input.policy.candidatesPercent });
    if (insane !== null) {
      refusal = invariantFailed('candidates-sane', insane);
      refused = true;
    }
  }

  // An unhealthy cluster with nothing to drain is nothing to refuse (its plan JSON still says what is wrong).
  const hdfs = hdfsVerdict({ invariants: input.action.invariants, hdfs: input.hdfs }, facts, cluster);
  if (refusal === null && candidates > 0 && hdfs.refusal !== null) {
    refusal = hdfs.refusal;
    refused = true;
  }

  let noHeadroom: string | null = null;
  if (headroom === 0) {
    if (budget === 0) noHeadroom = `budget 0: ${basis}`;
    else if (out >= budget) noHeadroom = `budget used: ${out} of ${budget} out`;
    else noHeadroom = `max_per_pass ${input.action.maxPerPass ?? 0}`;
  }
  return { cluster, archetype, population, budget, basis, out, headroom, candidates, refusal, refused, noHeadroom, hdfs };
}
