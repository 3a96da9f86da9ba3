import { floorPercentOf } from '../util/percent.js';

/** An archetype (config `policy.archetypes`): the share of a cluster that may be out at once. */
export interface ArchetypeLimits {
  readonly percent: number;
  /** At least this many, whatever the percentage gives: small clusters still get maintenance (config default 1). */
  readonly floor: number;
  /** At most this many; absent = no ceiling. */
  readonly ceiling?: number | undefined;
}

/** A per-cluster limit that replaces the archetype (config `policy.overrides`). */
export interface BudgetOverride {
  readonly max: number;
  readonly reason: string;
}

export interface BudgetArgs {
  /** Hosts of the cluster in the population view. */
  readonly population: number;
  /** The cluster's archetype; may be absent only when an override decides the budget. */
  readonly archetype?: ArchetypeLimits | undefined;
  readonly override?: BudgetOverride | undefined;
}

export interface Budget {
  /** How many hosts of the cluster may be out at once. */
  readonly budget: number;
  /** One line a person can check: `6% of 49 = 2`, `6% of 10 = 0, raised to floor 1`, `override max 1: ...`. */
  readonly basis: string;
}

/**
 * budget = override max if the cluster has one, else
 * clamp(floor(percent × population / 100), floor, ceiling).
 *
 * Rounding is floor (6% of 49 hosts is 2.94, so 2) and exact for exact
 * products (7% of 100 is 7, never 6 from float error). When a misconfigured
 * archetype has a floor above its ceiling, the ceiling wins: the smaller
 * budget is the safe reading of a contradiction.
 */
export function clusterBudget(args: BudgetArgs): Budget {
  const { population, archetype, override } = args;
  if (override !== undefined) return { budget: override.max, basis: `override max ${override.max}: ${override.reason}` };
  if (archetype === undefined) return { budget: 0, basis: 'no archetype and no override: budget 0' };
  const raw = floorPercentOf(archetype.percent, population);
  let budget = raw;
  let basis = `${archetype.percent}% of ${population} = ${raw}`;
  if (budget < archetype.floor) {
    budget = archetype.floor;
    basis += `, raised to floor ${archetype.floor}`;
  }
  if (archetype.ceiling !== undefined && budget > archetype.ceiling) {
    budget = archetype.ceiling;
    basis += `, capped at ceiling ${archetype.ceiling}`;
  }
  return { budget, basis };
}

/** headroom = max(0, budget − out), further capped by the action's max_per_pass. */
export function headroom(budget: number, out: number, maxPerPass?: number): number {
  const left = Math.max(0, budget - out);
  return maxPerPass === undefined ? left : Math.max(0, Math.min(left, maxPerPass));
}
