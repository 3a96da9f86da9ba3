import { compareBytewise } from '../util/bytewise.js';
import { blocksFor, CANARY_KERNEL, EPHEMERAL_PORTS, FRESH_NON_DFS_BYTES, PRODUCTION_KERNEL } from './host-transitions.js';
import { rngFor, type Rng } from './rng.js';
import { DEFAULT_SIM_CONFIG, type SimConfig } from './sim-config.js';
import type { Archetype, ClusterInfo, HdfsNode, Host, Lifecycle, NameNodeState, Role, SimState, YarnEntry } from './sim-state.js';

/**
 * Build the initial world: one datacenter (`smf1`) of about `hosts` machines
 * in four Hadoop clusters, one per policy archetype, plus masters, zookeeper
 * and gateways. Pure: the same options always give the same state.
 *
 * The initial state is not all healthy: a fleet always has a backlog. Some
 * workers are retired (excluded, powered off, never registered with the
 * current NameNode), some are in repair (excluded and decommissioned: dead,
 * broken, or fixed and waiting to be released), some are broken while HDFS
 * still has them in service (the work an operator should pick up), one
 * decommission is under way, and two hosts of the default cluster are in
 * HDFS maintenance.
 */
export interface FleetOptions {
  readonly seed: number;
  /** Total hosts, all roles. At least 100. */
  readonly hosts: number;
  /** Epoch seconds of the sim clock at init. */
  readonly start: number;
  readonly config?: SimConfig;
}

export const DATACENTER = 'smf1';
export const DOMAIN = 'smf1.example.com';
/** Default sim start: 2026-11-23T00:00:00Z. */
export const DEFAULT_START = Date.UTC(2026, 10, 23) / 1000;
export const MIN_HOSTS = 100;
/** Racks number up to 256 per second octet from 10.176.x.x: this many hosts stay inside 10.176.0.0–10.255.255.255. */
export const MAX_HOSTS = 200_000;

interface ClusterSpec {
  readonly name: string;
  readonly archetype: Archetype;
  readonly critical: boolean;
  /** Share of the workers. */
  readonly weight: number;
  readonly disks: number;
  /** Usable bytes per data disk (a formatted drive, not a round number). */
  readonly diskBytes: number;
  /** dfsUsed as a share of capacity at init. */
  readonly fill: readonly [number, number];
  readonly decommissionTicks: readonly [number, number];
  readonly containers: readonly [number, number];
}

const CLUSTERS: readonly ClusterSpec[] = [
  { name: 'dwh', archetype: 'default', critical: false, weight: 1800, disks: 12, diskBytes: 3_998_614_011_904, fill: [0.45, 0.85], decommissionTicks: [2, 5], containers: [4, 40] },
  { name: 'archive', archetype: 'dense', critical: false, weight: 700, disks: 24, diskBytes: 7_999_207_096_320, fill: [0.7, 0.92], decommissionTicks: [4, 8], containers: [0, 8] },
  { name: 'etl', archetype: 'small', critical: false, weight: 150, disks: 12, diskBytes: 1_999_844_147_200, fill: [0.2, 0.6], decommissionTicks: [1, 3], containers: [8, 48] },
  { name: 'cache-prod', archetype: 'small', critical: true, weight: 60, disks: 8, diskBytes: 959_925_190_656, fill: [0.3, 0.7], decommissionTicks: [1, 2], containers: [2, 16] },
];

const HOSTS_PER_RACK = 40;
/** dfs.hosts.exclude was last changed and the NameNodes/RMs restarted this long before the sim starts. */
const CONTROL_PLANE_AGE = 3 * 86400;
/** Hosts not reinstalled for a while still run the previous kernel. */
const LAGGING_KERNEL = '5.15.0-101-generic';
const FEATURE_BRANCHES = ['ops_raid_tuning', 'feature_jdk17'] as const;

/** Initial condition of a worker, drawn once per worker (cumulative probabilities, in this order). */
const WORKER_SETUPS = [
  ['retired', 0.006],
  ['repair-excluded', 0.012],
  ['repair-in-service', 0.002],
  ['crashed', 0.003],
  ['dead-unregistered', 0.002],
  ['puppet-failing', 0.005],
  ['disk-fault', 0.003],
  ['exporter-down', 0.001],
  ['decommissioning', 0.002],
  ['stale-ticket', 0.003],
] as const;
type WorkerSetup = (typeof WORKER_SETUPS)[number][0] | 'healthy';

interface Placement {
  readonly role: Role;
  readonly cluster: string;
  readonly prefix: string;
  readonly number: number;
  readonly rack: number;
  readonly slot: number;
  readonly group: string;
  readonly spec: ClusterSpec | undefined;
  /** Digits in the host number: 4, more for a fleet that needs them (names still sort with the numbers). */
  readonly width: number;
}

