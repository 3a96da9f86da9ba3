import { FLEET_FILES, hdfsReportFile, yarnNodesFile } from './render-inputs.js';
import type { Host, SimState } from './sim-state.js';

/**
 * Which input files an action can have changed, so an action command
 * re-renders only those and leaves the rest as the last command wrote them.
 *
 * An action changes the hosts it names and, at the top of the state, only its
 * counters (the clock stands still between ticks). So a file is unchanged
 * unless one of those hosts changed in what the file shows: a fleet-wide
 * file's `shows`, or anything of a host of the cluster whose HDFS report and
 * YARN node list it is (or of the cluster's ResourceManager, whose address
 * the node list prints). Anything else changing means every file.
 * test/sim/render-inputs.test.ts replays random actions and checks that the
 * files this leaves out are the same as a full render's.
 */
export interface InputsSnapshot {
  /** The state's top-level fields but the hosts and the action counters, as JSON. */
  readonly head: string;
  readonly hosts: ReadonlyMap<string, HostSnapshot>;
}

interface HostSnapshot {
  readonly cluster: string;
  /** The whole host as JSON. */
  readonly json: string;
  /** What each fleet-wide file shows of it, as JSON, in FLEET_FILES order. */
  readonly shown: readonly string[];
}

/** Top-level fields an action changes that no input shows. */
const ACTION_COUNTERS: readonly string[] = ['actionSeq', 'nextTicket'];

/** Taken before an action, of the hosts it may change (the ones it names). */
export function snapshotForInputs(state: SimState, hosts: readonly Host[]): InputsSnapshot {
  return { head: headOf(state), hosts: new Map(hosts.map((h) => [h.hostname, snapshotOf(h)])) };
}

/** The input files that may differ from what they were at the snapshot; undefined for all of them. */
export function affectedInputs(state: SimState, before: InputsSnapshot): Set<string> | undefined {
  if (headOf(state) !== before.head) return undefined;
  const byName = new Map(state.hosts.map((h) => [h.hostname, h]));
  const files = new Set<string>();
  for (const [hostname, old] of before.hosts) {
    const h = byName.get(hostname);
    if (h === undefined) return undefined;
    const now = snapshotOf(h);
    if (now.json === old.json) continue;
    FLEET_FILES.forEach((f, i) => {
      if (now.shown[i] !== old.shown[i]) files.add(f.name);
    });
    for (const c of state.clusters) {
      if (c.name === old.cluster || c.name === h.cluster || c.resourceManager === hostname) files.add(hdfsReportFile(c.name)).add(yarnNodesFile(c.name));
    }
  }
  return files;
}

function snapshotOf(h: Host): HostSnapshot {
  return { cluster: h.cluster, json: JSON.stringify(h), shown: FLEET_FILES.map((f) => JSON.stringify(f.shows(h))) };
}

function headOf(state: SimState): string {
  return JSON.stringify(Object.entries(state).filter(([k]) => k !== 'hosts' && !ACTION_COUNTERS.includes(k)));
}
