import { compareBytewise } from '../util/bytewise.js';
import { isBroken } from './host-health.js';
import { isoTime } from './iso-time.js';
import type { Host, SimState } from './sim-state.js';

/** Counts for one cluster (or the total), what `sim status` prints. */
export interface ClusterCounts {
  readonly cluster: string;
  readonly hosts: number;
  readonly workers: number;
  /** Datanodes HDFS has in service and live. */
  readonly inService: number;
  readonly decommissioning: number;
  readonly decommissioned: number;
  readonly inMaintenance: number;
  /** Datanodes HDFS lists as dead (never-registered include entries included). */
  readonly dead: number;
  /** Hosts with a fault (see isBroken), any role. */
  readonly broken: number;
  /** Inventory lifecycle `repair`. */
  readonly inRepair: number;
  readonly rekicking: number;
  /** Drained by a sim action and not released yet, or being rekicked. */
  readonly outByActions: number;
}

export interface SimStatus {
  readonly seed: number;
  readonly tick: number;
  readonly now: string;
  readonly hosts: number;
  readonly actions: number;
  readonly clusters: readonly ClusterCounts[];
  readonly total: ClusterCounts;
}

export function simStatus(s: SimState): SimStatus {
  const byCluster = new Map<string, Host[]>();
  for (const h of s.hosts) {
    const key = h.cluster === '' ? '-' : h.cluster;
    const list = byCluster.get(key) ?? [];
    list.push(h);
    byCluster.set(key, list);
  }
  const names = [...byCluster.keys()].sort((a, b) => compareBytewise(a, b));
  return {
    seed: s.seed,
    tick: s.tick,
    now: isoTime(s.now),
    hosts: s.hosts.length,
    actions: s.actionSeq,
    clusters: names.map((n) => countHosts(n, byCluster.get(n)!)),
    total: countHosts('total', s.hosts),
  };
}

export function countHosts(cluster: string, hosts: readonly Host[]): ClusterCounts {
  let workers = 0, inService = 0, decommissioning = 0, decommissioned = 0, inMaintenance = 0, dead = 0;
  let broken = 0, inRepair = 0, rekicking = 0, outByActions = 0;
  for (const h of hosts) {
    const node = h.hdfs;
    if (node !== null) {
      workers++;
      if (node.admin === 'in-service' && node.live) inService++;
      if (node.admin === 'decommissioning') decommissioning++;
      if (node.admin === 'decommissioned') decommissioned++;
      if (node.admin === 'in-maintenance') inMaintenance++;
      if (!node.live) dead++;
    }
    if (isBroken(h)) broken++;
    if (h.lifecycle === 'repair') inRepair++;
    if (h.rekick !== null) rekicking++;
    if (h.drainedBySim || h.rekick !== null) outByActions++;
  }
  return { cluster, hosts: hosts.length, workers, inService, decommissioning, decommissioned, inMaintenance, dead, broken, inRepair, rekicking, outByActions };
}

const COLUMNS: readonly [keyof ClusterCounts, string][] = [
  ['cluster', 'cluster'],
  ['hosts', 'hosts'],
  ['workers', 'workers'],
  ['inService', 'in-service'],
  ['decommissioning', 'decommissioning'],
  ['decommissioned', 'decommissioned'],
  ['inMaintenance', 'maintenance'],
  ['dead', 'dead'],
  ['broken', 'broken'],
  ['inRepair', 'in-repair'],
  ['rekicking', 'rekicking'],
  ['outByActions', 'out-by-actions'],
];

/** A plain aligned table, one row per cluster and a total. */
export function formatStatus(st: SimStatus): string {
  const rows = [...st.clusters, st.total].map((c) => COLUMNS.map(([k]) => String(c[k])));
  const header = COLUMNS.map(([, title]) => title);
  const widths = header.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `sim seed ${st.seed}, tick ${st.tick}, now ${st.now}, ${st.hosts} hosts, ${st.actions} action invocation${st.actions === 1 ? '' : 's'}`,
    line(header),
    ...rows.map(line),
  ].join('\n') + '\n';
}
