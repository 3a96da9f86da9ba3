import { cloneState } from './clone-state.js';
import { loadFor } from './fleet.js';
import { blocksFor, comeUp, EPHEMERAL_PORTS, finishRekick, goDown, isActive } from './host-transitions.js';
import { rngFor } from './rng.js';
import type { FaultRates } from './sim-config.js';
import type { Host, SimState } from './sim-state.js';

/** Feature branches break puppet this many times more often. */
const FEATURE_BRANCH_PUPPET_FACTOR = 5;
/** Balancer refill after a reinstall, as a share of capacity per tick. */
const REFILL_PER_TICK = 0.01;
const MAX_FILL = 0.92;

/**
 * Advance the sim clock by `n` ticks. Each tick: in-flight actions progress
 * (rekicks finish, decommissions complete), then random faults start and some
 * end, then the slow-moving numbers (load, disk use, heartbeats) move.
 *
 * Every host takes the same fixed set of draws from the tick's generator
 * whatever its state, so the random events of tick k do not depend on what
 * actions ran before it (see rng.ts).
 */
export function tick(state: SimState, n = 1): SimState {
  checkTicks(n);
  return tickInPlace(cloneState(state), n);
}

/**
 * `tick` on the state itself, without the copy: for a caller that owns the
 * state and has no use for the old one, as a command with the state it just
 * read from its file. Copying 3,000 hosts costs more than a tick.
 */
export function tickInPlace(state: SimState, n = 1): SimState {
  checkTicks(n);
  for (let i = 0; i < n; i++) step(state);
  return state;
}

function checkTicks(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: expected a whole number of ticks >= 0, got ${n}`);
}

/** The fixed draws each host takes per tick. */
interface Draws {
  readonly crash: number;
  readonly puppet: number;
  readonly disk: number;
  readonly exporter: number;
  readonly noise: number;
  readonly noise2: number;
  readonly port: number;
  readonly errors: number;
}

function step(s: SimState): void {
  s.tick += 1;
  s.now += s.config.tickSeconds;
  const rng = rngFor(s.seed, 'tick', s.tick);
  for (const h of s.hosts) {
    const d: Draws = {
      crash: rng.float(),
      puppet: rng.float(),
      disk: rng.float(),
      exporter: rng.float(),
      noise: rng.float(),
      noise2: rng.float(),
      port: rng.int(...EPHEMERAL_PORTS),
      errors: rng.int(1, 20),
    };
    const rekicked = progressRekick(h, s.now, d);
    if (!rekicked && h.rekick === null && h.lifecycle !== 'retired') faults(h, s.config.rates, s.now, d);
    progressHdfs(h, s.now, d);
    progressYarn(h, d);
    h.load1 = h.down === null ? loadFor(h.role, d.noise) : 0;
  }
  // A NameNode incident set to clear by itself (`sim namenode --ticks K`) ends: the blocks are recovered.
  for (const nn of s.namenodes ?? []) {
    if (nn.clearsIn <= 0) continue;
    nn.clearsIn -= 1;
    if (nn.clearsIn === 0) {
      nn.missingBlocks = 0;
      nn.corruptBlocks = 0;
      nn.safeMode = false;
    }
  }
}

/** A rekick counts down; at the end the host comes back clean, or (decided at the start) stays dead. */
function progressRekick(h: Host, now: number, d: Draws): boolean {
  const r = h.rekick;
  if (r === null) return false;
  r.remaining -= 1;
  if (r.remaining > 0) return true;
  h.rekick = null;
  if (r.fails) h.down = 'rekick-failed';
  else finishRekick(h, now, d.port);
  // The provisioning system records how the reinstall ended.
  if (h.lifecycle === 'rekicking') h.lifecycle = r.fails ? 'repair' : 'repaired';
  return true;
}

function faults(h: Host, rates: FaultRates, now: number, d: Draws): void {
  if (h.down === null) {
    if (d.crash < rates.crash) {
      goDown(h, 'crash', now);
      return;
    }
  } else {
    // Only a crash comes back by itself; dead hardware and failed rekicks need a person.
    if (h.down === 'crash' && d.crash < rates.crashRecover) comeUp(h, now, d.port);
    return;
  }
  const puppetFail = h.puppetBranch === 'production' || h.puppetBranch === 'canary' ? rates.puppetFail : rates.puppetFail * FEATURE_BRANCH_PUPPET_FACTOR;
  if (h.puppetOk ? d.puppet < puppetFail : d.puppet < rates.puppetRecover) h.puppetOk = !h.puppetOk;

  if (!h.diskFault) {
    if (d.disk < rates.diskFault) {
      h.diskFault = true;
      h.diskErrors += d.errors;
      if (h.yarn !== null && h.yarn.state === 'RUNNING') {
        h.yarn.state = 'UNHEALTHY';
        h.yarn.containers = 0;
      }
    }
  } else if (d.disk < rates.diskRecover) {
    h.diskFault = false;
    if (h.yarn !== null && h.yarn.state === 'UNHEALTHY') h.yarn.state = 'RUNNING';
  } else {
    h.diskErrors += d.errors;
  }

  if (h.exporterDown ? d.exporter < rates.exporterRecover : d.exporter < rates.exporterDown) h.exporterDown = !h.exporterDown;
}

function progressHdfs(h: Host, now: number, d: Draws): void {
  const node = h.hdfs;
  if (node === null) return;
  if (node.admin === 'decommissioning') {
    // HDFS finishes a dead node's decommission too, once its blocks are re-replicated elsewhere.
    node.decommissionLeft -= 1;
    if (node.decommissionLeft <= 0) {
      node.admin = 'decommissioned';
      node.decommissionLeft = 0;
    }
  } else if (node.admin === 'in-maintenance' && now >= node.maintenanceUntil) {
    node.admin = 'in-service';
    node.maintenanceUntil = 0;
    if (!node.live) node.numBlocks = 0;
  }
  if (!node.live) return;
  node.lastContact = now - Math.floor(d.noise * 3);
  if (node.admin === 'in-service') {
    const fill = node.dfsUsed / node.capacity;
    const growth = fill < 0.3 ? REFILL_PER_TICK : 0.0004;
    node.dfsUsed = Math.min(Math.floor(node.capacity * MAX_FILL), node.dfsUsed + Math.floor(node.capacity * growth * d.noise2));
  }
  node.numBlocks = blocksFor(node.dfsUsed);
  node.xceivers = 8 + Math.floor(d.noise2 * 56) + (node.admin === 'decommissioning' ? 40 : 0);
}

function progressYarn(h: Host, d: Draws): void {
  const y = h.yarn;
  if (y === null || y.port === -1) return;
  if (y.state === 'DECOMMISSIONING') {
    y.decommissionLeft -= 1;
    y.containers = Math.floor(y.containers / 2);
    if (y.decommissionLeft <= 0) {
      y.state = 'DECOMMISSIONED';
      y.containers = 0;
      y.decommissionLeft = 0;
    }
  } else if (y.state === 'RUNNING') {
    y.containers = Math.floor(d.noise2 * 33);
  } else if (!isActive(y)) {
    y.containers = 0;
  }
}
