import { formatDuration } from '../config/duration.js';

export interface SourceFreshness {
  readonly name: string;
  /** Seconds; undefined = no age limit. */
  readonly maxAge?: number;
}

export interface LatestImport {
  readonly source: string;
  readonly status: 'ok' | 'unchanged' | 'failed';
  readonly pass: number | null;
  /** Epoch seconds the data is from. */
  readonly dataTime: number | null;
}

/**
 * inputs-fresh: every source was imported (in this pass, when planning inside
 * one) and its data is no older than its max_age. Returns the failures,
 * worded for a person: `inventory is 3h12m old (max_age 2h)`.
 */
export function checkInputsFresh(sources: readonly SourceFreshness[], latest: readonly LatestImport[], at: { pass: number | null; now: number }): string[] {
  const failures: string[] = [];
  for (const s of sources) {
    const imp = latest.find((l) => l.source === s.name);
    if (imp === undefined) {
      failures.push(`${s.name} was never imported`);
      continue;
    }
    if (imp.status === 'failed') {
      failures.push(`${s.name}: its last import failed`);
      continue;
    }
    if (at.pass !== null && imp.pass !== at.pass) {
      failures.push(`${s.name} was not imported this pass`);
      continue;
    }
    if (s.maxAge !== undefined && imp.dataTime !== null) {
      const age = at.now - imp.dataTime;
      if (age > s.maxAge) failures.push(`${s.name} is ${formatDuration(age)} old (max_age ${formatDuration(s.maxAge)})`);
    }
  }
  return failures;
}
