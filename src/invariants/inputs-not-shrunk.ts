/**
 * inputs-not-shrunk: no source lost more than its allowed share of rows since
 * the previous pass (`maxDropPercent`, a number for every source or a function
 * of the source). A truncated dump must not turn into mass action. Sources
 * without a previous count (new ones) pass.
 */
export function checkInputsNotShrunk(
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
  maxDropPercent: number | ((source: string) => number),
): string[] {
  const failures: string[] = [];
  for (const [source, now] of [...current.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = previous.get(source);
    if (before === undefined || before === 0) continue;
    const drop = ((before - now) / before) * 100;
    const limit = typeof maxDropPercent === 'number' ? maxDropPercent : maxDropPercent(source);
    if (drop > limit) {
      failures.push(`${source} fell from ${before} to ${now} rows (-${Math.round(drop)}%, max -${limit}%)`);
    }
  }
  return failures;
}
