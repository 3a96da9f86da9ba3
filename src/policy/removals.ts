import type { PlanFacts } from './plan-facts.js';
import { groupRefusal, type GroupRule } from './group-rule.js';
import { unknownCost } from './hdfs-rules.js';
import type { CandidateHost, OutHost, PlanInput } from './plan-action.js';

/** Why a candidate was removed before sampling, as a kind (for counting) and words (for the record). */
export type RemovalKind = 'conflict' | 'population' | 'out' | 'denied' | 'invariant' | 'no-group';

export interface KindedRemoval {
  readonly hostname: string;
  readonly kind: RemovalKind;
  readonly reason: string;
}

const OUT_WORDS: Readonly<Record<OutHost['why'], string>> = {
  'in-progress': 'in-progress',
  planned: 'planned this pass',
  'unknown-outcome': 'unknown outcome',
};

/** `already out: in-progress`, `already out: planned by drain this pass`, `already out: unknown outcome ...`. */
export function describeOut(o: OutHost): string {
  return `already out: ${o.detail ?? OUT_WORDS[o.why]}`;
}

/**
 * Why a candidate (with a cluster) may not be planned at all, or null.
 * The order of the checks fixes which reason is recorded when several apply:
 * outside the population, already out, denied, failing per-host invariants,
 * unknown to the HDFS of its cluster (hdfs-capacity can not cost it), no
 * replica group.
 */
export function removalOf(input: PlanInput, facts: PlanFacts, rule: GroupRule, c: CandidateHost & { readonly cluster: string }): KindedRemoval | null {
  const hostname = c.hostname;
  if (!(input.population.get(c.cluster)?.has(hostname) ?? false)) return { hostname, kind: 'population', reason: `not in the population of ${c.cluster}` };
  const out = facts.outByHost.get(hostname);
  if (out !== undefined) return { hostname, kind: 'out', reason: describeOut(out) };
  const denied = input.denied.get(hostname);
  if (denied !== undefined) return { hostname, kind: 'denied', reason: denied === '' ? 'denied' : denied };
  const failures = input.hostFailures.get(hostname);
  if (failures !== undefined && failures.length > 0) {
    return { hostname, kind: 'invariant', reason: `failed invariant${failures.length > 1 ? 's' : ''} ${failures.join('; ')}` };
  }
  const uncosted = unknownCost({ invariants: input.action.invariants, hdfs: input.hdfs }, c.cluster, hostname);
  if (uncosted !== null) return { hostname, kind: 'invariant', reason: `failed invariant ${uncosted}` };
  // Only the "no group" half of the group rule removes a host up front; the limit on groups applies while sampling.
  if (rule.column !== undefined) {
    const noGroup = groupRefusal(rule, new Set(), c.group);
    if (noGroup !== null) return { hostname, kind: 'no-group', reason: noGroup };
  }
  return null;
}

const KIND_WORDS: readonly (readonly [RemovalKind, string])[] = [
  ['conflict', 'listed with conflicting values'],
  ['population', 'outside the population'],
  ['out', 'already out'],
  ['denied', 'denied'],
  ['invariant', 'failed invariants'],
  ['no-group', 'without a group'],
];

/** `all 5 candidates removed: 3 denied, 2 failed invariants` / `3 of 5 candidates removed: ...`. */
export function describeRemovals(removed: readonly { readonly kind: RemovalKind }[], candidates: number): string {
  const counts = new Map<RemovalKind, number>();
  for (const r of removed) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const parts = KIND_WORDS.filter(([k]) => counts.has(k)).map(([k, words]) => `${counts.get(k)} ${words}`);
  const head = removed.length === candidates ? `all ${candidates} candidate${candidates === 1 ? '' : 's'}` : `${removed.length} of ${candidates} candidates`;
  return `${head} removed: ${parts.join(', ')}`;
}
