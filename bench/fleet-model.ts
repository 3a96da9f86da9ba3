/**
 * The synthetic fleet the benchmarks run on, as pure functions of (seed,
 * host index): every attribute of host i and every list membership is a hash
 * of the seed and i, so any host can be generated on its own, in any order,
 * without holding the fleet in memory, and the same seed always gives the
 * same fleet.
 *
 * Hosts 0..hosts-1 are in the inventory; `ghosts` more (hosts-1+1 ..) are
 * hosts the inventory no longer knows that some lists and the metrics still
 * name (retired and re-used machines): what the "unmatched" counts are for.
 */

/** 32-bit mix of a seed, an index and a salt (murmur3's finaliser over a simple combination). */
export function hash32(seed: number, index: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(salt + 0x165667b1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) for (seed, index, salt). */
export function unit(seed: number, index: number, salt: number): number {
  return hash32(seed, index, salt) / 4294967296;
}

/**
 * A bijection of [0, n) (a 4-round Feistel network over the next even power
 * of two, cycle-walking back into range): the order hosts appear in a file.
 * Dumps and lists are not sorted by hostname; the pipelines have to sort.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly mask: number;

  constructor(
    private readonly n: number,
    private readonly seed: number,
    private readonly salt: number,
  ) {
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.halfBits = bits / 2;
    this.mask = 2 ** this.halfBits - 1;
  }

  at(i: number): number {
    let x = i;
    do x = this.encrypt(x);
    while (x >= this.n);
    return x;
  }

  private encrypt(x: number): number {
    let left = x >>> this.halfBits;
    let right = x & this.mask;
    for (let round = 0; round < 4; round++) {
      const f = hash32(this.seed, right, this.salt * 8 + round) & this.mask;
      const next = left ^ f;
      left = right;
      right = next;
    }
    return left * 2 ** this.halfBits + right;
  }
}

export const DATACENTER = 'smf1';

/** Inventory columns, in file order (the example workspace's). */
export const INVENTORY_COLUMNS = [
  'hostname', 'ip', 'cluster', 'role', 'rack', 'data_group', 'lifecycle', 'service_ticket', 'hadoop_exclude', 'puppet_branch', 'kernel',
] as const;

/** The host lists, in the order the config declares them. */
export const HOST_LISTS = ['excluded', 'responsive', 'puppet-failing', 'dead', 'decommissioned', 'reserved', 'ticketed', 'canary', 'retired'] as const;
export type HostList = (typeof HOST_LISTS)[number];

export const METRICS = ['up', 'node_load1', 'node_disk_errors_total', 'node_filesystem_avail_ratio', 'node_uptime_seconds'] as const;

/** Scrape times: epoch seconds of the first one, then one a minute. BREAKFIX_NOW for passes is set just after. */
export const METRICS_EPOCH = 1795392000; // 2026-11-23T00:00:00Z
export const SCRAPE_INTERVAL = 60;

const ROLES: readonly (readonly [number, string, string])[] = [
  // cumulative share, role, hostname prefix
  [0.86, 'hadoop-worker', 'dn'],
  [0.87, 'hadoop-master', 'nn'],
  [0.9, 'gateway', 'gw'],
  [0.95, 'kafka-broker', 'kf'],
  [0.96, 'zookeeper', 'zk'],
  [1, 'web', 'web'],
];
const LIFECYCLES: readonly (readonly [number, string])[] = [
  [0.88, 'managed'],
  [0.91, 'repair'],
  [0.92, 'rekicking'],
  [0.93, 'repaired'],
  [0.95, 'decommissioned'],
  [0.97, 'retired'],
  [0.985, 'provisioning'],
  [1, 'spare'],
];
const KERNELS = ['5.15.0-105-generic', '5.15.0-101-generic', '6.8.0-45-generic', '5.4.0-190-generic'];
const NAMED_CLUSTERS = ['dwh', 'archive', 'etl', 'cache-prod'];

// Salts: one per independent draw, so attributes do not correlate by accident.
const S = {
  role: 1, cluster: 2, lifecycle: 3, ticket: 4, branch: 5, kernel: 6, dead: 7, responsive: 8, excluded: 9, puppet: 10,
  decom: 11, reserved: 12, ticketed: 13, canary: 14, ghost: 15, disk: 16, up: 17, load: 18, avail: 19, uptime: 20,
} as const;

export interface Host {
  readonly hostname: string;
  readonly ip: string;
  readonly cluster: string;
  readonly role: string;
  readonly rack: string;
  readonly dataGroup: string | null;
  readonly lifecycle: string;
  readonly serviceTicket: string | null;
  readonly hadoopExclude: string | null;
  readonly puppetBranch: string;
  readonly kernel: string;
}

/** The fleet: its size and seed, and every host and list membership derived from them. */
export class FleetModel {
  /** Hosts the inventory does not list but lists and metrics still name. */
  readonly ghosts: number;
  private readonly width: number;
  private readonly clusters: readonly string[];

  constructor(
    readonly hosts: number,
    readonly seed: number,
  ) {
    this.ghosts = Math.max(1, Math.ceil(hosts / 100));
    this.width = Math.max(4, String(hosts + this.ghosts).length);
    const count = Math.max(NAMED_CLUSTERS.length, Math.round(hosts / 2500));
    this.clusters = Array.from({ length: count }, (_, i) => NAMED_CLUSTERS[i] ?? `hadoop${String(i + 1).padStart(3, '0')}`);
  }

  private pick<T>(table: readonly (readonly [number, ...T[]])[], u: number): readonly [number, ...T[]] {
    for (const row of table) if (u < row[0]) return row;
    return table[table.length - 1]!;
  }

  /** The hostname of host i (inventory host or ghost): the role's prefix and a unique number. */
  hostname(i: number): string {
    const role = this.pick(ROLES, unit(this.seed, i, S.role));
    return `${role[2]}${String(i + 1).padStart(this.width, '0')}.${DATACENTER}.example.com`;
  }

  host(i: number): Host {
    const seed = this.seed;
    const role = this.pick(ROLES, unit(seed, i, S.role));
    const lifecycle = this.pick(LIFECYCLES, unit(seed, i, S.lifecycle))[1]!;
    const worker = role[1] === 'hadoop-worker';
    const needsTicket = lifecycle === 'repair' || lifecycle === 'rekicking' || unit(seed, i, S.ticket) < 0.02;
    const branchU = unit(seed, i, S.branch);
    return {
      hostname: this.hostname(i),
      ip: `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`,
      cluster: this.clusters[Math.floor(unit(seed, i, S.cluster) * this.clusters.length)]!,
      role: role[1]!,
      // 40 hosts a rack, in index order: racks fill up as machines are installed.
      rack: `/${DATACENTER}/r${String(Math.floor(i / 40) + 1).padStart(5, '0')}`,
      dataGroup: worker ? `g${String((hash32(seed, i, S.cluster) % 20) + 1).padStart(2, '0')}` : null,
      lifecycle,
      serviceTicket: needsTicket ? `BRK-${10000 + (hash32(seed, i, S.ticket) % 90000)}` : null,
      hadoopExclude: worker && (lifecycle === 'repair' || lifecycle === 'decommissioned') ? 'yes' : null,
      puppetBranch: branchU < 0.95 ? 'production' : branchU < 0.98 ? 'staging' : `feature_${hash32(seed, i, S.branch) % 50}`,
      kernel: KERNELS[hash32(seed, i, S.kernel) % KERNELS.length]!,
    };
  }

  isGhost(i: number): boolean {
    return i >= this.hosts;
  }

  /** Host i is down: it answers no ping and reports no metrics. */
  isDead(i: number): boolean {
    return !this.isGhost(i) && unit(this.seed, i, S.dead) < 0.015;
  }

  /** Is host i (0 <= i < hosts + ghosts) on list `list`? Lists overlap the way real ones do. */
  onList(list: HostList, i: number, host?: Host): boolean {
    const seed = this.seed;
    if (this.isGhost(i)) {
      const u = unit(seed, i, S.ghost);
      return list === 'responsive' ? u < 0.5 : list === 'retired' ? u >= 0.5 : false;
    }
    const h = host ?? this.host(i);
    switch (list) {
      case 'responsive':
        return !this.isDead(i) && unit(seed, i, S.responsive) < 0.97;
      case 'dead':
        return this.isDead(i);
      case 'excluded':
        return h.hadoopExclude !== null || unit(seed, i, S.excluded) < 0.01;
      case 'puppet-failing':
        return !this.isDead(i) && (unit(seed, i, S.puppet) < 0.025 || (h.lifecycle === 'provisioning' && unit(seed, i, S.puppet) < 0.5));
      case 'decommissioned':
        // Mostly what the inventory says, plus stale records it has not caught up with.
        return h.lifecycle === 'decommissioned' || unit(seed, i, S.decom) < 0.005;
      case 'reserved':
        return unit(seed, i, S.reserved) < 0.01;
      case 'ticketed':
        return h.serviceTicket !== null || unit(seed, i, S.ticketed) < 0.005;
      case 'canary':
        return h.role === 'hadoop-worker' && unit(seed, i, S.canary) < 0.01;
      case 'retired':
        return h.lifecycle === 'retired';
    }
  }

  /** Hosts that report metrics: every live inventory host and every ghost. */
  reports(i: number): boolean {
    return !this.isDead(i);
  }

  /**
   * The value of `metric` for host i at scrape t, as the TSDB prints it. Disk
   * errors: a counter that grows on 1% of hosts and, on another 0.5%, was
   * non-zero only before a reboot (so "latest" matters).
   */
  metricValue(metric: (typeof METRICS)[number], i: number, t: number, variant: number): string {
    const seed = this.seed;
    switch (metric) {
      case 'up':
        return unit(seed, i, S.up) < 0.01 ? '0' : '1';
      case 'node_load1':
        return String((hash32(seed + variant, i * 64 + t, S.load) % 3200) / 100);
      case 'node_disk_errors_total': {
        const u = unit(seed, i, S.disk);
        if (u < 0.01) return String(t + 1 + (hash32(seed, i, S.disk) % 7));
        if (u < 0.015) return t === 0 ? '3' : '0';
        return '0';
      }
      case 'node_filesystem_avail_ratio':
        return String((hash32(seed + variant, i * 64 + t, S.avail) % 1000) / 1000);
      case 'node_uptime_seconds':
        return String(86400 + (hash32(seed, i, S.uptime) % 8640000) + t * SCRAPE_INTERVAL);
    }
  }
}
