import { exceedsPercent, formatPercent } from '../util/percent.js';

export interface CandidatesSaneArgs {
  /** Candidates the action's view lists for the cluster, before any removal. */
  readonly candidates: number;
  /** Hosts of the cluster in the action's population. */
  readonly population: number;
  /** policy.thresholds.candidates_percent (default 25). */
  readonly maxPercent: number;
}

/**
 * candidates-sane (scope: cluster): an action's candidates are at most
 * `maxPercent`% of the cluster's population. More means a broken input or a
 * systemic outage: a case for a person, not for automation. Exactly at the
 * limit passes. Returns null, or the failure worded for a person:
 * `40 candidates are 40% of 100 hosts (max 25%)`.
 */
export function checkCandidatesSane(args: CandidatesSaneArgs): string | null {
  const { candidates, population, maxPercent } = args;
  if (!exceedsPercent(candidates, population, maxPercent)) return null;
  const what = `${candidates} candidate${candidates === 1 ? '' : 's'}`;
  if (population === 0) return `${what} but the population is empty (max ${maxPercent}%)`;
  return `${what} ${candidates === 1 ? 'is' : 'are'} ${formatPercent(candidates, population, maxPercent)}% of ${population} host${population === 1 ? '' : 's'} (max ${maxPercent}%)`;
}
