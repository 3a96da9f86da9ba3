import { compareBytewise } from '../util/bytewise.js';
import { blocksFor } from './host-transitions.js';
import { bytesWithDesc, doublePercent, floatPercent, javaDate } from './java-format.js';
import { healthyNameNode } from './fleet.js';
import type { Host, HdfsNode, NameNodeState, SimAdminState, SimState } from './sim-state.js';

/**
 * `hdfs dfsadmin -report` of one cluster, as a 3.3.x client in a UTC JVM
 * prints it (docs/formats.md#dfsadmin-report):
 *
 * - `Safe mode is ON` first when the NameNode is (`sim namenode`);
 * - the summary (in-service live nodes only, as DatanodeStats counts), the
 *   `Replicated Blocks:` and `Erasure Coded Block Groups: ` groups, a blank
 *   line and 49 dashes. Under-replicated blocks are what re-replication still
 *   has to do: the blocks of each node being decommissioned, less its
 *   progress, and those of each node that died in service, less what was
 *   re-replicated since (REREPLICATION_SECONDS); missing and corrupt blocks
 *   are the NameNode's incident, if any;
 * - sections Live, Dead, Decommissioning, Entering maintenance, In
 *   maintenance, each printed only when it has nodes; a node is listed in
 *   every section it belongs to (Live + Decommissioning, Dead + In maintenance);
 * - registered nodes sorted by the string `ip:port`, then the include-file
 *   entries that never registered at the end of Dead (no `Rack:`, zero
 *   counters, epoch contact, `Last Block Report: Never`);
 * - each block followed by two blank lines, each header by one.
 */
const XFER_PORT = 9866;
/** Block reports every 6 hours (dfs.blockreport.intervalMsec). */
const BLOCK_REPORT_INTERVAL = 6 * 3600;
const DASHES = '-'.repeat(49);
/** How long the NameNode takes to re-replicate a dead DataNode's blocks (replication streams and bandwidth). */
export const REREPLICATION_SECONDS = 4 * 3600;

const WORDING: Record<SimAdminState, string> = {
  'in-service': 'Normal',
  decommissioning: 'Decommission in progress',
  decommissioned: 'Decommissioned',
  'in-maintenance': 'In maintenance',
};

type Datanode = Host & { readonly hdfs: HdfsNode };

export function renderHdfsReport(state: SimState, cluster: string): string {
  const nodes = state.hosts.filter((h): h is Datanode => h.cluster === cluster && h.hdfs !== null);
  const registered = sortByName(nodes.filter((h) => h.hdfs.registered));
  const unregistered = nodes.filter((h) => !h.hdfs.registered);
  const live = registered.filter((h) => h.hdfs.live);
  const dead = registered.filter((h) => !h.hdfs.live);
  const sections: [string, Datanode[]][] = [
    ['Live', live],
    ['Dead', [...dead, ...unregistered]],
    ['Decommissioning', registered.filter((h) => h.hdfs.admin === 'decommissioning')],
    ['Entering maintenance', []],
    ['In maintenance', registered.filter((h) => h.hdfs.admin === 'in-maintenance')],
  ];
  // One string per block (its lines and the two blank lines after it), joined once: a report is tens of thousands of lines.
  const namenode = state.namenodes?.find((n) => n.cluster === cluster) ?? healthyNameNode(cluster);
  const parts: string[] = [summary(registered, namenode, state.now)];
  for (const [title, members] of sections) {
    if (members.length === 0) continue;
    parts.push(`${title} datanodes (${members.length}):\n\n`);
    for (const h of members) parts.push(h.hdfs.registered ? block(h) : unregisteredBlock(h));
  }
  return parts.join('');
}

function nameOf(h: Host): string {
  return `${h.ip}:${XFER_PORT}`;
}

/** DatanodeID.compareTo: the string `ip:port`, so 10.0.0.10 sorts before 10.0.0.2. Each key is built once, not per comparison. */
function sortByName(hosts: readonly Datanode[]): Datanode[] {
  const keyed = hosts.map((h) => ({ key: nameOf(h), h }));
  keyed.sort((a, b) => compareBytewise(a.key, b.key));
  return keyed.map((k) => k.h);
}

/** `Name: ip:port (reverse DNS)`: no suffix for IPv6 (getHostNameOfIP only matches IPv4); the IP itself when the PTR lookup fails. */
function nameLine(h: Host, node: HdfsNode): string {
  if (h.ip.includes(':')) return `Name: ${nameOf(h)}`;
  return `Name: ${nameOf(h)} (${node.ptrFails ? h.ip : h.hostname})`;
}

function lastBlockReport(h: Host, node: HdfsNode): number {
  const t = node.lastContact;
  const since = (((t - node.blockReportPhase) % BLOCK_REPORT_INTERVAL) + BLOCK_REPORT_INTERVAL) % BLOCK_REPORT_INTERVAL;
  // The first block report comes right after the DataNode registers (boot).
  return Math.min(t, Math.max(t - since, h.bootTime));
}

/**
 * A registered node's block, with the two blank lines after it. Joined from
 * its lines at once: one flat string per block is much cheaper for the
 * garbage collector to keep until the report is joined than a tree of parts.
 */
