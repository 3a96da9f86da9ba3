import { INVARIANT_NAMES, type InvariantName } from '../config/schema.js';
import { checkCandidatesSane } from './candidates-sane.js';
import { capacityRefusal } from './hdfs-capacity.js';
import { checkHdfsHealthy } from './hdfs-healthy.js';
import { HOST_INVARIANTS, type HostFacts, type HostInvariantName } from './host-state.js';
import { checkInputsFresh } from './inputs-fresh.js';
import { checkInputsNotShrunk } from './inputs-not-shrunk.js';

/**
 * Where each built-in invariant applies, so a pass runs the ones an action
 * lists at the right moment:
 *  - global:  over the pass's imports; a failure empties the action's plan
 *  - cluster: per cluster, by the planner (candidates-sane, hdfs-healthy, hdfs-capacity); a failure
 *             empties that cluster's plan (hdfs-capacity cuts it to what fits)
 *  - host:    per candidate; a failure removes the host and records why
 */
export type InvariantScope = 'global' | 'cluster' | 'host';

export const INVARIANTS = {
  'inputs-fresh': { scope: 'global', check: checkInputsFresh },
  'inputs-not-shrunk': { scope: 'global', check: checkInputsNotShrunk },
  'candidates-sane': { scope: 'cluster', check: checkCandidatesSane },
  'hdfs-healthy': { scope: 'cluster', check: checkHdfsHealthy },
  'hdfs-capacity': { scope: 'cluster', check: capacityRefusal },
  'hdfs-decommissioned': { scope: 'host', check: HOST_INVARIANTS['hdfs-decommissioned'] },
  'hdfs-in-service': { scope: 'host', check: HOST_INVARIANTS['hdfs-in-service'] },
  'yarn-not-running': { scope: 'host', check: HOST_INVARIANTS['yarn-not-running'] },
} as const satisfies Record<InvariantName, { readonly scope: InvariantScope; readonly check: (...args: never[]) => unknown }>;

export function scopeOf(name: InvariantName): InvariantScope {
  return INVARIANTS[name].scope;
}

/** The invariants of `names` with the given scope, in INVARIANT_NAMES order (stable whatever order the config lists them in). */
export function invariantsOfScope(names: readonly InvariantName[], scope: InvariantScope): InvariantName[] {
  return INVARIANT_NAMES.filter((n) => names.includes(n) && INVARIANTS[n].scope === scope);
}

function isHostInvariant(name: InvariantName): name is HostInvariantName {
  return INVARIANTS[name].scope === 'host';
}

/** The per-host invariants an action lists. */
export function hostInvariantsOf(names: readonly InvariantName[]): HostInvariantName[] {
  return invariantsOfScope(names, 'host').filter(isHostInvariant);
}

/** Run the per-host invariants an action lists over one host: its failures, worded (empty = passes). */
export function checkHost(names: readonly InvariantName[], facts: HostFacts): string[] {
  return hostInvariantsOf(names)
    .map((n) => HOST_INVARIANTS[n](facts))
    .filter((f): f is string => f !== null);
}

/** How a global or cluster failure is worded in plans and summaries: `invariant inputs-fresh failed: ...`. */
export function invariantFailed(name: InvariantName, detail: string): string {
  return `invariant ${name} failed: ${detail}`;
}
