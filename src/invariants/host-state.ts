/** What HDFS and YARN say about one host (every source that lists it). */
export interface HostFacts {
  readonly hdfs: readonly { cluster: string; adminState: string; live: boolean }[];
  readonly yarn: readonly { cluster: string; state: string; current: boolean }[];
}

export type HostInvariant = (facts: HostFacts) => string | null;

const ACTIVE_YARN = new Set(['NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONING']);

/** hdfs-decommissioned: every HDFS source that lists the host says decommissioned. Unknown to HDFS fails (fail closed). */
export const hdfsDecommissioned: HostInvariant = (f) => {
  if (f.hdfs.length === 0) return 'hdfs-decommissioned: no HDFS source lists the host';
  const bad = f.hdfs.filter((h) => h.adminState !== 'decommissioned');
  return bad.length === 0 ? null : `hdfs-decommissioned: ${bad.map((h) => `${h.cluster} says ${h.adminState}`).join(', ')}`;
};

/** hdfs-in-service: live and in service in every HDFS source that lists it. Unknown to HDFS fails. */
export const hdfsInService: HostInvariant = (f) => {
  if (f.hdfs.length === 0) return 'hdfs-in-service: no HDFS source lists the host';
  const bad = f.hdfs.filter((h) => h.adminState !== 'in-service' || !h.live);
  return bad.length === 0 ? null : `hdfs-in-service: ${bad.map((h) => `${h.cluster} says ${h.live ? h.adminState : `${h.adminState}, dead`}`).join(', ')}`;
};

/** yarn-not-running: no current YARN entry in an active state. Unknown to YARN passes (it runs nothing). */
export const yarnNotRunning: HostInvariant = (f) => {
  const active = f.yarn.filter((y) => y.current && ACTIVE_YARN.has(y.state));
  return active.length === 0 ? null : `yarn-not-running: ${active.map((y) => `${y.cluster} says ${y.state}`).join(', ')}`;
};

export const HOST_INVARIANTS = {
  'hdfs-decommissioned': hdfsDecommissioned,
  'hdfs-in-service': hdfsInService,
  'yarn-not-running': yarnNotRunning,
} as const satisfies Record<string, HostInvariant>;