function block(h: Datanode): string {
  const node = h.hdfs;
  const remaining = Math.max(0, node.capacity - node.dfsUsed - node.nonDfsUsed);
  return [
    nameLine(h, node),
    `Hostname: ${node.registeredName}`,
    `Rack: ${h.rack}`,
    `Decommission Status : ${WORDING[node.admin]}`,
    `Configured Capacity: ${bytesWithDesc(node.capacity)}`,
    `DFS Used: ${bytesWithDesc(node.dfsUsed)}`,
    `Non DFS Used: ${bytesWithDesc(node.nonDfsUsed)}`,
    `DFS Remaining: ${bytesWithDesc(remaining)}`,
    `DFS Used%: ${floatPercent(node.dfsUsed, node.capacity)}`,
    `DFS Remaining%: ${floatPercent(remaining, node.capacity)}`,
    NO_CACHE,
    `Xceivers: ${node.xceivers}`,
    `Last contact: ${javaDate(node.lastContact)}`,
    `Last Block Report: ${javaDate(lastBlockReport(h, node))}`,
    `Num of Blocks: ${node.numBlocks}`,
    '\n\n',
  ].join('\n');
}

/** The cache lines of every block: the simulated clusters use no centralized cache. */
const NO_CACHE = [
  'Configured Cache Capacity: 0 (0 B)',
  'Cache Used: 0 (0 B)',
  'Cache Remaining: 0 (0 B)',
  'Cache Used%: 100.00%',
  'Cache Remaining%: 0.00%',
].join('\n');

/** The NameNode's fake descriptor for an include-file host it never heard from (DatanodeManager), with the two blank lines after it. */
function unregisteredBlock(h: Datanode): string {
  return [
    nameLine(h, h.hdfs),
    `Hostname: ${h.hostname}`,
    `Decommission Status : ${h.excluded ? 'Decommissioned' : 'Normal'}`,
    'Configured Capacity: 0 (0 B)',
    'DFS Used: 0 (0 B)',
    'Non DFS Used: 0 (0 B)',
    'DFS Remaining: 0 (0 B)',
    'DFS Used%: 100.00%',
    'DFS Remaining%: 0.00%',
    NO_CACHE,
    'Xceivers: 0',
    `Last contact: ${javaDate(0)}`,
    'Last Block Report: Never',
    'Num of Blocks: 0',
    '\n\n',
  ].join('\n');
}

/** The cluster totals, up to the dashes and the newline after them. */
function summary(registered: readonly Datanode[], namenode: NameNodeState, now: number): string {
  let capacity = 0n;
  let used = 0n;
  let remaining = 0n;
  let underReplicated = 0;
  for (const h of registered) {
    const n = h.hdfs;
    if (n.live && n.admin === 'in-service') {
      capacity += BigInt(n.capacity);
      used += BigInt(n.dfsUsed);
      remaining += BigInt(Math.max(0, n.capacity - n.dfsUsed - n.nonDfsUsed));
    }
    underReplicated += stillToReplicate(n, now);
  }
  const present = used + remaining;
  const usedFraction = present === 0n ? 0 : Number(used) / Number(present);
  return [
    ...(namenode.safeMode ? ['Safe mode is ON'] : []),
    `Configured Capacity: ${bytesWithDesc(capacity)}`,
    `Present Capacity: ${bytesWithDesc(present)}`,
    `DFS Remaining: ${bytesWithDesc(remaining)}`,
    `DFS Used: ${bytesWithDesc(used)}`,
    `DFS Used%: ${doublePercent(usedFraction)}`,
    'Replicated Blocks:',
    `\tUnder replicated blocks: ${underReplicated}`,
    `\tBlocks with corrupt replicas: ${namenode.corruptBlocks}`,
    `\tMissing blocks: ${namenode.missingBlocks}`,
    '\tMissing blocks (with replication factor 1): 0',
    `\tLow redundancy blocks with highest priority to recover: ${Math.floor(underReplicated / 1000)}`,
    '\tPending deletion blocks: 0',
    'Erasure Coded Block Groups: ',
    '\tLow redundancy block groups: 0',
    '\tBlock groups with corrupt internal blocks: 0',
    '\tMissing block groups: 0',
    '\tLow redundancy blocks with highest priority to recover: 0',
    '\tPending deletion blocks: 0',
    '',
    DASHES,
    '',
  ].join('\n');
}

/**
 * The blocks of one DataNode that still lack a replica elsewhere: all of a
 * node being decommissioned at its start, falling as it progresses; those of
 * a node that died in service (or while decommissioning), falling to none
 * over REREPLICATION_SECONDS since its last heartbeat. Maintenance keeps its
 * replicas: none.
 */
export function stillToReplicate(n: HdfsNode, now: number): number {
  const blocks = blocksFor(n.dfsUsed);
  if (!n.live) {
    if (n.admin !== 'in-service' && n.admin !== 'decommissioning') return 0;
    const left = 1 - (now - n.lastContact) / REREPLICATION_SECONDS;
    return left <= 0 ? 0 : Math.ceil(blocks * Math.min(1, left));
  }
  if (n.admin !== 'decommissioning') return 0;
  const total = n.decommissionTotal ?? n.decommissionLeft;
  return total <= 0 ? 0 : Math.ceil((blocks * Math.min(total, n.decommissionLeft)) / total);
}
