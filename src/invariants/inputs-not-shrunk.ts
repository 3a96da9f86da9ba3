/**
 * inputs-not-shrunk: no source lost more than `maxDropPercent` of its rows
 * since the previous pass. A truncated dump must not turn into mass action.
 * Sources without a previous count (new ones) pass.
 */
export function checkInputsNotShrunk(current: ReadonlyMap<string, number>, previous: ReadonlyMap<string, number>, maxDropPercent: number): string[] {
  const failures: string[] = [];
  for (const [source, now] of [...current.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = previous.get(source);
    if (before === undefined || before === 0) continue;
    const drop = ((before - now) / before) * 100;
    if (drop > maxDropPercent) {
      failures.push(`${source} fell from ${before} to ${now} rows (-${Math.round(drop)}%, max -${maxDropPercent}%)`);
    }
  }
  return failures;
}
