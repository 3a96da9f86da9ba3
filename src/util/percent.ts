/**
 * Percent arithmetic that float error can not tip over a limit. `percent` may
 * be a decimal (0.57%), and 0.57 × 10000 / 100 is 56.99999999999999 in binary
 * floating point: floored naively, a budget of 57 would become 56, and a
 * threshold check could pass or fail on noise.
 *
 * Results within a relative 1e-12 of an integer are taken to be that
 * integer. Float error here is a few parts in 1e16, so the margin is wide;
 * and a true fraction is far coarser than 1e-12 relative for any real fleet
 * (a percentage with two decimals of 2,000,000 hosts has fractions of 1e-4
 * on a value near 1e6: 1e-10 relative; a property test pins this).
 */

const RELATIVE_EPSILON = 1e-12;

/** `percent`% of `whole`, snapped to an integer when float error is all that separates them. */
export function percentOf(percent: number, whole: number): number {
  const x = (percent * whole) / 100;
  const r = Math.round(x);
  return Math.abs(x - r) <= RELATIVE_EPSILON * Math.max(1, Math.abs(x)) ? r : x;
}

/** floor(`percent`% of `whole`), exact for exact products (7% of 100 is 7, 2.3% of 1000 is 23). */
export function floorPercentOf(percent: number, whole: number): number {
  return Math.floor(percentOf(percent, whole));
}

/** Is `part` more than `percent`% of `whole`? Exactly at the limit is not more. */
export function exceedsPercent(part: number, whole: number, percent: number): boolean {
  const limit = percentOf(percent, whole);
  return part > limit && !nearlyEqual(part, limit);
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_EPSILON * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * `part / whole` as a percentage for a message, with as few decimals as it
 * takes to differ from `limit` (so a message never reads "25% (max 25%)" for
 * 25.04%): `40`, `25.1`, `25.04`.
 */
export function formatPercent(part: number, whole: number, limit?: number): string {
  const value = (part / whole) * 100;
  for (let decimals = 0; decimals <= 6; decimals++) {
    const shown = Number(value.toFixed(decimals));
    if (limit === undefined || shown !== limit || decimals === 6) return String(shown);
  }
  return String(value);
}
