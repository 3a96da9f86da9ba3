import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceKind } from '../../../src/config/schema.js';
import { ROOT } from '../../helpers/cli.js';
import { encodeConcatenated, encodeDocument } from './json-mutations.js';

/**
 * What the fuzzer imports: one target per source kind and format the config
 * schema allows (src/config/schema.ts), each a source named `fuzzed` whose
 * file the fuzzer rewrites before every import, with the real inputs of that
 * format as seeds (test/corpus/workspace/inputs, test/fixtures, and the
 * bad-input corpus's hostile versions in test/corpus/inputs/<source>/).
 */

/** The fuzzed source's name in every target's config, and so its table's. */
export const FUZZED = 'fuzzed';
/** Where the fuzzed bytes are written, relative to the workspace. */
export const FUZZED_PATH = 'inputs/fuzzed';

export interface Seed {
  /** Where it came from, as fast-check prints it in a counterexample. */
  readonly name: string;
  readonly bytes: Buffer;
  /**
   * Rejected as it is: one of the bad-input corpus's hostile versions, or a
   * fixture of an error response or an empty result (the fuzzed sources
   * keep the default allow_empty: false).
   */
  readonly rejected: boolean;
}

/** A query for the hostname values an import stored. */
export interface HostColumn {
  readonly what: string;
  /** Selects `host`; its one parameter `?` is the import id when `byImport`. */
  readonly sql: string;
  readonly byImport: boolean;
  /** Table sources skip an empty host cell (a ticket that names no host): NULL and '' are no hostname, not a bad one. */
  readonly emptyAllowed: boolean;
}

export interface FuzzTarget {
  /** Shown in test names and figures: kind and format. */
  readonly name: string;
  readonly kind: SourceKind;
  /** The `fuzzed` source's config, as YAML flow mapping. */
  readonly source: string;
  /** Import the corpus inventory first and map IP literals through it (hosts.inventory). */
  readonly withInventory: boolean;
  /** Other `hosts:` settings, as `key: value` lines (the defaults otherwise: lowercase, strip_port). */
  readonly hosts: readonly string[];
  readonly hostColumns: readonly HostColumn[];
  readonly seeds: readonly Seed[];
  /** For JSON formats: the seeds structured mutations start from, and how a mutated document is written back. */
  readonly json?: JsonSeeds;
}

export interface JsonSeeds {
  /** Seeds that are valid JSON (the hostile ones that are not only get byte mutations). */
  readonly documents: readonly Seed[];
  /** One document, or the hosts file's legacy concatenated objects. */
  readonly encode: (value: unknown, pretty: boolean) => string;
}

const WORKSPACE_INPUTS = join(ROOT, 'test', 'corpus', 'workspace', 'inputs');
const HOSTILE_INPUTS = join(ROOT, 'test', 'corpus', 'inputs');
const FIXTURES = join(ROOT, 'test', 'fixtures');

/** The columns of the corpus inventory (test/corpus/workspace/breakfix.yaml). */
export const INVENTORY_COLUMNS = ['hostname', 'ip', 'cluster', 'role', 'rack', 'lifecycle', 'service_ticket'] as const;
export const INVENTORY_SOURCE = `{ kind: inventory, path: inputs/inventory.tsv, columns: [${INVENTORY_COLUMNS.join(', ')}] }`;
export const INVENTORY_FILE = 'inputs/inventory.tsv';

function seed(dir: string, file: string, rejected = dir.startsWith(HOSTILE_INPUTS)): Seed {
  const label = dir === WORKSPACE_INPUTS ? 'corpus' : dir.startsWith(HOSTILE_INPUTS) ? `hostile/${dir.slice(HOSTILE_INPUTS.length + 1)}` : 'fixtures';
  return { name: `${label}/${file}`, bytes: readFileSync(join(dir, file)), rejected };
}

const corpus = (file: string): Seed => seed(WORKSPACE_INPUTS, file);
const fixture = (file: string): Seed => seed(FIXTURES, file, false);
/** A fixture the importer rejects as it is: an error response, the wrong document, or no rows. */
const rejectedFixture = (file: string): Seed => seed(FIXTURES, file, true);
/** Every hostile version of one corpus source's input. */
function hostile(source: string): Seed[] {
  const dir = join(HOSTILE_INPUTS, source);
  return readdirSync(dir).sort().map((f) => seed(dir, f));
}

