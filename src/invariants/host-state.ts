import { ACTIVE_YARN_STATES, type AdminState } from '../db/schema.js';
import { compareBytewise } from '../util/bytewise.js';

/**
 * What HDFS and YARN say about one host: one entry per row of every source
 * that lists it (a host may be in several clusters' reports). States are
 * strings because they come from the database; an unrecognised one never
 * satisfies a check.
 */
export interface HostFacts {
  readonly hdfs: readonly { readonly cluster: string; readonly adminState: string; readonly live: boolean }[];
  readonly yarn: readonly { readonly cluster: string; readonly state: string; readonly current: boolean }[];
}

/** A per-host invariant: null when the host passes, else the failure worded with the invariant's name. */
export type HostInvariant = (facts: HostFacts) => string | null;

const DECOMMISSIONED: AdminState = 'decommissioned';
const IN_SERVICE: AdminState = 'in-service';
const ACTIVE_YARN = new Set<string>(ACTIVE_YARN_STATES);

/**
 * hdfs-decommissioned (scope: host; required before a rekick): every HDFS row
 * of the host says decommissioned, live or dead. A host no HDFS source lists
 * FAILS: unknown is not decommissioned (fail closed).
 */
export const hdfsDecommissioned: HostInvariant = (f) => {
  if (f.hdfs.length === 0) return 'hdfs-decommissioned: no HDFS source lists the host';
  const bad = f.hdfs.filter((h) => h.adminState !== DECOMMISSIONED).map((h) => `${h.cluster} says ${h.adminState}`);
  return bad.length === 0 ? null : `hdfs-decommissioned: ${distinctSorted(bad)}`;
};

/**
 * hdfs-in-service (scope: host): live and in service in every HDFS source
 * that lists the host. Unknown to HDFS fails (fail closed).
 */
export const hdfsInService: HostInvariant = (f) => {
  if (f.hdfs.length === 0) return 'hdfs-in-service: no HDFS source lists the host';
  const bad = f.hdfs
    .filter((h) => h.adminState !== IN_SERVICE || !h.live)
    .map((h) => `${h.cluster} says ${h.adminState}${h.live ? '' : ', dead'}`);
  return bad.length === 0 ? null : `hdfs-in-service: ${distinctSorted(bad)}`;
};

/**
 * yarn-not-running (scope: host): no current YARN row in an active state
 * (NEW, RUNNING, UNHEALTHY, DECOMMISSIONING: the RM still schedules or tracks
 * it). Rows that are not current (a node's old registration) do not count.
 * Unknown to YARN passes: a host no RM knows runs no containers.
 */
export const yarnNotRunning: HostInvariant = (f) => {
  const active = f.yarn.filter((y) => y.current && ACTIVE_YARN.has(y.state)).map((y) => `${y.cluster} says ${y.state}`);
  return active.length === 0 ? null : `yarn-not-running: ${distinctSorted(active)}`;
};

/** The per-host invariants by name. */
export const HOST_INVARIANTS = {
  'hdfs-decommissioned': hdfsDecommissioned,
  'hdfs-in-service': hdfsInService,
  'yarn-not-running': yarnNotRunning,
} as const satisfies Record<string, HostInvariant>;

export type HostInvariantName = keyof typeof HOST_INVARIANTS;

function distinctSorted(parts: readonly string[]): string {
  return [...new Set(parts)].sort(compareBytewise).join(', ');
}
