/** An archetype: the share of a cluster that may be out at once. */
export interface ArchetypeLimits {
  readonly percent: number;
  /** At least this many, whatever the percentage gives (small clusters still get maintenance). */
  readonly floor: number;
  readonly ceiling?: number | undefined;
}

export interface Override {
  readonly cluster: string;
  readonly max: number;
  readonly reason: string;
}

export interface Budget {
  readonly budget: number;
  /** One line a person can check: `6% of 49 = 2`, `6% of 10 = 0, raised to floor 1`, `override max 1: ...`. */
  readonly basis: string;
}

/**
 * budget = override max if the cluster has one, else
 * clamp(floor(percent × population / 100), floor, ceiling).
 * Rounding is floor: 6% of 49 hosts is 2.94, so 2. A tiny epsilon keeps
 * float error from flooring an exact product down (7% of 100 is 7, not 6).
 */
export function clusterBudget(population: number, archetype: ArchetypeLimits, override?: Override): Budget {
  if (override !== undefined) return { budget: override.max, basis: `override max ${override.max}: ${override.reason}` };
  const raw = Math.floor((archetype.percent * population) / 100 + 1e-9);
  const pct = `${archetype.percent}% of ${population} = ${raw}`;
  if (raw < archetype.floor) return { budget: archetype.floor, basis: `${pct}, raised to floor ${archetype.floor}` };
  if (archetype.ceiling !== undefined && raw > archetype.ceiling) return { budget: archetype.ceiling, basis: `${pct}, capped at ceiling ${archetype.ceiling}` };
  return { budget: raw, basis: pct };
}

/** headroom = max(0, budget − out), further capped by max_per_pass. */
export function headroom(budget: number, out: number, maxPerPass?: number): number {
  const h = Math.max(0, budget - out);
  return maxPerPass === undefined ? h : Math.min(h, maxPerPass);
}