export function createFleet(options: FleetOptions): SimState {
  const { seed, start } = options;
  const total = options.hosts;
  if (!Number.isInteger(total) || total < MIN_HOSTS || total > MAX_HOSTS) {
    throw new RangeError(`hosts: expected a whole number from ${MIN_HOSTS} to ${MAX_HOSTS}, got ${total}`);
  }
  const rng = rngFor(seed, 'init');
  const placements = place(total);
  const controlPlaneStart = start - CONTROL_PLANE_AGE;
  let nextTicket = 1000 + rng.int(0, 800);
  const ticket = (): string => `BRK-${nextTicket++}`;

  const clusters: ClusterInfo[] = CLUSTERS.map((c) => {
    const rm = placements.find((p) => p.cluster === c.name && p.prefix === 'rm')!;
    return { name: c.name, archetype: c.archetype, critical: c.critical, decommissionTicks: c.decommissionTicks, resourceManager: hostnameOf(rm) };
  });

  // One generator per host, so a host's draws do not depend on what its neighbours drew.
  const hosts: Host[] = placements.map((p, i) => {
    const hostRng = rngFor(seed, 'init-host', i);
    const h = baseHost(p, hostRng, start);
    if (p.role === 'hadoop-worker') setUpWorker(h, p.spec!, pickSetup(hostRng), hostRng, start, controlPlaneStart, ticket);
    else setUpOther(h, hostRng, start);
    return h;
  });
  hosts.sort((a, b) => compareBytewise(a.hostname, b.hostname));
  putInMaintenance(hosts, rng, start, options.config ?? DEFAULT_SIM_CONFIG);

  return {
    format: 'breakfix-sim/1',
    seed,
    config: options.config ?? DEFAULT_SIM_CONFIG,
    datacenter: DATACENTER,
    domain: DOMAIN,
    now: start,
    tick: 0,
    actionSeq: 0,
    nextTicket,
    controlPlaneStart,
    clusters,
    namenodes: clusters.map((c) => healthyNameNode(c.name)),
    hosts,
  };
}

/** Where every host goes: clusters fill their own racks (~40 hosts each), infrastructure gets racks at the end. */
/** A NameNode with nothing to report: no missing or corrupt blocks, out of safe mode. */
export function healthyNameNode(cluster: string): NameNodeState {
  return { cluster, missingBlocks: 0, corruptBlocks: 0, safeMode: false, clearsIn: 0 };
}

function place(total: number): Placement[] {
  const gateways = Math.max(4, Math.round(total / 150));
  const others: { role: Role; cluster: string; prefix: string }[] = [];
  for (const c of CLUSTERS) {
    others.push({ role: 'hadoop-master', cluster: c.name, prefix: 'nn' }, { role: 'hadoop-master', cluster: c.name, prefix: 'nn' });
    others.push({ role: 'hadoop-master', cluster: c.name, prefix: 'rm' });
  }
  for (let i = 0; i < 5; i++) others.push({ role: 'zookeeper', cluster: 'zookeeper', prefix: 'zk' });
  for (let i = 0; i < gateways; i++) others.push({ role: 'gateway', cluster: CLUSTERS[i % CLUSTERS.length]!.name, prefix: 'gw' });

  const workers = total - others.length;
  const weightSum = CLUSTERS.reduce((s, c) => s + c.weight, 0);
  const sizes = CLUSTERS.map((c) => Math.floor((workers * c.weight) / weightSum));
  sizes[0]! += workers - sizes.reduce((s, n) => s + n, 0);

  const width = Math.max(4, String(total).length);
  const out: Placement[] = [];
  let rack = 0;
  let workerNo = 0;
  CLUSTERS.forEach((spec, ci) => {
    const n = sizes[ci]!;
    const racks = Math.max(1, Math.ceil(n / HOSTS_PER_RACK));
    const groups = Math.min(99, Math.max(3, Math.round(n / 200)));
    const slots = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      const r = rack + 1 + Math.floor((j * racks) / n);
      const slot = slots.get(r) ?? 0;
      slots.set(r, slot + 1);
      const group = `g${String((j % groups) + 1).padStart(2, '0')}`;
      out.push({ role: 'hadoop-worker', cluster: spec.name, prefix: 'dn', number: ++workerNo, rack: r, slot, group, spec, width });
    }
    rack += racks;
  });
  const counters = new Map<string, number>();
  others.forEach((o, i) => {
    const number = (counters.get(o.prefix) ?? 0) + 1;
    counters.set(o.prefix, number);
    const r = rack + 1 + Math.floor(i / HOSTS_PER_RACK);
    out.push({ ...o, number, rack: r, slot: i % HOSTS_PER_RACK, group: '', spec: undefined, width });
  });
  return out;
}

