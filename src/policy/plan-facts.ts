import { byHostname, compareBytewise } from '../util/bytewise.js';
import { groupKey } from './group-rule.js';
import type { CandidateHost, OutHost, PlanInput, Removal } from './plan-action.js';

/**
 * The planner's inputs indexed once, in a form that does not depend on the
 * order they arrived in: candidates normalised, de-duplicated and sorted
 * bytewise, out hosts grouped by cluster. Both the planner and the re-check
 * of an edited plan read the same facts, so they can not disagree.
 */
export interface PlanFacts {
  /** Every cluster named by the population, the candidates or the out hosts, sorted bytewise. */
  readonly clusters: readonly string[];
  /** Distinct, consistent candidates of each cluster, sorted by hostname. */
  readonly candidatesByCluster: ReadonlyMap<string, readonly CandidateHost[]>;
  /** Candidates listed more than once with different values, per cluster they named. */
  readonly conflictsByCluster: ReadonlyMap<string, readonly Removal[]>;
  /** What the candidates view says about each hostname. */
  readonly candidateByHost: ReadonlyMap<string, CandidateEntry>;
  /** Candidates that name no cluster: no cluster's plan can take them. */
  readonly unclustered: readonly Removal[];
  /** One out row per hostname (the most telling one), whatever cluster it is out in. */
  readonly outByHost: ReadonlyMap<string, OutHost>;
  /** Distinct out hosts of each cluster, sorted by hostname. */
  readonly outByCluster: ReadonlyMap<string, readonly OutHost[]>;
  /** Groups of the out hosts of each cluster (every row counts: the rule errs towards more groups out). */
  readonly outGroupsByCluster: ReadonlyMap<string, ReadonlySet<string>>;
}

export type CandidateEntry = { readonly ok: true; readonly host: CandidateHost } | { readonly ok: false; readonly reason: string };

export const CONFLICT_REASON = 'listed by the candidates view more than once, with different cluster, spread or group';
export const NO_CLUSTER_REASON = 'no cluster: a candidate without a cluster belongs to no budget';

/** null for null, empty or blank: the views hand over '' as often as NULL. */
export function blankToNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

function normalizeCandidate(c: CandidateHost): CandidateHost {
  return { hostname: c.hostname, cluster: blankToNull(c.cluster), spread: blankToNull(c.spread), group: groupKey(c.group) };
}

const sameCandidate = (a: CandidateHost, b: CandidateHost) => a.cluster === b.cluster && a.spread === b.spread && a.group === b.group;

/** Which row of a host that is out several times to show: an unknown outcome says the most, a plan of this pass the least. */
const OUT_RANK: Readonly<Record<OutHost['why'], number>> = { 'unknown-outcome': 0, 'in-progress': 1, planned: 2 };

function moreTelling(a: OutHost, b: OutHost): boolean {
  const r = OUT_RANK[a.why] - OUT_RANK[b.why];
  if (r !== 0) return r < 0;
  const d = compareBytewise(a.detail ?? '', b.detail ?? '');
  if (d !== 0) return d < 0;
  const c = compareBytewise(a.cluster, b.cluster);
  if (c !== 0) return c < 0;
  return compareBytewise(a.group ?? '', b.group ?? '') < 0;
}

export function planFacts(input: PlanInput): PlanFacts {
  // Candidates: collapse identical duplicates; a host listed with different values is contradictory data, never planned.
  const rowsByHost = new Map<string, CandidateHost[]>();
  for (const raw of input.candidates) {
    const c = normalizeCandidate(raw);
    const rows = rowsByHost.get(c.hostname);
    if (rows === undefined) rowsByHost.set(c.hostname, [c]);
    else if (!rows.some((r) => sameCandidate(r, c))) rows.push(c);
  }
  const candidatesByCluster = new Map<string, CandidateHost[]>();
  const conflictsByCluster = new Map<string, Removal[]>();
  const candidateByHost = new Map<string, CandidateEntry>();
  const unclustered: Removal[] = [];
  for (const hostname of [...rowsByHost.keys()].sort(compareBytewise)) {
    const rows = rowsByHost.get(hostname)!;
    if (rows.length === 1) {
      const host = rows[0]!;
      candidateByHost.set(hostname, { ok: true, host });
      if (host.cluster === null) unclustered.push({ hostname, reason: NO_CLUSTER_REASON });
      else push(candidatesByCluster, host.cluster, host);
      continue;
    }
    candidateByHost.set(hostname, { ok: false, reason: CONFLICT_REASON });
    const named = new Set(rows.map((r) => r.cluster));
    if (named.has(null)) unclustered.push({ hostname, reason: CONFLICT_REASON });
    for (const cluster of named) if (cluster !== null) push(conflictsByCluster, cluster, { hostname, reason: CONFLICT_REASON });
  }

  // Out hosts. A row without a cluster still blocks its host; it counts against every cluster whose population has the host.
  const outByHost = new Map<string, OutHost>();
  const outRowsByCluster = new Map<string, OutHost[]>();
  for (const raw of input.out) {
    const o: OutHost = { ...raw, group: groupKey(raw.group) };
    const seen = outByHost.get(o.hostname);
    if (seen === undefined || moreTelling(o, seen)) outByHost.set(o.hostname, o);
    const cluster = blankToNull(o.cluster);
    if (cluster !== null) push(outRowsByCluster, cluster, o);
    else for (const [c, hosts] of input.population) if (blankToNull(c) !== null && hosts.has(o.hostname)) push(outRowsByCluster, c, { ...o, cluster: c });
  }
  const outByCluster = new Map<string, OutHost[]>();
  const outGroupsByCluster = new Map<string, Set<string>>();
  for (const [cluster, rows] of outRowsByCluster) {
    const distinct = new Map<string, OutHost>();
    const groups = new Set<string>();
    for (const o of rows) {
      const seen = distinct.get(o.hostname);
      if (seen === undefined || moreTelling(o, seen)) distinct.set(o.hostname, o);
      if (o.group !== null) groups.add(o.group);
    }
    outByCluster.set(cluster, [...distinct.values()].sort(byHostname));
    outGroupsByCluster.set(cluster, groups);
  }

  const clusters = new Set<string>();
  for (const c of input.population.keys()) if (blankToNull(c) !== null) clusters.add(c);
  for (const c of candidatesByCluster.keys()) clusters.add(c);
  for (const c of conflictsByCluster.keys()) clusters.add(c);
  for (const c of outByCluster.keys()) clusters.add(c);

  return {
    clusters: [...clusters].sort(compareBytewise),
    candidatesByCluster,
    conflictsByCluster,
    candidateByHost,
    unclustered,
    outByHost,
    outByCluster,
    outGroupsByCluster,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
