import { formatDuration } from '../config/duration.js';
import { compareBytewise } from '../util/bytewise.js';

/** A configured source, as inputs-fresh sees it. */
export interface SourceFreshness {
  readonly name: string;
  /** Seconds (config `max_age`); undefined = no age limit. */
  readonly maxAge?: number | undefined;
}

/** The latest import record of a source (table `imports`). */
export interface LatestImport {
  readonly source: string;
  readonly status: 'ok' | 'unchanged' | 'failed';
  readonly pass: number | null;
  /** Epoch seconds the data is from (a file's mtime, a command's run). */
  readonly dataTime: number | null;
}

export interface FreshnessAt {
  /** The pass being planned; null outside a pass (`breakfix plan`), where "this pass" is not checked. */
  readonly pass: number | null;
  /** Epoch seconds: the caller's clock, never read here. */
  readonly now: number;
}

/**
 * How far ahead of the clock a source's data time may be and still count as
 * fresh: the clocks of the machines that wrote the inputs and of the one
 * running breakfix may disagree by this much (NTP keeps them far closer).
 * Data further ahead says a clock is wrong, and its age can not be known.
 */
export const MAX_FUTURE_SKEW_SECONDS = 300;

/**
 * inputs-fresh (scope: global): every configured source was imported (ok or
 * unchanged) in this pass, and its data is no older than its max_age.
 * Returns the failures, sorted by source, each worded for a person:
 * `inventory is 3h12m old (max_age 2h)`, `hdfs-dwh was not imported this pass`.
 *
 * Fails closed: a source with a max_age whose data time is unknown fails,
 * since its age can not be shown to be within the limit; so does one whose
 * data time is more than MAX_FUTURE_SKEW_SECONDS ahead of the clock (a file
 * touched by a machine whose clock is wrong, or breakfix's own clock set
 * back): its age is unknown, and it may be days old. `latest` should hold one record per
 * source; when it holds several, the last one counts.
 */
export function checkInputsFresh(sources: readonly SourceFreshness[], latest: readonly LatestImport[], at: FreshnessAt): string[] {
  const bySource = new Map<string, LatestImport>();
  for (const l of latest) bySource.set(l.source, l);
  const failures: [string, string][] = [];
  for (const s of sources) {
    const failure = freshnessFailure(s, bySource.get(s.name), at);
    if (failure !== null) failures.push([s.name, failure]);
  }
  return failures.sort(([a], [b]) => compareBytewise(a, b)).map(([, f]) => f);
}

function freshnessFailure(s: SourceFreshness, imp: LatestImport | undefined, at: FreshnessAt): string | null {
  if (imp === undefined) return `${s.name} was never imported`;
  const thisPass = at.pass === null || imp.pass === at.pass;
  if (imp.status === 'failed') return thisPass ? `${s.name} failed to import` : `${s.name} was not imported this pass (its last import failed)`;
  if (!thisPass) return `${s.name} was not imported this pass`;
  if (s.maxAge === undefined) return null;
  if (imp.dataTime === null) return `${s.name} has no data time to check against max_age ${formatDuration(s.maxAge)}`;
  const age = at.now - imp.dataTime;
  if (-age > MAX_FUTURE_SKEW_SECONDS) {
    return `${s.name} is ${formatDuration(-age)} ahead of the clock (at most ${formatDuration(MAX_FUTURE_SKEW_SECONDS)} of clock skew is allowed: a clock is wrong, so its age is unknown)`;
  }
  return age > s.maxAge ? `${s.name} is ${formatDuration(age)} old (max_age ${formatDuration(s.maxAge)})` : null;
}
