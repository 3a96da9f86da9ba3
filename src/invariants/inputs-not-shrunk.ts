import { compareBytewise } from '../util/bytewise.js';
import { exceedsPercent, formatPercent } from '../util/percent.js';

/** policy.thresholds.shrink_percent's default. */
export const DEFAULT_SHRINK_PERCENT = 10;

/**
 * inputs-not-shrunk (scope: global): no source lost more than its allowed
 * share of rows since the previous pass. A truncated dump must not turn into
 * mass action. `maxDropPercent` is one number for every source, or a function
 * of the source (a source's own `shrink_percent`, else the policy's).
 *
 * Passes: a source with no previous count (new, or no previous pass), a
 * previous count of 0 (nothing to lose), a drop of exactly the limit, and a
 * source absent from `current` (its import failed, so its rows were kept
 * unchanged; inputs-fresh is the invariant that catches a missing import).
 * Returns the failures sorted by source:
 * `excluded fell from 1000 to 850 rows (-15%, max -10%)`.
 */
export function checkInputsNotShrunk(
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
  maxDropPercent: number | ((source: string) => number) = DEFAULT_SHRINK_PERCENT,
): string[] {
  const failures: string[] = [];
  for (const source of [...current.keys()].sort(compareBytewise)) {
    const now = current.get(source)!;
    const before = previous.get(source);
    if (before === undefined || before <= 0 || now >= before) continue;
    const limit = typeof maxDropPercent === 'number' ? maxDropPercent : maxDropPercent(source);
    if (exceedsPercent(before - now, before, limit)) {
      failures.push(`${source} fell from ${before} to ${now} rows (-${formatPercent(before - now, before, limit)}%, max -${limit}%)`);
    }
  }
  return failures;
}
