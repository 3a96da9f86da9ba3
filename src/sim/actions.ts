import { cloneState } from './clone-state.js';
import { faultsOf } from './host-health.js';
import { isoTime } from './iso-time.js';
import { EPHEMERAL_PORTS, goDown, isActive, registerNodeManager } from './host-transitions.js';
import { rngFor, type Rng } from './rng.js';
import type { Host, SimAdminState, SimState } from './sim-state.js';

/**
 * The three action commands the example workspace's config runs, applied to
 * the world. The simulator is the world, not a guard: every action happens
 * even when it is unsafe. A rekick of a host HDFS still has in service is
 * carried out and recorded as a violation, for the end-to-end tests to find.
 */
export const ACTION_NAMES = ['drain', 'rekick', 'release'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** Who ran the command, from the environment breakfix gives its commands (BREAKFIX_ACTION, _DAY, _PASS). */
export interface Invoker {
  readonly action: string | null;
  readonly day: string | null;
  readonly pass: string | null;
}

export type ActionOutcome = 'applied' | 'noop' | 'failed' | 'rejected';

/** The host's HDFS view at the moment the action was invoked (before it took effect). */
export interface HdfsSnapshot {
  readonly adminState: SimAdminState;
  readonly live: boolean;
  readonly registered: boolean;
  readonly excluded: boolean;
}

/** One line of `sim/actions.jsonl`: one host of one invocation. */
export interface ActionRecord {
  /** The invocation's number (1, 2, ...): every host of one command shares it. */
  readonly seq: number;
  readonly tick: number;
  /** Sim clock, ISO-8601 UTC. */
  readonly time: string;
  readonly action: ActionName;
  /** As given, or the resolved FQDN for a known host. */
  readonly host: string;
  readonly known: boolean;
  readonly cluster: string | null;
  readonly hdfs: HdfsSnapshot | null;
  /** The state of the host's current YARN entry, or null. */
  readonly yarn: string | null;
  /** Faults before the action: `down:crash`, `puppet`, `disk`, `exporter`. */
  readonly faults: readonly string[];
  readonly outcome: ActionOutcome;
  /** Why this action was unsafe, or null. Set only for actions that were carried out. */
  readonly violation: string | null;
  readonly note: string | null;
  readonly invoker: Invoker | null;
}

export interface ActionResult {
  readonly state: SimState;
  readonly records: readonly ActionRecord[];
  /** 0 success (nothing to do included), 1 unknown host or a simulated failure. */
  readonly exitCode: 0 | 1;
  /** Lines for stderr. */
  readonly messages: readonly string[];
}

/**
 * Apply one invocation of `action` to `hostnames` (from `--host` or a hosts
 * file). Unknown hosts reject the whole invocation (exit 1, nothing changes);
 * with `actionFailProbability`, an invocation fails as a whole the same way.
 * Either way the invocation is counted and recorded.
 */
export function applyAction(state: SimState, action: ActionName, hostnames: readonly string[], invoker: Invoker | null): ActionResult {
  return applyActionInPlace(cloneState(state), action, hostnames, invoker);
}

/**
 * `applyAction` on the state itself, without the copy (the result's `state`
 * is the one given): for a caller that owns the state and has no use for the
 * old one, as a command with the state it just read from its file.
 */
export function applyActionInPlace(s: SimState, action: ActionName, hostnames: readonly string[], invoker: Invoker | null): ActionResult {
  s.actionSeq += 1;
  const seq = s.actionSeq;
  const rng = rngFor(s.seed, 'action', seq);
  const time = isoTime(s.now);
  const resolve = hostResolver(s);
  const base = { seq, tick: s.tick, time, action, invoker } as const;
  const recordFor = (name: string, h: Host | undefined, outcome: ActionOutcome, note: string | null, violation: string | null = null): ActionRecord => ({
    ...base,
    host: h?.hostname ?? name,
    known: h !== undefined,
    cluster: h === undefined ? null : h.cluster === '' ? null : h.cluster,
    hdfs: h === undefined ? null : snapshot(h),
    yarn: h?.yarn?.state ?? null,
    faults: h === undefined ? [] : faultsOf(h),
    outcome,
    violation,
    note,
  });

  const resolved = hostnames.map((name) => ({ name, host: resolve(name) }));
  const unknown = resolved.filter((r) => r.host === undefined).map((r) => r.name);
  if (unknown.length > 0) {
    const records = resolved.map((r) => recordFor(r.name, r.host, 'rejected', r.host === undefined ? 'unknown host' : 'another host of the invocation is unknown'));
    return { state: s, records, exitCode: 1, messages: [`sim ${action}: unknown host${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')} (not in the simulated fleet; nothing was done)`] };
  }
  // Always drawn, so turning failures on or off does not change what follows.
  if (rng.chance(s.config.actionFailProbability)) {
    const records = resolved.map((r) => recordFor(r.name, r.host, 'failed', 'simulated failure'));
    return { state: s, records, exitCode: 1, messages: [`sim ${action}: simulated failure (actionFailProbability ${s.config.actionFailProbability}); nothing was done`] };
  }

  const records: ActionRecord[] = [];
  const seen = new Set<string>();
  for (const { name, host } of resolved) {
    const h = host!;
    if (seen.has(h.hostname)) {
      records.push(recordFor(name, h, 'noop', 'listed twice in one invocation'));
      continue;
    }
    seen.add(h.hostname);
    const before = recordFor(name, h, 'applied', null);
    const { outcome, note, violation } = APPLY[action](s, h, rng);
    records.push({ ...before, outcome, note, violation });
  }
  return { state: s, records, exitCode: 0, messages: [] };
}

/** Finds a host as an invocation names it: any case, blanks around, short or fully qualified. */
function hostResolver(s: SimState): (name: string) => Host | undefined {
  const byName = new Map(s.hosts.map((h) => [h.hostname, h]));
  return (name) => {
    const n = name.trim().toLowerCase();
    return byName.get(n) ?? (n.includes('.') ? undefined : byName.get(`${n}.${s.domain}`));
  };
}

/** The known hosts among `hostnames`: the only ones an invocation of an action changes. */
export function namedHosts(s: SimState, hostnames: readonly string[]): Host[] {
  const resolve = hostResolver(s);
  return hostnames.map(resolve).filter((h): h is Host => h !== undefined);
}

interface Effect {
  readonly outcome: 'applied' | 'noop';
  readonly note: string | null;
  readonly violation: string | null;
}

const APPLY: Record<ActionName, (s: SimState, h: Host, rng: Rng) => Effect> = { drain, rekick, release };

/**
 * Add the host to the exclude file and refresh: HDFS starts decommissioning it
 * (a host that never registered is decommissioned at once), YARN gracefully
 * decommissions its NodeManager. The drain tool also marks the host in the
 * asset DB: lifecycle repair, a ticket, hadoop_exclude.
 */
function drain(s: SimState, h: Host, rng: Rng): Effect {
  const ticks = s.clusters.find((c) => c.name === h.cluster)?.decommissionTicks ?? [1, 1];
  const decommissionTicks = rng.int(ticks[0], ticks[1]);
  const node = h.hdfs;
  if (node === null) return { outcome: 'noop', note: `not a datanode (role ${h.role}): nothing to drain`, violation: null };
  if (h.excluded) return { outcome: 'noop', note: `already in the exclude file (HDFS ${node.admin})`, violation: null };
  h.excluded = true;
  h.hadoopExclude = true;
  h.drainedBySim = true;
  if (h.lifecycle === 'managed') h.lifecycle = 'repair';
  if (h.serviceTicket === '') h.serviceTicket = `BRK-${s.nextTicket++}`;
  if (!node.registered) {
    node.admin = 'decommissioned';
  } else if (node.admin === 'in-service' || node.admin === 'in-maintenance') {
    node.admin = 'decommissioning';
    node.decommissionLeft = decommissionTicks;
    node.decommissionTotal = decommissionTicks;
    node.maintenanceUntil = 0;
    if (node.live) node.xceivers += 40;
  }
  const y = h.yarn;
  if (y !== null && y.port !== -1 && isActive(y)) {
    if (s.config.yarnDecommissionTicks === 0) {
      y.state = 'DECOMMISSIONED';
      y.containers = 0;
    } else {
      y.state = 'DECOMMISSIONING';
      y.decommissionLeft = s.config.yarnDecommissionTicks;
    }
  }
  return { outcome: 'applied', note: null, violation: null };
}

/**
 * Reinstall: the host goes down for a few ticks, then comes back clean — or,
 * with `rekickFailProbability`, stays dead. Unsafe unless HDFS has the host
 * decommissioned: its replicas may be the last ones.
 */
function rekick(s: SimState, h: Host, rng: Rng): Effect {
  const [lo, hi] = s.config.rekickTicks;
  const remaining = rng.int(lo, hi);
  const fails = rng.chance(s.config.rekickFailProbability);
  const violation = rekickViolation(h);
  const restarted = h.rekick !== null;
  goDown(h, 'rekick', s.now);
  h.exporterDown = false;
  h.rekick = { remaining, fails };
  if (h.lifecycle !== 'retired') h.lifecycle = 'rekicking';
  return { outcome: 'applied', note: restarted ? 'restarted a rekick in progress' : null, violation };
}

function rekickViolation(h: Host): string | null {
  const node = h.hdfs;
  if (node === null || node.admin === 'decommissioned') return null;
  if (node.admin === 'in-service') return `rekick while HDFS still has the host in service (${node.live ? 'live' : 'dead'})`;
  return `rekick while HDFS has the host ${node.admin}, not decommissioned`;
}

/**
 * Return a host to service: out of the exclude file and refreshed, so HDFS
 * recommissions it and YARN takes a NodeManager restarted under a new port
 * (the old entry stays behind as an inactive duplicate). The asset DB goes
 * back to managed with the ticket closed.
 */
function release(_s: SimState, h: Host, rng: Rng): Effect {
  const port = rng.int(...EPHEMERAL_PORTS);
  const node = h.hdfs;
  if (node === null) return { outcome: 'noop', note: `not a datanode (role ${h.role}): nothing to release`, violation: null };
  if (!h.excluded) return { outcome: 'noop', note: `not in the exclude file (HDFS ${node.admin})`, violation: null };
  h.excluded = false;
  h.hadoopExclude = false;
  h.drainedBySim = false;
  h.serviceTicket = '';
  const wasRetired = h.lifecycle === 'retired';
  if (!wasRetired) h.lifecycle = 'managed';
  node.admin = 'in-service';
  node.decommissionLeft = 0;
  if (h.down === null && h.rekick === null) registerNodeManager(h, port);
  return { outcome: 'applied', note: wasRetired ? 'released a retired host' : null, violation: null };
}

function snapshot(h: Host): HdfsSnapshot | null {
  const node = h.hdfs;
  if (node === null) return null;
  return { adminState: node.admin, live: node.live, registered: node.registered, excluded: h.excluded };
}

export function isActionName(name: string): name is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(name);
}
