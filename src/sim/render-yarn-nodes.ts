import { compareBytewise } from '../util/bytewise.js';
import { log4jTime } from './java-format.js';
import { hashString } from './rng.js';
import type { SimState, YarnEntry } from './sim-state.js';

/**
 * `yarn node -list -all 2>&1` of one cluster (docs/formats.md#yarn-node-list): the client's
 * log4j line, `Total Nodes:N`, then rows printed with
 * `%16s\t%15s\t%17s\t%28s` (right-justified, never truncated, one TAB between
 * columns). Every NodeManager entry the RM holds is a row: a host restarted
 * under a new port also keeps its old inactive row, and hosts excluded before
 * the RM started show as `host:-1` DECOMMISSIONED placeholders. Rows come in
 * the RM's hash-map order: stable here, but not sorted.
 */
const NM_HTTP_PORT = 8042;
const RM_PORT = 8032;

export function yarnRow(id: string, state: string, http: string, containers: string): string {
  return `${id.padStart(16)}\t${state.padStart(15)}\t${http.padStart(17)}\t${containers.padStart(28)}\n`;
}

export function renderYarnNodes(state: SimState, cluster: string): string {
  const info = state.clusters.find((c) => c.name === cluster);
  if (info === undefined) throw new RangeError(`no cluster ${cluster} in the sim`);
  const rm = state.hosts.find((h) => h.hostname === info.resourceManager);
  const rows: { id: string; hash: number; line: string }[] = [];
  for (const h of state.hosts) {
    if (h.cluster !== cluster || h.role !== 'hadoop-worker') continue;
    const entries: YarnEntry[] = [...h.yarnGhosts, ...(h.yarn === null ? [] : [h.yarn])];
    for (const e of entries) {
      const id = `${h.hostname}:${e.port}`;
      const http = e.port === -1 ? `${h.hostname}:-1` : `${h.hostname}:${NM_HTTP_PORT}`;
      rows.push({ id, hash: hashString(id), line: yarnRow(id, e.state, http, String(e.containers)) });
    }
  }
  rows.sort((a, b) => a.hash - b.hash || compareBytewise(a.id, b.id));
  const logLine = `${log4jTime(state.now * 1000 + 123)} INFO client.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at ${info.resourceManager}/${rm?.ip ?? '0.0.0.0'}:${RM_PORT}\n`;
  return [logLine, `Total Nodes:${rows.length}\n`, yarnRow('Node-Id', 'Node-State', 'Node-Http-Address', 'Number-of-Running-Containers'), ...rows.map((r) => r.line)].join('');
}
