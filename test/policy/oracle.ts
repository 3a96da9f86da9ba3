import { expect } from 'vitest';
import type { CandidateHost, PlanInput } from '../../src/policy/plan-action.js';

/**
 * An independent reading of the planning rules (docs/design.md#policy-math), written without the planner's
 * code (integer arithmetic, no shared helpers), that the property tests hold
 * every plan and every accepted edited plan against.
 */

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';

/** budget = override max (the smallest, if several), else clamp(floor(percent × population / 100), floor, ceiling), ceiling winning. */
export function oracleBudget(input: PlanInput, cluster: string): number {
  const overrides = input.policy.overrides.filter((o) => o.cluster === cluster).map((o) => o.max);
  if (overrides.length > 0) return Math.min(...overrides);
  const name = input.classify.get(cluster) ?? 'default';
  if (!Object.hasOwn(input.policy.archetypes, name)) return 0;
  const a = input.policy.archetypes[name]!;
  const bp = Math.round(a.percent * 100); // the fixtures make percentages from whole basis points
  const n = input.population.get(cluster)?.size ?? 0;
  let b = Math.max((bp * n - ((bp * n) % 10000)) / 10000, a.floor);
  if (a.ceiling !== undefined) b = Math.min(b, a.ceiling);
  return b;
}

export function oracleArchetypeKnown(input: PlanInput, cluster: string): boolean {
  return input.policy.overrides.some((o) => o.cluster === cluster) || Object.hasOwn(input.policy.archetypes, input.classify.get(cluster) ?? 'default');
}

/** Out rows that count for a cluster: its own, and cluster-less rows of hosts in its population. */
function outRows(input: PlanInput, cluster: string) {
  return input.out.filter((o) => o.cluster === cluster || (blank(o.cluster) && (input.population.get(cluster)?.has(o.hostname) ?? false)));
}

export function oracleOut(input: PlanInput, cluster: string): Set<string> {
  return new Set(outRows(input, cluster).map((o) => o.hostname));
}

export function oracleOutGroups(input: PlanInput, cluster: string): Set<string> {
  return new Set(outRows(input, cluster).flatMap((o) => (blank(o.group) ? [] : [o.group!])));
}

export function oracleHeadroom(input: PlanInput, cluster: string): number {
  const left = Math.max(0, oracleBudget(input, cluster) - oracleOut(input, cluster).size);
  return input.action.maxPerPass === undefined ? left : Math.min(left, input.action.maxPerPass);
}

/** Distinct hostnames the candidates view lists for a cluster. */
export function oracleCandidateCount(input: PlanInput, cluster: string): number {
  return new Set(input.candidates.filter((c) => c.cluster === cluster).map((c) => c.hostname)).size;
}

/** candidates-sane fails: candidates × 100 > percent × population, in integers (percent has at most one decimal in the fixtures). */
export function oracleInsane(input: PlanInput, cluster: string): boolean {
  if (!input.action.invariants.includes('candidates-sane')) return false;
  const tenths = Math.round(input.policy.candidatesPercent * 10);
  return oracleCandidateCount(input, cluster) * 1000 > tenths * (input.population.get(cluster)?.size ?? 0);
}

/** Hostnames the candidates view lists with different cluster, spread or group values. */
export function conflicting(input: PlanInput): Set<string> {
  const seen = new Map<string, string>();
  const bad = new Set<string>();
  for (const c of input.candidates) {
    const key = JSON.stringify([blank(c.cluster) ? null : c.cluster, blank(c.spread) ? null : c.spread, blank(c.group) ? null : c.group]);
    const before = seen.get(c.hostname);
    if (before !== undefined && before !== key) bad.add(c.hostname);
    seen.set(c.hostname, before ?? key);
  }
  return bad;
}

export function byCluster(hosts: readonly CandidateHost[]): Map<string, CandidateHost[]> {
  const m = new Map<string, CandidateHost[]>();
  for (const h of hosts) {
    expect(h.cluster, `${h.hostname} picked without a cluster`).not.toBeNull();
    m.set(h.cluster!, [...(m.get(h.cluster!) ?? []), h]);
  }
  return m;
}

/**
 * Properties 1–3, for a plan's picks or an edited plan's accepted hosts:
 * within headroom and budget, within the group rule, and never a denied,
 * failing, out, contradictory or foreign host.
 */
export function expectSafe(input: PlanInput, picked: readonly CandidateHost[]): void {
  expect(new Set(picked.map((h) => h.hostname)).size, 'a host picked twice').toBe(picked.length);
  if (input.globalFailures.length > 0) expect(picked, 'picked despite a global failure').toEqual([]);
  const anyOut = new Set(input.out.map((o) => o.hostname));
  const bad = conflicting(input);
  for (const [cluster, hosts] of byCluster(picked)) {
    const where = `cluster ${cluster}`;
    // 1. budget and headroom
    const out = oracleOut(input, cluster);
    const budget = oracleBudget(input, cluster);
    expect(hosts.length, `${where}: beyond headroom`).toBeLessThanOrEqual(oracleHeadroom(input, cluster));
    expect(out.size + hosts.length, `${where}: beyond budget`).toBeLessThanOrEqual(budget);
    expect(oracleArchetypeKnown(input, cluster), `${where}: planned with an unknown archetype`).toBe(true);
    expect(oracleInsane(input, cluster), `${where}: planned although candidates-sane fails`).toBe(false);
    // 2. the group rule
    if (input.action.groupColumn !== undefined) {
      for (const h of hosts) expect(blank(h.group), `${where}: ${h.hostname} has no group`).toBe(false);
      const outGroups = oracleOutGroups(input, cluster);
      const all = new Set([...outGroups, ...hosts.map((h) => h.group!)]);
      if (outGroups.size >= input.action.maxGroups) {
        for (const h of hosts) expect(outGroups.has(h.group!), `${where}: ${h.hostname} opens group ${h.group} while ${[...outGroups]} are out`).toBe(true);
      } else {
        expect(all.size, `${where}: groups ${[...all]} exceed max_groups ${input.action.maxGroups}`).toBeLessThanOrEqual(input.action.maxGroups);
      }
    }
    // 3. never denied, failing, out, contradictory, or outside the cluster's population
    for (const h of hosts) {
      expect(input.denied.has(h.hostname), `${h.hostname} is denied`).toBe(false);
      expect((input.hostFailures.get(h.hostname) ?? []).length, `${h.hostname} fails an invariant`).toBe(0);
      expect(anyOut.has(h.hostname), `${h.hostname} is already out`).toBe(false);
      expect(bad.has(h.hostname), `${h.hostname} is listed with conflicting values`).toBe(false);
      expect(input.population.get(cluster)?.has(h.hostname), `${h.hostname} is not in the population of ${cluster}`).toBe(true);
    }
  }
}