/** A seed rewritten into another shape the same data takes (a header added, TSV as CSV); named after what was done. */
function derived(from: Seed, how: string, change: (text: string) => string): Seed {
  return { name: `${from.name} (${how})`, bytes: Buffer.from(change(from.bytes.toString('latin1')), 'latin1'), rejected: from.rejected };
}

const withInventoryHeader = (s: Seed): Seed => derived(s, 'with a header', (t) => `${INVENTORY_COLUMNS.join('\t')}\n${t}`);
const tabsToCommas = (s: Seed): Seed => derived(s, 'as CSV', (t) => t.replaceAll('\t', ','));
const withoutHeader = (s: Seed): Seed => derived(s, 'without its header', (t) => t.slice(t.indexOf('\n') + 1));
const asLegacyHostsFile = (s: Seed): Seed => derived(s, 'in the legacy form', (t) => encodeConcatenated(JSON.parse(t), false));

/** The seeds that are valid JSON documents. */
function documents(seeds: readonly Seed[]): Seed[] {
  return seeds.filter((s) => {
    try {
      JSON.parse(s.bytes.toString('utf8'));
      return true;
    } catch {
      return false;
    }
  });
}
const jsonSeeds = (seeds: readonly Seed[]): JsonSeeds => ({ documents: documents(seeds), encode: encodeDocument });

/** The corpus inventory's hostname → ip, to write seeds that name hosts by address. */
function inventoryIps(): Map<string, string> {
  const lines = corpus('inventory.tsv').bytes.toString('utf8').split('\n').filter((l) => l !== '');
  return new Map(lines.map((l) => l.split('\t')).map((f) => [f[0]!, f[1]!]));
}

/** Hostnames replaced by the IPs the inventory gives them, every other one with a port: the IP mapping must run. */
function byAddress(s: Seed): Seed {
  const ips = inventoryIps();
  let n = 0;
  return derived(s, 'hosts by IP', (t) => t.replace(/dn\d{4}\.smf1\.example\.com/g, (host) => (ips.has(host) ? `${ips.get(host)}${n++ % 2 === 0 ? '' : ':9100'}` : host)));
}

const inventorySeeds = [corpus('inventory.tsv'), fixture('analyst/inputs/inventory.tsv'), ...hostile('inventory')];
const hostlistSeeds = [
  corpus('excluded'),
  corpus('responsive'),
  corpus('pinged'),
  fixture('analyst/inputs/excluded'),
  fixture('analyst/inputs/responsive'),
  ...hostile('responsive'),
  ...hostile('pinged'),
];

const hostsOf = (table: string): HostColumn => ({
  what: `${table}.hostname`,
  sql: `SELECT hostname AS host FROM ${table} WHERE source = '${FUZZED}' AND _import = ?`,
  byImport: true,
  emptyAllowed: false,
});
const sourceTableHosts = (emptyAllowed: boolean): HostColumn => ({
  what: `${FUZZED}.hostname`,
  sql: `SELECT hostname AS host FROM ${FUZZED} WHERE _import = ?`,
  byImport: true,
  emptyAllowed,
});
/** metric_hosts has no import id: it holds the hosts of the source's current import, which is the one just made when it is ok. */
const METRIC_HOSTS: HostColumn = {
  what: 'metric_hosts.hostname',
  sql: `SELECT hostname AS host FROM metric_hosts WHERE source = '${FUZZED}'`,
  byImport: false,
  emptyAllowed: false,
};
const metricsHosts = [hostsOf('metric_samples'), METRIC_HOSTS];

