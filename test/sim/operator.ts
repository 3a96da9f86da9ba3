import { applyAction, type ActionName, type ActionRecord } from '../../src/sim/actions.js';
import { isBroken } from '../../src/sim/host-health.js';
import type { Host, SimState } from '../../src/sim/sim-state.js';

/**
 * A deliberately simple operator for the convergence test (not a test file):
 * drain broken datanodes HDFS has in service, rekick broken hosts HDFS has
 * decommissioned (and broken hosts that are not datanodes), release excluded
 * hosts that are healthy again. At most `perAction` hosts per action per step.
 */
export function operatorStep(state: SimState, perAction: number): { state: SimState; records: ActionRecord[] } {
  const idle = (h: Host) => h.rekick === null && h.lifecycle !== 'retired';
  const drain = state.hosts.filter((h) => idle(h) && isBroken(h) && h.hdfs !== null && !h.excluded && (h.hdfs.admin === 'in-service' || h.hdfs.admin === 'in-maintenance'));
  const rekick = state.hosts.filter((h) => idle(h) && isBroken(h) && (h.hdfs === null || (h.excluded && h.hdfs.admin === 'decommissioned')));
  const release = state.hosts.filter((h) => idle(h) && !isBroken(h) && h.excluded && h.hdfs?.admin === 'decommissioned');
  const records: ActionRecord[] = [];
  let s = state;
  const plan: [ActionName, Host[]][] = [['drain', drain], ['rekick', rekick], ['release', release]];
  for (const [action, hosts] of plan) {
    if (hosts.length === 0) continue;
    const r = applyAction(s, action, hosts.slice(0, perAction).map((h) => h.hostname), { action, day: null, pass: null });
    s = r.state;
    records.push(...r.records);
  }
  return { state: s, records };
}

export const brokenCount = (s: SimState): number => s.hosts.filter(isBroken).length;
