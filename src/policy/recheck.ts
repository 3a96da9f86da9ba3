import { clusterBudget, headroom as headroomOf } from './budget.js';
import { bytewise, GroupBudget } from './group-rule.js';
import { archetypeOf, removalReason, type CandidateHost, type OutHost, type PlanInput, type Removal } from './plan-action.js';

/**
 * Re-check a plan read from disk, which an operator may have edited: hosts
 * are accepted in file order while they stay within their cluster's headroom
 * and the group rule, belong to the cluster's population, are not out, not
 * denied and pass the per-host invariants, and no global invariant failed.
 * The file is never trusted beyond those rules; everything else is rejected
 * with a reason.
 */
export function recheckPlan(input: PlanInput, hosts: readonly { hostname: string; cluster: string }[]): { accepted: CandidateHost[]; rejected: Removal[] } {
  const accepted: CandidateHost[] = [];
  const rejected: Removal[] = [];
  if (input.globalFailures.length > 0) {
    const more = input.globalFailures.length - 1;
    const reason = input.globalFailures[0]! + (more > 0 ? ` (and ${more} more)` : '');
    return { accepted, rejected: hosts.map((h) => ({ hostname: h.hostname, reason })) };
  }
  const known = new Map(input.candidates.map((c) => [c.hostname, c]));
  const outByHost = new Map<string, OutHost>();
  for (const o of [...input.out].sort((a, b) => bytewise(a.hostname, b.hostname))) if (!outByHost.has(o.hostname)) outByHost.set(o.hostname, o);

  const perCluster = new Map<string, { headroom: number; taken: number; groups: GroupBudget; sane: string | null }>();
  const stateOf = (cluster: string) => {
    let s = perCluster.get(cluster);
    if (s) return s;
    const population = input.population.get(cluster)?.size ?? 0;
    const { limits } = archetypeOf(input, cluster);
    const override = input.policy.overrides.find((o) => o.cluster === cluster);
    const outHosts = input.out.filter((o) => o.cluster === cluster);
    const distinctOut = new Set(outHosts.map((o) => o.hostname)).size;
    const budget = limits === undefined && override === undefined ? 0 : clusterBudget(population, limits ?? { percent: 0, floor: 0 }, override).budget;
    const candidatesHere = input.candidates.filter((c) => c.cluster === cluster).length;
    const sane =
      input.action.invariants.includes('candidates-sane') && candidatesHere > (input.policy.candidatesPercent * population) / 100
        ? `invariant candidates-sane failed: ${candidatesHere} candidates for ${population} hosts (max ${input.policy.candidatesPercent}%)`
        : null;
    s = {
      headroom: headroomOf(budget, distinctOut, input.action.maxPerPass),
      taken: 0,
      groups: new GroupBudget(outHosts.map((o) => o.group), input.action.maxGroups, input.action.groupColumn !== undefined),
      sane,
    };
    perCluster.set(cluster, s);
    return s;
  };

  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.hostname)) continue;
    seen.add(h.hostname);
    const candidate = known.get(h.hostname);
    const c: CandidateHost = { hostname: h.hostname, cluster: h.cluster, spread: candidate?.spread ?? null, group: candidate?.group ?? null };
    if (candidate !== undefined && candidate.cluster !== h.cluster) {
      rejected.push({ hostname: h.hostname, reason: `plan says cluster ${h.cluster}, the candidates view says ${candidate.cluster ?? 'none'}` });
      continue;
    }
    const why = removalReason(input, c, outByHost);
    if (why !== undefined) {
      rejected.push({ hostname: h.hostname, reason: why });
      continue;
    }
    const s = stateOf(h.cluster);
    if (s.sane !== null) {
      rejected.push({ hostname: h.hostname, reason: s.sane });
      continue;
    }
    if (s.taken >= s.headroom) {
      rejected.push({ hostname: h.hostname, reason: `beyond the budget of ${h.cluster}: headroom ${s.headroom} already used by this plan` });
      continue;
    }
    if (!s.groups.allows(c.group)) {
      rejected.push({ hostname: h.hostname, reason: `group limit: ${c.group} would exceed max_groups ${input.action.maxGroups} (${s.groups.groups().join(', ')} out)` });
      continue;
    }
    s.groups.take(c.group);
    s.taken++;
    accepted.push(c);
  }
  return { accepted, rejected };
}
