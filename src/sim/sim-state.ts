import type { SimConfig } from './sim-config.js';

/**
 * The whole simulated world, as stored in `<workspace>/sim/state.json`. Plain
 * JSON data (no classes, no Maps) so it round-trips through the file exactly
 * and a replay of the same commands gives the same bytes.
 */
export interface SimState {
  readonly format: 'breakfix-sim/1';
  readonly seed: number;
  readonly config: SimConfig;
  readonly datacenter: string;
  readonly domain: string;
  /** Sim clock, epoch seconds UTC. */
  now: number;
  tick: number;
  /** Action invocations so far (each one's random draws come from `rngFor(seed, 'action', seq)`). */
  actionSeq: number;
  /** The next service ticket number a drain opens (`BRK-<n>`). */
  nextTicket: number;
  /** When the NameNodes and ResourceManagers last started: never-registered hosts and YARN `host:-1` placeholders date from then. */
  readonly controlPlaneStart: number;
  readonly clusters: readonly ClusterInfo[];
  /**
   * Each cluster's NameNode incidents (missing or corrupt blocks, safe mode),
   * set by `sim namenode`. Absent in a state written before they existed:
   * every NameNode healthy.
   */
  namenodes?: NameNodeState[];
  /** Sorted by hostname, bytewise. */
  hosts: Host[];
}

export type Archetype = 'default' | 'dense' | 'small';

export interface ClusterInfo {
  readonly name: string;
  readonly archetype: Archetype;
  /** Production critical: the example config gives it its own small budget. */
  readonly critical: boolean;
  /** Ticks a decommission takes (blocks to re-replicate), inclusive range. */
  readonly decommissionTicks: readonly [number, number];
  /** The ResourceManager host named in yarn's log line. */
  readonly resourceManager: string;
}

/** What a cluster's NameNode reports beyond its DataNodes: an incident an operator (or `sim namenode`) set. */
export interface NameNodeState {
  readonly cluster: string;
  /** Blocks with no live replica left (`Missing blocks`). */
  missingBlocks: number;
  /** Blocks with corrupt replicas. */
  corruptBlocks: number;
  safeMode: boolean;
  /** Ticks until the incident clears by itself (the blocks are recovered, safe mode left); 0: until set back. */
  clearsIn: number;
}

export type Role = 'hadoop-worker' | 'hadoop-master' | 'zookeeper' | 'gateway';
/**
 * The asset DB's lifecycle, as a provisioning system keeps it:
 * managed → (drain) repair → (rekick) rekicking → repaired, or back to repair
 * when the reinstall failed → (release) managed.
 */
export type Lifecycle = 'managed' | 'repair' | 'rekicking' | 'repaired' | 'retired';
/** Admin states the simulator uses (a subset of `hdfs_datanodes.admin_state`, docs/design.md#tables-and-views). */
export type SimAdminState = 'in-service' | 'decommissioning' | 'decommissioned' | 'in-maintenance';
export type SimYarnState = 'RUNNING' | 'UNHEALTHY' | 'DECOMMISSIONING' | 'DECOMMISSIONED' | 'LOST' | 'SHUTDOWN';

/**
 * Why a host is down. `crash` may come back by itself; `hardware` (dead since
 * before the sim started) and `rekick-failed` need a rekick; `rekick` is a
 * reinstall in progress; `powered-off` is a retired host.
 */
export type DownCause = 'crash' | 'hardware' | 'rekick' | 'rekick-failed' | 'powered-off';

export interface Host {
  // ---- inventory (static unless an action changes it) ----
  readonly hostname: string;
  readonly ip: string;
  /** Empty for none. */
  readonly cluster: string;
  readonly role: Role;
  readonly rack: string;
  /** Replica group; empty for non-workers. */
  readonly dataGroup: string;
  lifecycle: Lifecycle;
  /** `BRK-1234` or empty. */
  serviceTicket: string;
  /** The inventory's `hadoop_exclude` flag: the asset DB's intent, which may disagree with the exclude file. */
  hadoopExclude: boolean;
  readonly puppetBranch: string;
  kernel: string;

  // ---- machine ----
  down: DownCause | null;
  /** node_exporter not answering on a host that still pings. */
  exporterDown: boolean;
  puppetOk: boolean;
  diskFault: boolean;
  /** Counter since boot (node_disk_errors_total). */
  diskErrors: number;
  bootTime: number;
  load1: number;

  // ---- HDFS (workers only) ----
  /** In the cluster's dfs.hosts.exclude. */
  excluded: boolean;
  hdfs: HdfsNode | null;

  // ---- YARN (workers only) ----
  /** The NodeManager's current entry in the RM; null = never had one. */
  yarn: YarnEntry | null;
  /** Older inactive entries of this host under previous ports (RM keeps them): the duplicates. */
  yarnGhosts: YarnEntry[];

  // ---- in flight ----
  /** A reinstall in progress. */
  rekick: RekickProgress | null;
  /** Drained by a simulated `drain` and not yet released: "out by actions". */
  drainedBySim: boolean;
}

export interface HdfsNode {
  /** What the DataNode registered as (`Hostname:`): the FQDN, or for a few hosts the short name. */
  readonly registeredName: string;
  /** Reverse DNS of the IP fails on the dfsadmin client: `Name: ip:port (ip)`. */
  readonly ptrFails: boolean;
  /** false: an include-file entry that has not registered since the NameNode started. */
  registered: boolean;
  live: boolean;
  admin: SimAdminState;
  /** Ticks until a decommission completes (admin = decommissioning). */
  decommissionLeft: number;
  /** Ticks the decommission takes in all: its progress is 1 − left/total (absent in older states: no progress yet). */
  decommissionTotal?: number;
  /** Epoch seconds when maintenance ends (admin = in-maintenance). */
  maintenanceUntil: number;
  /** Epoch seconds of the last heartbeat (frozen when dead). */
  lastContact: number;
  readonly capacity: number;
  dfsUsed: number;
  nonDfsUsed: number;
  numBlocks: number;
  xceivers: number;
  /** Seconds: block reports every 6 h at this phase. */
  readonly blockReportPhase: number;
}

export interface YarnEntry {
  /** NodeManager RPC port; -1 for an exclude-list placeholder. */
  port: number;
  state: SimYarnState;
  containers: number;
  /** Ticks left in DECOMMISSIONING. */
  decommissionLeft: number;
}

export interface RekickProgress {
  remaining: number;
  /** Decided when the rekick starts: the host stays dead at the end. */
  readonly fails: boolean;
}

export function isWorker(h: Host): boolean {
  return h.role === 'hadoop-worker';
}
