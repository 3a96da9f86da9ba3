import type { DownCause, Host, YarnEntry } from './sim-state.js';

/**
 * The state changes a host goes through, shared by random events (tick) and
 * actions. Each mutates the host it is given: callers work on a copy of the
 * state (see `cloneState`), so the modules that call these stay pure.
 */

/** Inactive entries the RM keeps per host under old ports; older ones are dropped to bound the output. */
const MAX_YARN_GHOSTS = 2;
/** Average HDFS block size on disk, for a plausible `Num of Blocks`. */
export const AVG_BLOCK_BYTES = 112 * 1024 * 1024;
/** Disk the OS and logs use on a freshly installed host (`Non DFS Used`). */
export const FRESH_NON_DFS_BYTES = 68_719_476_736;
/** A NodeManager's ephemeral RPC port (NM address 0.0.0.0:0). */
export const EPHEMERAL_PORTS: readonly [number, number] = [32768, 60999];

export function blocksFor(dfsUsed: number): number {
  return Math.floor(dfsUsed / AVG_BLOCK_BYTES);
}

/**
 * The host stops: no ping, no scrape, no heartbeat. HDFS marks it dead at the
 * next report (one tick is 10 min, about the 10.5 min expiry) and, as 3.x
 * does, drops its block count unless it is in maintenance. YARN marks the
 * node LOST, or SHUTDOWN when the NodeManager was stopped cleanly (a rekick).
 */
export function goDown(h: Host, cause: DownCause, now: number): void {
  const wasUp = h.down === null;
  h.down = cause;
  h.load1 = 0;
  const node = h.hdfs;
  if (node !== null && node.registered && node.live) {
    node.live = false;
    node.lastContact = Math.min(node.lastContact, now);
    if (node.admin !== 'in-maintenance') node.numBlocks = 0;
  }
  const y = h.yarn;
  if (wasUp && y !== null && y.port !== -1 && isActive(y)) {
    y.state = cause === 'rekick' ? 'SHUTDOWN' : 'LOST';
    y.containers = 0;
    y.decommissionLeft = 0;
  }
}

/**
 * The host boots. The DataNode registers again; the NodeManager starts with a
 * new ephemeral port and registers as a new node, leaving the old entry behind
 * (the duplicate `yarn node -list -all` shows) — unless the host is excluded,
 * in which case the RM refuses it and the old entry stays as it was.
 */
export function comeUp(h: Host, now: number, newPort: number): void {
  h.down = null;
  h.exporterDown = false;
  h.bootTime = now;
  h.diskErrors = 0;
  const node = h.hdfs;
  if (node !== null) {
    node.registered = true;
    node.live = true;
    node.lastContact = now;
    node.numBlocks = blocksFor(node.dfsUsed);
    if (h.excluded) {
      if (node.admin === 'in-service' || node.admin === 'in-maintenance') {
        node.admin = 'decommissioning';
        node.decommissionLeft = Math.max(node.decommissionLeft, 1);
        node.decommissionTotal = Math.max(node.decommissionTotal ?? 0, node.decommissionLeft);
      }
    } else if (node.admin === 'decommissioned' || node.admin === 'decommissioning') {
      node.admin = 'in-service';
      node.decommissionLeft = 0;
    }
  }
  if (h.role === 'hadoop-worker' && !h.excluded) registerNodeManager(h, newPort);
}

/** A NodeManager registers under `port`: the old entry becomes a ghost (a placeholder is replaced). */
export function registerNodeManager(h: Host, port: number): void {
  const old = h.yarn;
  if (old !== null && old.port !== -1 && old.port !== port) {
    if (isActive(old)) old.state = 'SHUTDOWN';
    old.containers = 0;
    old.decommissionLeft = 0;
    h.yarnGhosts.push(old);
    while (h.yarnGhosts.length > MAX_YARN_GHOSTS) h.yarnGhosts.shift();
  }
  h.yarn = { port, state: h.diskFault ? 'UNHEALTHY' : 'RUNNING', containers: 0, decommissionLeft: 0 };
}

export function isActive(y: YarnEntry): boolean {
  return y.state === 'RUNNING' || y.state === 'UNHEALTHY' || y.state === 'DECOMMISSIONING';
}

export const PRODUCTION_KERNEL = '5.15.0-105-generic';
export const CANARY_KERNEL = '5.15.0-107-generic';

/** The kernel a reinstall puts on a host: canary gets the next one. */
export function targetKernel(puppetBranch: string): string {
  return puppetBranch === 'canary' ? CANARY_KERNEL : PRODUCTION_KERNEL;
}

/**
 * A reinstall finished well: a clean OS, puppet passing, disks replaced or
 * reformatted (no errors, no blocks). HDFS sees an empty DataNode: in service,
 * or decommissioned at once if excluded (it has no replicas to move).
 */
export function finishRekick(h: Host, now: number, newPort: number): void {
  h.puppetOk = true;
  h.diskFault = false;
  h.kernel = targetKernel(h.puppetBranch);
  const node = h.hdfs;
  if (node !== null) {
    node.dfsUsed = 0;
    node.nonDfsUsed = FRESH_NON_DFS_BYTES;
    node.admin = h.excluded ? 'decommissioned' : 'in-service';
    node.decommissionLeft = 0;
    node.maintenanceUntil = 0;
  }
  comeUp(h, now, newPort);
}