function hostnameOf(p: Placement): string {
  return `${p.prefix}${String(p.number).padStart(p.width, '0')}.${DOMAIN}`;
}

function rackName(r: number): string {
  return `/${DATACENTER}/r${String(r).padStart(2, '0')}`;
}

function baseHost(p: Placement, rng: Rng, now: number): Host {
  const ipv6 = p.role === 'hadoop-worker' && rng.chance(0.003);
  const ip = ipv6
    ? `2001:db8:b0:${p.rack.toString(16)}::${(11 + p.slot).toString(16)}`
    : `10.${176 + (p.rack >> 8)}.${p.rack & 255}.${11 + p.slot}`;
  const branchDraw = rng.float();
  const puppetBranch = branchDraw < 0.005 ? rng.pick(FEATURE_BRANCHES) : branchDraw < 0.035 ? 'canary' : 'production';
  const kernel = puppetBranch === 'canary' ? CANARY_KERNEL : rng.chance(0.05) ? LAGGING_KERNEL : PRODUCTION_KERNEL;
  return {
    hostname: hostnameOf(p),
    ip,
    cluster: p.cluster,
    role: p.role,
    rack: rackName(p.rack),
    dataGroup: p.group,
    lifecycle: 'managed',
    serviceTicket: '',
    hadoopExclude: false,
    puppetBranch,
    kernel,
    down: null,
    exporterDown: false,
    // Feature branches are where puppet breaks.
    puppetOk: puppetBranch === 'production' || puppetBranch === 'canary' ? true : !rng.chance(0.5),
    diskFault: false,
    diskErrors: 0,
    bootTime: now - rng.int(86400, 200 * 86400),
    load1: loadFor(p.role, rng.float()),
    excluded: false,
    hdfs: null,
    yarn: null,
    yarnGhosts: [],
    rekick: null,
    drainedBySim: false,
  };
}

/** node_load1 of a running host from a uniform draw `u` in [0, 1): workers are busier. */
export function loadFor(role: Role, u: number): number {
  const [lo, hi] = role === 'hadoop-worker' ? [2, 30] : [0.05, 4];
  return Math.round((lo + u * (hi - lo)) * 100) / 100;
}

function pickSetup(rng: Rng): WorkerSetup {
  const u = rng.float();
  let acc = 0;
  for (const [setup, p] of WORKER_SETUPS) {
    acc += p;
    if (u < acc) return setup;
  }
  return 'healthy';
}

