import { isResponsive } from './host-health.js';
import type { Host, SimState } from './sim-state.js';

/**
 * The three host lists. Hosts are kept in state sorted by hostname, so every
 * list comes out sorted bytewise.
 */

/**
 * `dfs.hosts.exclude` as ops keep it: a comment header, a comment per
 * cluster, one host per line, the ticket as a trailing comment (HDFS reads a
 * `#` token as the end of the line). Every cluster's section is written even
 * when empty, so a fleet with nothing excluded gives a file of comments only:
 * the hostlist source needs `allow_empty: true`.
 */
export function renderExcluded(state: SimState): string {
  const out = [
    `# dfs.hosts.exclude -- ${state.datacenter}, all Hadoop clusters (written by the breakfix fleet simulator)`,
    `# one host per line; '#' starts a comment. Listed hosts are decommissioned by HDFS and YARN.`,
  ];
  for (const c of state.clusters) {
    out.push('', `# cluster ${c.name}`);
    for (const h of state.hosts) {
      if (h.cluster !== c.name || !h.excluded) continue;
      out.push(h.serviceTicket === '' ? h.hostname : `${h.hostname}   # ${h.serviceTicket}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Hosts that answer ping, one per line. */
export function renderResponsive(state: SimState): string {
  return state.hosts.filter(isResponsive).map((h) => `${h.hostname}\n`).join('');
}

/** Hosts whose last puppet run failed (as the puppet reports say; a dead host keeps its last report). */
export function renderPuppetFailing(state: SimState): string {
  return state.hosts.filter(isPuppetFailing).map((h) => `${h.hostname}\n`).join('');
}

/** Listed in `puppet-failing`: retired hosts no longer report. */
export function isPuppetFailing(h: Host): boolean {
  return !h.puppetOk && h.lifecycle !== 'retired';
}
