import { ACTIVE_YARN_STATES, YARN_STATES, type YarnState } from '../db/schema.js';
import type { YarnNodeRow } from './rows.js';

/**
 * What both YARN parsers (`yarn node -list -all` and the RM REST API) share:
 * the NodeState names, Node-Id splitting, and which of a host's rows speaks
 * for it (`current`).
 */

const STATES: ReadonlySet<string> = new Set(YARN_STATES);
const ACTIVE: ReadonlySet<YarnState> = new Set(ACTIVE_YARN_STATES);

/** For error messages. */
export const ACCEPTED_YARN_STATES = YARN_STATES.join(', ');

/** The NodeState enum names are exact (upper case); anything else is not a state YARN prints. */
export function yarnStateOf(word: string): YarnState | undefined {
  return STATES.has(word) ? (word as YarnState) : undefined;
}

/**
 * `host:port` → host and port. Split on the LAST colon: a NodeId is
 * `host + ":" + port`, and an IPv6 host keeps its own colons. The port is
 * `-1` for RM exclude-list placeholders (NodesListManager
 * `createUnknownNodeId`), otherwise 0..65535 (0 only in tests). Undefined if
 * the text is not that shape; the caller names the field in its error.
 */
export function splitNodeId(nodeId: string): { host: string; port: number } | undefined {
  const colon = nodeId.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const host = nodeId.slice(0, colon);
  const portText = nodeId.slice(colon + 1);
  if (host.trim() !== host || !/^(?:-1|\d{1,5})$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port > 65535) return undefined;
  return { host, port };
}

/**
 * Set `current` = 1 on exactly one row per host, 0 on the others. The same
 * host can be listed more than once (docs/formats.md#yarn-node-list: an inactive
 * entry, LOST or SHUTDOWN, under an old port beside an active one under the
 * new port, and `host:-1` exclude-list placeholders). The row that speaks for the host
 * is, in order of preference: an active state (NEW, RUNNING, UNHEALTHY,
 * DECOMMISSIONING) over an inactive one; a real node over a placeholder; the
 * later row. Hosts are compared case-insensitively, because the loader may
 * lower-case them and must not end up with two current rows for one host.
 * Returns the rows in their input order.
 */
export function markCurrent(rows: readonly YarnNodeRow[]): YarnNodeRow[] {
  const best = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = row.hostname.toLowerCase();
    const held = best.get(key);
    // `>=`: on a tie the later row wins.
    if (held === undefined || rank(row) >= rank(rows[held]!)) best.set(key, i);
  });
  const chosen = new Set(best.values());
  return rows.map((row, i) => ({ ...row, current: chosen.has(i) ? 1 : 0 }));
}

function rank(row: YarnNodeRow): number {
  return (ACTIVE.has(row.state) ? 2 : 0) + (row.placeholder === 1 ? 0 : 1);
}