function setUpWorker(h: Host, spec: ClusterSpec, setup: WorkerSetup, rng: Rng, now: number, controlPlaneStart: number, ticket: () => string): void {
  const capacity = spec.disks * spec.diskBytes;
  const dfsUsed = Math.floor(capacity * (spec.fill[0] + rng.float() * (spec.fill[1] - spec.fill[0])));
  const node: HdfsNode = {
    registeredName: rng.chance(0.005) ? h.hostname.slice(0, h.hostname.indexOf('.')) : h.hostname,
    ptrFails: rng.chance(0.01),
    registered: true,
    live: true,
    admin: 'in-service',
    decommissionLeft: 0,
    maintenanceUntil: 0,
    lastContact: now - rng.int(0, 3),
    capacity,
    dfsUsed,
    nonDfsUsed: FRESH_NON_DFS_BYTES + rng.int(0, 200) * 1_073_741_824,
    numBlocks: blocksFor(dfsUsed),
    xceivers: rng.int(8, 64),
    blockReportPhase: rng.int(0, 21599),
  };
  h.hdfs = node;
  const yarn: YarnEntry = { port: rng.int(...EPHEMERAL_PORTS), state: 'RUNNING', containers: rng.int(...spec.containers), decommissionLeft: 0 };
  h.yarn = yarn;
  // NodeManagers restarted since the RM started left their old entries behind: the duplicates.
  const oldPort = rng.int(...EPHEMERAL_PORTS);
  if (rng.chance(0.02) && oldPort !== yarn.port) {
    h.yarnGhosts.push({ port: oldPort, state: rng.chance(0.5) ? 'LOST' : 'SHUTDOWN', containers: 0, decommissionLeft: 0 });
  }
  const deadSince = (): number => Math.max(controlPlaneStart + 600, now - rng.int(600, 2 * 86400));
  const intoRepair = (lifecycle: Lifecycle): void => {
    h.lifecycle = lifecycle;
    h.serviceTicket = lifecycle === 'retired' ? '' : ticket();
    h.hadoopExclude = true;
    h.excluded = true;
  };
  // Excluded before the RM started: it shows them as `host:-1` placeholders (NodesListManager).
  const placeholder = (): void => {
    h.yarn = { port: -1, state: 'DECOMMISSIONED', containers: 0, decommissionLeft: 0 };
  };
  const deadNode = (registered: boolean): void => {
    h.load1 = 0;
    node.live = false;
    node.numBlocks = 0;
    if (registered) {
      node.lastContact = deadSince();
    } else {
      node.registered = false;
      node.lastContact = 0;
    }
  };
  switch (setup) {
    case 'healthy':
      return;
    case 'retired':
      intoRepair('retired');
      h.down = 'powered-off';
      node.admin = 'decommissioned';
      deadNode(false);
      placeholder();
      return;
    case 'repair-excluded': {
      intoRepair('repair');
      node.admin = 'decommissioned';
      placeholder();
      const v = rng.float();
      if (v < 0.35) return; // repaired, waiting to be released
      if (v < 0.6) {
        h.diskFault = true;
        h.diskErrors = rng.int(20, 900);
      } else if (v < 0.75) {
        h.puppetOk = false;
      } else {
        h.down = 'hardware';
        deadNode(v < 0.9);
      }
      return;
    }
    case 'repair-in-service':
      // The asset DB says repair, but nobody drained it: HDFS still has it in service.
      h.lifecycle = 'repair';
      h.serviceTicket = ticket();
      h.diskFault = true;
      h.diskErrors = rng.int(5, 300);
      yarn.state = 'UNHEALTHY';
      yarn.containers = 0;
      return;
    case 'crashed':
      h.down = 'crash';
      deadNode(true);
      yarn.state = 'LOST';
      yarn.containers = 0;
      return;
    case 'dead-unregistered':
      // Died before the NameNode last started and never came back: an include-file entry HDFS
      // lists as dead with epoch-0 contact. The RM has the node LOST from before.
      h.down = 'hardware';
      deadNode(false);
      yarn.state = 'LOST';
      yarn.containers = 0;
      return;
    case 'puppet-failing':
      h.puppetOk = false;
      return;
    case 'disk-fault':
      h.diskFault = true;
      h.diskErrors = rng.int(1, 400);
      yarn.state = 'UNHEALTHY';
      yarn.containers = 0;
      return;
    case 'exporter-down':
      h.exporterDown = true;
      return;
    case 'decommissioning': {
      // Drained an hour ago (after the RM started, so YARN has the real entry, decommissioned).
      intoRepair('repair');
      node.admin = 'decommissioning';
      node.decommissionLeft = rng.int(...spec.decommissionTicks);
      node.decommissionTotal = node.decommissionLeft;
      node.xceivers += 40;
      yarn.state = 'DECOMMISSIONED';
      yarn.containers = 0;
      if (rng.chance(0.5)) h.puppetOk = false;
      else {
        h.diskFault = true;
        h.diskErrors = rng.int(10, 500);
      }
      return;
    }
    case 'stale-ticket':
      h.serviceTicket = ticket();
      return;
  }
}

function setUpOther(h: Host, rng: Rng, now: number): void {
  if (rng.chance(0.02)) h.puppetOk = false;
  if (rng.chance(0.005)) {
    h.down = 'crash';
    h.load1 = 0;
    h.bootTime = now - rng.int(86400, 30 * 86400);
  }
}

/** Two healthy workers of the default cluster in HDFS maintenance: one live, one that died in it. */
function putInMaintenance(hosts: Host[], rng: Rng, now: number, config: SimConfig): void {
  const defaultCluster = CLUSTERS.find((c) => c.archetype === 'default')!.name;
  const healthy = hosts.filter((h) => h.cluster === defaultCluster && h.hdfs !== null && h.lifecycle === 'managed' && h.serviceTicket === '' && h.down === null && h.puppetOk && !h.diskFault && !h.exporterDown);
  if (healthy.length < 2) return;
  const first = rng.int(0, healthy.length - 1);
  let second = rng.int(0, healthy.length - 2);
  if (second >= first) second++;
  for (const [i, index] of [first, second].entries()) {
    const h = healthy[index]!;
    const node = h.hdfs!;
    node.admin = 'in-maintenance';
    node.maintenanceUntil = now + config.tickSeconds * rng.int(6, 18);
    if (i === 1) {
      // Died during maintenance: HDFS keeps its blocks (maintenance nodes are not re-replicated).
      h.down = 'crash';
      h.load1 = 0;
      node.live = false;
      node.lastContact = now - rng.int(600, 7200);
      if (h.yarn !== null) {
        h.yarn.state = 'LOST';
        h.yarn.containers = 0;
      }
    }
  }
}
