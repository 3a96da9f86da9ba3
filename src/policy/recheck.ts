import { hostInvariantsOf } from '../invariants/registry.js';
import { clusterLimits, globalRefusal, type ClusterLimits } from './cluster-limits.js';
import { groupKey, groupRefusal } from './group-rule.js';
import { groupRuleOf, type CandidateHost, type PlanInput, type Removal } from './plan-action.js';
import { capacityVeto, hostCost } from './hdfs-rules.js';
import { without, type CapacityState } from '../invariants/hdfs-capacity.js';
import { invariantFailed } from '../invariants/registry.js';
import { blankToNull, NO_CLUSTER_REASON, planFacts } from './plan-facts.js';
import { removalOf } from './removals.js';

export interface RecheckResult {
  /** Hosts to act on, in file order. */
  readonly accepted: CandidateHost[];
  /** Every other line of the file, in file order, with why. */
  readonly rejected: Removal[];
}

/**
 * Re-check a plan read from disk, which an operator may have edited (docs/design.md#re-checking-an-edited-plan): hosts are accepted in file order while they stay within their
 * cluster's headroom and the group rule, are in the population of their
 * cluster, are not out, not denied, pass the per-host invariants, leave the
 * cluster its HDFS capacity (hdfs-capacity, counting the hosts accepted
 * before them), and no global or cluster invariant failed. The file is never trusted beyond those
 * rules: its spread and group columns are ignored, a host's group comes from
 * the candidates view (a host the view does not list has none, so it is not
 * eligible for an action with a group column).
 *
 * Fail closed on what was never checked: per-host invariants are evaluated
 * for the candidates only, so a host added by hand that is not a candidate is
 * rejected when the action lists any per-host invariant.
 */
export function recheckPlan(input: PlanInput, hosts: readonly { readonly hostname: string; readonly cluster: string }[]): RecheckResult {
  const accepted: CandidateHost[] = [];
  const rejected: Removal[] = [];
  const global = globalRefusal(input.globalFailures);
  if (global !== null) return { accepted, rejected: hosts.map((h) => ({ hostname: h.hostname, reason: global })) };

  const facts = planFacts(input);
  const rule = groupRuleOf(input);
  const hostChecks = hostInvariantsOf(input.action.invariants);
  const clusters = new Map<string, { limits: ClusterLimits; open: Set<string>; taken: number; capacity: CapacityState | undefined }>();
  const stateOf = (cluster: string) => {
    let s = clusters.get(cluster);
    if (s === undefined) {
      const limits = clusterLimits(input, facts, cluster);
      s = { limits, open: new Set(facts.outGroupsByCluster.get(cluster) ?? []), taken: 0, capacity: limits.hdfs.capacity?.start };
      clusters.set(cluster, s);
    }
    return s;
  };

  const seen = new Set<string>();
  const reject = (hostname: string, reason: string) => rejected.push({ hostname, reason });
  for (const line of hosts) {
    const { hostname } = line;
    if (seen.has(hostname)) {
      reject(hostname, 'listed more than once in the plan');
      continue;
    }
    seen.add(hostname);
    const cluster = blankToNull(line.cluster);
    if (cluster === null) {
      reject(hostname, NO_CLUSTER_REASON);
      continue;
    }
    const entry = facts.candidateByHost.get(hostname);
    if (entry !== undefined && !entry.ok) {
      reject(hostname, entry.reason);
      continue;
    }
    if (entry !== undefined && entry.host.cluster !== cluster) {
      reject(hostname, `the plan says cluster ${cluster}, the candidates view says ${entry.host.cluster ?? 'none'}`);
      continue;
    }
    if (entry === undefined && hostChecks.length > 0) {
      reject(hostname, `not a candidate of ${input.action.name}, so its per-host invariants (${hostChecks.join(', ')}) were never checked`);
      continue;
    }
    const host: CandidateHost & { cluster: string } = entry?.host ? { ...entry.host, cluster } : { hostname, cluster, spread: null, group: null };

    const s = stateOf(cluster);
    // A host added by hand to a cluster without candidates still meets the HDFS refusals.
    const clusterRefusal = s.limits.refusal ?? s.limits.hdfs.refusal;
    if (clusterRefusal !== null) {
      reject(hostname, clusterRefusal);
      continue;
    }
    const removal = removalOf(input, facts, rule, host);
    if (removal !== null) {
      reject(hostname, removal.reason);
      continue;
    }
    if (s.taken >= s.limits.headroom) {
      reject(hostname, s.limits.noHeadroom ?? overHeadroom(input, s.limits));
      continue;
    }
    const refusal = groupRefusal(rule, s.open, host.group);
    if (refusal !== null) {
      reject(hostname, refusal);
      continue;
    }
    const check = s.limits.hdfs.capacity;
    const cost = hostCost(input, cluster, hostname);
    const veto = check === null ? null : capacityVeto(check, s.capacity!, cost);
    if (veto !== null) {
      reject(hostname, invariantFailed('hdfs-capacity', `${cluster}: taking out ${hostname} ${veto}`));
      continue;
    }
    if (s.capacity !== undefined) s.capacity = without(s.capacity, cost);
    s.taken++;
    const g = groupKey(host.group);
    if (rule.column !== undefined && g !== null) s.open.add(g);
    accepted.push(host);
  }
  return { accepted, rejected };
}

function overHeadroom(input: PlanInput, l: ClusterLimits): string {
  const cap = input.action.maxPerPass !== undefined && input.action.maxPerPass < l.budget - l.out ? `, max_per_pass ${input.action.maxPerPass}` : '';
  return `headroom used: ${l.headroom} of ${l.cluster} already accepted (budget ${l.budget}, ${l.out} out${cap})`;
}
