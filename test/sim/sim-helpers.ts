import { applyAction, type ActionName, type ActionResult } from '../../src/sim/actions.js';
import { createFleet, DEFAULT_START } from '../../src/sim/fleet.js';
import { applyConfigPatch, DEFAULT_SIM_CONFIG, type SimConfigPatch } from '../../src/sim/sim-config.js';
import type { Host, SimState } from '../../src/sim/sim-state.js';
import { tick } from '../../src/sim/tick.js';

/** Shared by the sim tests (not a test file itself). */
export function fleet(seed: number, hosts: number, patch: SimConfigPatch = {}): SimState {
  return createFleet({ seed, hosts, start: DEFAULT_START, config: applyConfigPatch(DEFAULT_SIM_CONFIG, patch) });
}

export function host(state: SimState, hostname: string): Host {
  const h = state.hosts.find((x) => x.hostname === hostname);
  if (h === undefined) throw new Error(`no host ${hostname}`);
  return h;
}

/** The first host matching, by hostname order, or a clear failure. */
export function firstHost(state: SimState, what: string, pred: (h: Host) => boolean): Host {
  const h = state.hosts.find(pred);
  if (h === undefined) throw new Error(`no host that is ${what}`);
  return h;
}

export const healthyWorker = (h: Host): boolean =>
  h.hdfs !== null && h.hdfs.live && h.hdfs.admin === 'in-service' && !h.excluded && h.down === null && h.puppetOk && !h.diskFault && !h.exporterDown && h.lifecycle === 'managed';

export function act(state: SimState, action: ActionName, hosts: readonly string[]): ActionResult {
  return applyAction(state, action, hosts, null);
}

/**
 * Seed 1's 3,000 hosts a few ticks in, with drains under way (Live +
 * Decommissioning), a rekick in progress (SHUTDOWN), released hosts (new
 * NodeManager ports), besides what init gives: dead and never-registered
 * datanodes, maintenance, IPv6, short registered names, retired hosts.
 */
export function busyWorld(): SimState {
  let s = fleet(1, 3000);
  s = tick(s, 2);
  const healthy = s.hosts.filter(healthyWorker);
  s = act(s, 'drain', healthy.slice(0, 6).map((h) => h.hostname)).state;
  s = act(s, 'rekick', [healthy[10]!.hostname]).state;
  const repaired = s.hosts.filter((h) => h.excluded && h.hdfs?.admin === 'decommissioned' && h.down === null && h.lifecycle === 'repair' && h.puppetOk && !h.diskFault);
  s = act(s, 'release', repaired.slice(0, 4).map((h) => h.hostname)).state;
  return tick(s, 1);
}