export function fuzzTargets(): FuzzTarget[] {
  const metricsRaw = [corpus('metrics-raw.tsv'), withoutHeader(corpus('metrics.tsv')), ...hostile('metrics-raw')];
  const jmx = [
    corpus('namenode-jmx.json'),
    fixture('hdfs/jmx-namenodeinfo-3.3.6.json'),
    fixture('hdfs/jmx-namenodeinfo-3.2.1.json'),
    rejectedFixture('hdfs/jmx-datanode-wrong-bean.json'),
    ...hostile('jmx-dwh'),
  ];
  const hostsArray = [corpus('dfs.hosts.json'), fixture('hdfs/dfs.hosts.json'), ...hostile('hosts-dwh')];
  const promJson = [
    corpus('up.json'),
    ...['vector-up', 'vector-special-values', 'matrix-load1'].map((f) => fixture(`prometheus/${f}.json`)),
    ...['vector-sum-by-instance', 'vector-empty', 'scalar', 'error-bad-data'].map((f) => rejectedFixture(`prometheus/${f}.json`)),
    ...hostile('up-json'),
  ];
  const rest = [
    corpus('rm-nodes.json'),
    ...['rm-nodes', 'rm-nodes-single'].map((f) => fixture(`yarn/${f}.json`)),
    ...['rm-nodes-empty', 'rm-remote-exception'].map((f) => rejectedFixture(`yarn/${f}.json`)),
    ...hostile('rm-dwh'),
  ];
  const target = (t: Omit<FuzzTarget, 'withInventory' | 'hosts'> & Partial<Pick<FuzzTarget, 'withInventory' | 'hosts'>>): FuzzTarget => ({
    withInventory: false,
    hosts: [],
    ...t,
  });
  return [
    target({
      name: 'inventory tsv, columns:',
      kind: 'inventory',
      source: `{ kind: inventory, path: ${FUZZED_PATH}, columns: [${INVENTORY_COLUMNS.join(', ')}] }`,
      hostColumns: [sourceTableHosts(false)],
      seeds: inventorySeeds,
    }),
    target({
      name: 'inventory tsv, header',
      kind: 'inventory',
      source: `{ kind: inventory, path: ${FUZZED_PATH}, header: true }`,
      hostColumns: [sourceTableHosts(false)],
      seeds: inventorySeeds.map(withInventoryHeader),
    }),
    target({
      name: 'inventory csv, header',
      kind: 'inventory',
      source: `{ kind: inventory, format: csv, path: ${FUZZED_PATH}, header: true }`,
      hostColumns: [sourceTableHosts(false)],
      seeds: inventorySeeds.slice(0, 2).map(withInventoryHeader).map(tabsToCommas),
    }),
    target({
      name: 'table csv, header',
      kind: 'table',
      source: `{ kind: table, format: csv, header: true, host_columns: [hostname], path: ${FUZZED_PATH} }`,
      hostColumns: [sourceTableHosts(true)],
      seeds: [corpus('tickets.csv'), ...hostile('tickets')],
    }),
    target({
      name: 'table tsv, header',
      kind: 'table',
      source: `{ kind: table, format: tsv, header: true, host_columns: [hostname], path: ${FUZZED_PATH} }`,
      hostColumns: [sourceTableHosts(true)],
      seeds: inventorySeeds.slice(0, 2).map(withInventoryHeader),
    }),
    target({
      name: 'table text (breakfix text table)',
      kind: 'table',
      source: `{ kind: table, format: text, columns: [hostname, reason], host_columns: [hostname], path: ${FUZZED_PATH} }`,
      hostColumns: [sourceTableHosts(true)],
      seeds: [corpus('carried'), ...hostile('carried')],
    }),
    target({
      name: 'hostlist',
      kind: 'hostlist',
      source: `{ kind: hostlist, path: ${FUZZED_PATH} }`,
      hostColumns: [sourceTableHosts(false)],
      seeds: hostlistSeeds,
    }),
    target({
      name: 'hostlist, short names qualified (hosts.qualify)',
      kind: 'hostlist',
      source: `{ kind: hostlist, path: ${FUZZED_PATH} }`,
      hosts: ['qualify: .smf1.example.com'],
      hostColumns: [sourceTableHosts(false)],
      seeds: hostlistSeeds,
    }),
    target({
      name: 'hostlist, IPs mapped through an inventory',
      kind: 'hostlist',
      source: `{ kind: hostlist, path: ${FUZZED_PATH} }`,
      withInventory: true,
      hostColumns: [sourceTableHosts(false)],
      seeds: [...[corpus('responsive'), corpus('pinged')].map(byAddress), ...hostlistSeeds],
    }),
    target({
      name: 'metrics tsv, header',
      kind: 'metrics',
      source: `{ kind: metrics, format: tsv, header: true, path: ${FUZZED_PATH} }`,
      hostColumns: metricsHosts,
      seeds: [corpus('metrics.tsv'), fixture('analyst/inputs/metrics.tsv'), ...hostile('metrics')],
    }),
    target({
      name: 'metrics tsv, no header (fast loader)',
      kind: 'metrics',
      source: `{ kind: metrics, format: tsv, path: ${FUZZED_PATH} }`,
      hostColumns: metricsHosts,
      seeds: metricsRaw,
    }),
    target({
      name: 'metrics tsv, no header, IPs mapped through an inventory',
      kind: 'metrics',
      source: `{ kind: metrics, format: tsv, path: ${FUZZED_PATH} }`,
      withInventory: true,
      hostColumns: metricsHosts,
      seeds: [...metricsRaw.slice(0, 2).map(byAddress), ...metricsRaw],
    }),
    target({
      name: 'metrics csv, header',
      kind: 'metrics',
      source: `{ kind: metrics, format: csv, header: true, path: ${FUZZED_PATH} }`,
      hostColumns: metricsHosts,
      seeds: [corpus('metrics.csv'), ...hostile('metrics-csv')],
    }),
    target({
      name: 'metrics csv, no header',
      kind: 'metrics',
      source: `{ kind: metrics, format: csv, path: ${FUZZED_PATH} }`,
      hostColumns: metricsHosts,
      seeds: metricsRaw.map(tabsToCommas),
    }),
    target({
      name: 'metrics prometheus-text',
      kind: 'metrics',
      source: `{ kind: metrics, format: prometheus-text, path: ${FUZZED_PATH} }`,
      hostColumns: metricsHosts,
      seeds: [corpus('federate.prom'), fixture('prometheus/federate-node.txt'), ...hostile('federate')],
    }),
    target({
      name: 'metrics prometheus-json',
      kind: 'metrics',
      source: `{ kind: metrics, format: prometheus-json, path: ${FUZZED_PATH} }`,
      hostColumns: metricsHosts,
      seeds: promJson,
      json: jsonSeeds(promJson),
    }),
    target({
      name: 'hdfs-report',
      kind: 'hdfs-report',
      source: `{ kind: hdfs-report, cluster: fuzz, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('hdfs_datanodes')],
      seeds: [
        corpus('hdfs-report-dwh.txt'),
        ...['report-3.3.6', 'report-2.7.3', 'report-3.3.6-decommissioning-filter', 'report-3.3.6-live-slownodes-filter'].map((f) => fixture(`hdfs/${f}.txt`)),
        // Filtered reports whose sections list no node that makes a row.
        ...['report-3.3.6-dead-filter', 'report-3.3.6-slownodes-filter'].map((f) => rejectedFixture(`hdfs/${f}.txt`)),
        ...hostile('hdfs-dwh'),
      ],
    }),
    target({
      // Dates with ambiguous zone abbreviations (CST), read through the source's timezone:.
      name: 'hdfs-report, timezone: Asia/Shanghai',
      kind: 'hdfs-report',
      source: `{ kind: hdfs-report, cluster: fuzz, timezone: Asia/Shanghai, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('hdfs_datanodes')],
      seeds: [seed(join(HOSTILE_INPUTS, 'hdfs-dwh'), 'china-cst-dates.txt', false), corpus('hdfs-report-dwh.txt')],
    }),
    target({
      name: 'hdfs-jmx',
      kind: 'hdfs-jmx',
      source: `{ kind: hdfs-jmx, cluster: fuzz, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('hdfs_datanodes')],
      seeds: jmx,
      json: jsonSeeds(jmx),
    }),
    target({
      name: 'hdfs-hosts, JSON array',
      kind: 'hdfs-hosts',
      source: `{ kind: hdfs-hosts, cluster: fuzz, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('hdfs_hosts')],
      seeds: hostsArray,
      json: jsonSeeds(hostsArray),
    }),
    target({
      name: 'hdfs-hosts, legacy concatenated objects',
      kind: 'hdfs-hosts',
      source: `{ kind: hdfs-hosts, cluster: fuzz, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('hdfs_hosts')],
      seeds: [fixture('hdfs/dfs.hosts.legacy.json'), ...documents(hostsArray).map(asLegacyHostsFile)],
      // The structured mutations start from the array form and write the legacy form.
      json: { documents: documents(hostsArray), encode: encodeConcatenated },
    }),
    target({
      name: 'yarn-nodes',
      kind: 'yarn-nodes',
      source: `{ kind: yarn-nodes, cluster: fuzz, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('yarn_nodes')],
      seeds: [
        corpus('yarn-nodes-dwh.txt'),
        ...['node-list-all', 'node-list-all-details'].map((f) => fixture(`yarn/${f}.txt`)),
        rejectedFixture('yarn/node-list-empty.txt'),
        ...hostile('yarn-dwh'),
      ],
    }),
    target({
      name: 'yarn-rest',
      kind: 'yarn-rest',
      source: `{ kind: yarn-rest, cluster: fuzz, path: ${FUZZED_PATH} }`,
      hostColumns: [hostsOf('yarn_nodes')],
      seeds: rest,
      json: jsonSeeds(rest),
    }),
  ];
}
