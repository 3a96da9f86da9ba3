import type { AdminState } from '../db/schema.js';
import { ParseError } from '../errors.js';
import { ACCEPTED_ADMIN_STATE_WORDINGS, adminStateOfWording } from './hdfs-report.js';
import { jsonPath, parseJsonText, type JsonTextParser } from './parser.js';
import { datanodeRow, emptyHealth, type DatanodeMeasures, type HdfsDatanodeRow, type HdfsDecommissioningRow, type HdfsHealthRow } from './rows.js';

/**
 * NameNode JMX (docs/formats.md#namenode-jmx): one `/jmx` document holding any of the
 * NameNode's beans. An operator's one curl of
 * `/jmx?qry=Hadoop:service=NameNode,name=*` (or the whole `/jmx`) gives all
 * three that breakfix reads; the others are ignored.
 *
 * - `NameNodeInfo`: the nodes. `LiveNodes`, `DeadNodes`, `DecomNodes` and
 *   `EnteringMaintenanceNodes` are strings that contain JSON maps keyed by
 *   `<registered hostname>:<xferPort>`; a node in several maps becomes one
 *   row. `DecomNodes` also gives each decommissioning node's progress (one
 *   `hdfs_decommission_progress` row each). `Safemode`, `Total`, `Free` and the
 *   missing-block counts are health.
 * - `FSNamesystem` and `FSNamesystemState`: the cluster's health (capacity,
 *   under-replicated, corrupt and missing blocks, safe mode, node counts).
 *
 * Every document gives one health row, with NULL for what its beans do not
 * say; a document without any of the three is not a NameNode's.
 */
export interface HdfsJmxOptions {
  /** When the document was captured, epoch seconds: JMX times are "seconds/minutes ago". */
  readonly capturedAt: number;
}

export interface HdfsJmxDocument {
  /** From NameNodeInfo; empty when the document has no NameNodeInfo bean. */
  readonly datanodes: HdfsDatanodeRow[];
  readonly health: HdfsHealthRow;
  /** From NameNodeInfo's DecomNodes. */
  readonly decommissioning: HdfsDecommissioningRow[];
}

const NAMENODE_INFO_BEAN = 'Hadoop:service=NameNode,name=NameNodeInfo';
const FSNAMESYSTEM_BEAN = 'Hadoop:service=NameNode,name=FSNamesystem';
const FSNAMESYSTEM_STATE_BEAN = 'Hadoop:service=NameNode,name=FSNamesystemState';
const ALL_NAMENODE_BEANS = '/jmx?qry=Hadoop:service=NameNode,name=*';

/**
 * The node maps in the order the report prints its sections. There is no
 * `InMaintenanceNodes` attribute, and 2.x before maintenance support has no
 * `EnteringMaintenanceNodes`.
 */
const NODE_MAPS = [
  { attribute: 'LiveNodes', section: 'live', required: true },
  { attribute: 'DeadNodes', section: 'dead', required: true },
  { attribute: 'DecomNodes', section: 'decommissioning', required: true },
  { attribute: 'EnteringMaintenanceNodes', section: 'entering-maintenance', required: false },
] as const;
type Section = (typeof NODE_MAPS)[number]['section'] | 'in-maintenance';
const SECTION_ORDER: readonly Section[] = ['live', 'dead', 'decommissioning', 'entering-maintenance', 'in-maintenance'];

/** What DecomNodes/EnteringMaintenanceNodes membership says when no Live/Dead entry gives an adminState. */
const IMPLIED_STATE: Partial<Record<Section, AdminState>> = { decommissioning: 'decommissioning', 'entering-maintenance': 'entering-maintenance' };

type Fields = DatanodeMeasures;

interface Node {
  readonly hostname: string;
  readonly port: number;
  readonly path: string;
  readonly sections: Set<Section>;
  /** From a Live/Dead entry's adminState (authoritative), else implied by the map. */
  stated: AdminState | undefined;
  implied: AdminState | undefined;
  fields: Fields;
}

type JsonObject = Record<string, unknown>;

/** A bean found in the document, with its path for errors. */
interface Bean {
  readonly bean: JsonObject;
  readonly index: number;
  readonly path: string;
}

type HealthCount = Exclude<keyof HdfsHealthRow, 'line' | 'path' | 'safe_mode' | 'ha_state'>;

/**
 * Where each health count is read, in order of preference: the first bean
 * that has the attribute gives it. `UnderReplicatedBlocks` and
 * `LowRedundancyBlocks` are the 2.x and 3.x names of one count.
 */
const HEALTH_ATTRIBUTES: readonly (readonly [HealthCount, readonly (readonly [string, string])[]])[] = [
  ['capacity', [[FSNAMESYSTEM_STATE_BEAN, 'CapacityTotal'], [FSNAMESYSTEM_BEAN, 'CapacityTotal'], [NAMENODE_INFO_BEAN, 'Total']]],
  ['remaining', [[FSNAMESYSTEM_STATE_BEAN, 'CapacityRemaining'], [FSNAMESYSTEM_BEAN, 'CapacityRemaining'], [NAMENODE_INFO_BEAN, 'Free']]],
  ['dfs_used', [[FSNAMESYSTEM_STATE_BEAN, 'CapacityUsed'], [FSNAMESYSTEM_BEAN, 'CapacityUsed'], [NAMENODE_INFO_BEAN, 'Used']]],
  ['under_replicated', [[FSNAMESYSTEM_BEAN, 'LowRedundancyBlocks'], [FSNAMESYSTEM_BEAN, 'UnderReplicatedBlocks'], [FSNAMESYSTEM_STATE_BEAN, 'UnderReplicatedBlocks']]],
  ['corrupt_blocks', [[FSNAMESYSTEM_BEAN, 'CorruptBlocks']]],
  ['missing_blocks', [[FSNAMESYSTEM_BEAN, 'MissingBlocks'], [NAMENODE_INFO_BEAN, 'NumberOfMissingBlocks']]],
  ['missing_repl_one', [[FSNAMESYSTEM_BEAN, 'MissingReplOneBlocks'], [NAMENODE_INFO_BEAN, 'NumberOfMissingBlocksWithReplicationFactorOne']]],
  ['pending_deletion', [[FSNAMESYSTEM_BEAN, 'PendingDeletionReplicatedBlocks'], [FSNAMESYSTEM_STATE_BEAN, 'PendingDeletionBlocks'], [FSNAMESYSTEM_BEAN, 'PendingDeletionBlocks']]],
  ['ec_low_redundancy', [[FSNAMESYSTEM_BEAN, 'LowRedundancyECBlockGroups']]],
  ['ec_corrupt', [[FSNAMESYSTEM_BEAN, 'CorruptECBlockGroups']]],
  ['ec_missing', [[FSNAMESYSTEM_BEAN, 'MissingECBlockGroups']]],
  ['ec_pending_deletion', [[FSNAMESYSTEM_BEAN, 'PendingDeletionECBlocks']]],
  ['blocks_total', [[FSNAMESYSTEM_STATE_BEAN, 'BlocksTotal'], [FSNAMESYSTEM_BEAN, 'BlocksTotal'], [NAMENODE_INFO_BEAN, 'TotalBlocks']]],
  ['live_nodes', [[FSNAMESYSTEM_STATE_BEAN, 'NumLiveDataNodes'], [FSNAMESYSTEM_BEAN, 'NumLiveDataNodes']]],
  ['dead_nodes', [[FSNAMESYSTEM_STATE_BEAN, 'NumDeadDataNodes'], [FSNAMESYSTEM_BEAN, 'NumDeadDataNodes']]],
  ['decommissioning', [[FSNAMESYSTEM_STATE_BEAN, 'NumDecommissioningDataNodes'], [FSNAMESYSTEM_BEAN, 'NumDecommissioningDataNodes']]],
];

/** Live nodes that are not in service, subtracted from NumLiveDataNodes when there is no node list to count. */
const LIVE_NOT_IN_SERVICE = ['NumDecomLiveDataNodes', 'NumDecommissioningDataNodes', 'NumInMaintenanceLiveDataNodes', 'NumEnteringMaintenanceDataNodes'] as const;

/** The datanode rows of a NameNode JMX document (its NameNodeInfo bean). */
export const parseHdfsJmx: JsonTextParser<HdfsDatanodeRow, HdfsJmxOptions> = (text, options) => parseHdfsJmxDocument(text, options).datanodes;

/** Everything a NameNode JMX document says: its datanodes, the cluster's health, the decommissions' progress. */
export function parseHdfsJmxDocument(text: string, options: HdfsJmxOptions): HdfsJmxDocument {
  const doc = parseJsonText(text);
  const beans = findNameNodeBeans(doc);
  const info = beans.get(NAMENODE_INFO_BEAN);
  const nodes = info === undefined ? undefined : readNodeMaps(info, Math.floor(options.capturedAt));
  const datanodes = nodes === undefined ? [] : [...nodes.values()].map(toRow);
  const decommissioning = info === undefined ? [] : readDecomProgress(info);
  return { datanodes, health: readHealth(beans, datanodes, decommissioning.length), decommissioning };
}

/** The NameNode beans breakfix reads, by name (the first of each name). */
function findNameNodeBeans(doc: unknown): Map<string, Bean> {
  const beans = isObject(doc) ? doc['beans'] : undefined;
  if (!Array.isArray(beans)) {
    throw new ParseError('expected a JMX document {"beans" : [ ... ]} (is this the NameNode /jmx output?)', undefined, isObject(doc) ? '$.beans' : '$');
  }
  const found = new Map<string, Bean>();
  beans.forEach((b, index) => {
    if (!isObject(b) || typeof b['name'] !== 'string') return;
    const name = b['name'];
    if ((name === NAMENODE_INFO_BEAN || name === FSNAMESYSTEM_BEAN || name === FSNAMESYSTEM_STATE_BEAN) && !found.has(name)) {
      found.set(name, { bean: b, index, path: jsonPath('beans', index) });
    }
  });
  if (found.size > 0) return found;
  const names = beans.map((b) => (isObject(b) && typeof b['name'] === 'string' ? b['name'] : '?'));
  const shown = names.length === 0 ? 'no beans' : `${names.length} bean${names.length === 1 ? '' : 's'}: ${shortList(names, 4)}`;
  throw new ParseError(
    `no ${NAMENODE_INFO_BEAN} bean (nor FSNamesystem or FSNamesystemState); found ${shown} (fetch ${ALL_NAMENODE_BEANS} from a NameNode)`,
    undefined,
    '$.beans',
  );
}

/** NameNodeInfo's node maps, one node per key. */
function readNodeMaps(info: Bean, capturedAt: number): Map<string, Node> {
  const nodes = new Map<string, Node>();
  for (const map of NODE_MAPS) {
    const path = `${info.path}.${map.attribute}`;
    const value = info.bean[map.attribute];
    if (value === undefined) {
      if (map.required) throw new ParseError(`the ${NAMENODE_INFO_BEAN} bean has no ${map.attribute} attribute`, undefined, info.path);
      continue;
    }
    for (const [key, entry] of Object.entries(decodeNodeMap(value, path))) {
      addEntry(nodes, key, entry, map.section, `${info.path}${jsonPath(map.attribute, key).slice(1)}`, capturedAt);
    }
  }
  return nodes;
}

/**
 * DecomNodes' progress: per node, the blocks it still has to re-replicate.
 * 3.x keys are `<hostname>:<xferPort>`; 2.x keys are the hostname alone.
 * The open-files count is spelled `underReplicateInOpenFiles` by the
 * NameNode; the grammatical spelling is accepted too.
 */
function readDecomProgress(info: Bean): HdfsDecommissioningRow[] {
  const value = info.bean['DecomNodes'];
  if (value === undefined) return [];
  const rows: HdfsDecommissioningRow[] = [];
  const path = `${info.path}.DecomNodes`;
  for (const [key, entry] of Object.entries(decodeNodeMap(value, path))) {
    const at = `${info.path}${jsonPath('DecomNodes', key).slice(1)}`;
    if (!isObject(entry)) throw new ParseError(`expected an object describing the node, got ${typeName(entry)}`, undefined, at);
    const read = new EntryReader(entry, at);
    const colon = key.lastIndexOf(':');
    const hasPort = colon > 0 && /^\d{1,5}$/.test(key.slice(colon + 1));
    const underReplicated = read.integer('underReplicatedBlocks');
    if (underReplicated === undefined) throw new ParseError('the node has no underReplicatedBlocks', undefined, at);
    rows.push({
      hostname: hasPort ? key.slice(0, colon) : key,
      xfer_port: hasPort ? Number(key.slice(colon + 1)) : null,
      under_replicated_blocks: nonNegative(underReplicated, `${at}.underReplicatedBlocks`),
      decommission_only_replicas: optionalNonNegative(read.integer('decommissionOnlyReplicas'), `${at}.decommissionOnlyReplicas`),
      under_replicated_in_open_files: optionalNonNegative(
        read.integer('underReplicateInOpenFiles') ?? read.integer('underReplicatedInOpenFiles'),
        `${at}.underReplicateInOpenFiles`,
      ),
      line: null,
      path: at,
    });
  }
  return rows;
}

/**
 * The health row: each count from the first bean that has it; safe mode
 * from FSState or NameNodeInfo's Safemode (either saying on is on); the
 * live in-service count from NameNodeInfo's node list when there is one,
 * else from FSNamesystemState's counts.
 */
function readHealth(beans: ReadonlyMap<string, Bean>, datanodes: readonly HdfsDatanodeRow[], decomEntries: number): HdfsHealthRow {
  // The row points at the first of the beans it was read from.
  const first = [...beans.values()].reduce((a, b) => (b.index < a.index ? b : a));
  const row = emptyHealth({ line: null, path: first.path });
  for (const [field, sources] of HEALTH_ATTRIBUTES) {
    for (const [name, attribute] of sources) {
      const v = countAttribute(beans.get(name), attribute);
      if (v !== undefined) {
        row[field] = v;
        break;
      }
    }
  }
  row.safe_mode = readSafeMode(beans);
  const fsn = beans.get(FSNAMESYSTEM_BEAN);
  const haState = fsn?.bean['tag.HAState'];
  if (haState !== undefined) {
    if (typeof haState !== 'string') throw new ParseError(`expected a string, got ${typeName(haState)}`, undefined, `${fsn!.path}["tag.HAState"]`);
    row.ha_state = haState;
  }
  if (beans.has(NAMENODE_INFO_BEAN)) {
    // The node list is exact: count it (the counts beans may be absent, or taken a moment apart).
    const live = datanodes.filter((d) => d.live === 1);
    row.live_nodes = live.length;
    row.live_in_service = live.filter((d) => d.admin_state === 'in-service').length;
    row.dead_nodes = datanodes.filter((d) => d.live === 0).length;
    row.decommissioning = decomEntries;
    const withBlocks = live.filter((d) => d.num_blocks !== null);
    row.replicas = withBlocks.length > 0 ? withBlocks.reduce((n, d) => n + d.num_blocks!, 0) : null;
  } else if (row.live_nodes !== null) {
    // Without the list, every live node the counts say is not in service is taken off; a count that is
    // absent is taken as 0. NumDecommissioningDataNodes includes dead ones: the result errs low.
    const state = beans.get(FSNAMESYSTEM_STATE_BEAN) ?? fsn;
    const notInService = LIVE_NOT_IN_SERVICE.reduce((n, a) => n + (countAttribute(state, a) ?? countAttribute(fsn, a) ?? 0), 0);
    row.live_in_service = Math.max(0, row.live_nodes - notInService);
  }
  return row;
}

/** FSState (`safeMode` / `Operational`) and NameNodeInfo's Safemode (empty when off, the safe mode tip when on). */
function readSafeMode(beans: ReadonlyMap<string, Bean>): number | null {
  let known = false;
  let on = false;
  for (const name of [FSNAMESYSTEM_STATE_BEAN, FSNAMESYSTEM_BEAN]) {
    const b = beans.get(name);
    const state = b?.bean['FSState'];
    if (state === undefined) continue;
    const path = `${b!.path}.FSState`;
    if (typeof state !== 'string') throw new ParseError(`expected a string, got ${typeName(state)}`, undefined, path);
    const word = state.toLowerCase();
    if (word !== 'safemode' && word !== 'operational') throw new ParseError(`expected "safeMode" or "Operational", got ${JSON.stringify(state)}`, undefined, path);
    known = true;
    on ||= word === 'safemode';
  }
  const info = beans.get(NAMENODE_INFO_BEAN);
  const tip = info?.bean['Safemode'];
  if (tip !== undefined) {
    if (typeof tip !== 'string') throw new ParseError(`expected a string, got ${typeName(tip)}`, undefined, `${info!.path}.Safemode`);
    known = true;
    on ||= tip.trim() !== '';
  }
  return known ? (on ? 1 : 0) : null;
}

/** A non-negative integer attribute of a bean, or undefined when the bean or the attribute is absent. */
function countAttribute(b: Bean | undefined, attribute: string): number | undefined {
  const v = b?.bean[attribute];
  if (v === undefined) return undefined;
  const path = `${b!.path}${jsonPath(attribute).slice(1)}`;
  // A large cluster's capacity is beyond 2^53 bytes (9 PB): such a value is read to the nearest double, a few bytes off.
  if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) >= 2 ** 63) {
    throw new ParseError(`expected an integer, got ${typeof v === 'number' ? String(v) : typeName(v)}`, undefined, path);
  }
  return nonNegative(v, path);
}

function nonNegative(v: number, path: string): number {
  if (v < 0) throw new ParseError(`expected a count >= 0, got ${v}`, undefined, path);
  return v;
}

function optionalNonNegative(v: number | undefined, path: string): number | null {
  return v === undefined ? null : nonNegative(v, path);
}

/** The node maps are JSON inside a JSON string (Jetty `JSON.toString`); an empty map is `"{}"`. */
function decodeNodeMap(value: unknown, path: string): JsonObject {
  if (typeof value !== 'string') throw new ParseError(`expected a string holding a JSON map of nodes, got ${typeName(value)}`, undefined, path);
  let decoded: unknown;
  try {
    decoded = parseJsonText(value);
  } catch (err) {
    if (err instanceof ParseError) throw new ParseError(`the string does not hold valid JSON (${err.problem})`, undefined, path);
    throw err;
  }
  if (!isObject(decoded)) throw new ParseError(`expected the string to hold a JSON map of nodes, got ${typeName(decoded)}`, undefined, path);
  return decoded;
}

function addEntry(nodes: Map<string, Node>, key: string, entry: unknown, section: Section, path: string, capturedAt: number): void {
  if (!isObject(entry)) throw new ParseError(`expected an object describing the node, got ${typeName(entry)}`, undefined, path);
  const read = new EntryReader(entry, path);
  let node = nodes.get(key);
  if (node === undefined) {
    const { host, port } = splitHostPort(key, path, 'node key');
    node = { hostname: host, port, path, sections: new Set(), stated: undefined, implied: undefined, fields: emptyFields() };
    nodes.set(key, node);
  }
  node.sections.add(section);
  if (section === 'live' || section === 'dead') {
    const wording = read.string('adminState', true)!;
    const state = adminStateOfWording(wording);
    if (state === undefined) {
      throw new ParseError(`unknown admin state ${JSON.stringify(wording)}; expected one of ${ACCEPTED_ADMIN_STATE_WORDINGS}`, undefined, `${path}.adminState`);
    }
    node.stated = state;
    // The report's "In maintenance" section is exactly the nodes in that admin state, live or dead;
    // JMX has no map for it, so derive it and both kinds fill `sections` alike.
    if (state === 'in-maintenance') node.sections.add('in-maintenance');
  } else {
    node.implied ??= IMPLIED_STATE[section];
  }
  readFields(node.fields, read, capturedAt);
}

/** Each map carries some of the keys; a later map overwrites only the keys it has. */
function readFields(f: Fields, read: EntryReader, capturedAt: number): void {
  f.ip = splitHostPort(read.string('xferaddr', true)!, `${read.path}.xferaddr`, 'xferaddr').host;
  const location = read.string('location', false);
  // `location` is absent before 3.3; `/default-rack` is stored as NULL, like the report's missing `Rack:`.
  if (location !== undefined) f.rack = location === '/default-rack' ? null : location;
  const lastContact = read.integer('lastContact'); // seconds ago
  if (lastContact !== undefined) f.last_contact = capturedAt - lastContact;
  const lastBlockReport = read.integer('lastBlockReport'); // MINUTES ago
  if (lastBlockReport !== undefined) f.last_block_report = capturedAt - lastBlockReport * 60;
  f.capacity = read.integer('capacity') ?? f.capacity;
  f.dfs_used = read.integer('used') ?? f.dfs_used;
  f.non_dfs_used = read.integer('nonDfsUsedSpace') ?? f.non_dfs_used;
  f.remaining = read.integer('remaining') ?? f.remaining;
  f.num_blocks = count(read.integer('numBlocks'), f.num_blocks);
  f.volfails = count(read.integer('volfails'), f.volfails);
  f.version = read.string('version', false) ?? f.version;
  f.upgrade_domain = read.string('upgradeDomain', false) ?? f.upgrade_domain;
}

/** The Router's copy of this bean prints -1 for numBlocks and volfails: unknown, not a count. */
function count(value: number | undefined, previous: number | null): number | null {
  if (value === undefined) return previous;
  return value < 0 ? null : value;
}

function toRow(node: Node): HdfsDatanodeRow {
  return datanodeRow(
    {
      hostname: node.hostname,
      xfer_port: node.port,
      admin_state: node.stated ?? node.implied!,
      // A node that died between the reads of LiveNodes and DeadNodes is in both: Dead wins. A node
      // only in DecomNodes/EnteringMaintenanceNodes is not known to be live.
      live: node.sections.has('live') && !node.sections.has('dead') ? 1 : 0,
      // JMX cannot tell an include-file entry that never registered from a dead node: its
      // lastContact is the NameNode host's uptime, not a marker (docs/formats.md#namenode-jmx).
      registered: 1,
      sections: SECTION_ORDER.filter((s) => node.sections.has(s)).join(','),
      line: null,
      path: node.path,
    },
    node.fields,
  );
}

function emptyFields(): Fields {
  return {
    ip: null,
    rack: null,
    upgrade_domain: null,
    last_contact: null,
    last_block_report: null,
    capacity: null,
    dfs_used: null,
    non_dfs_used: null,
    remaining: null,
    num_blocks: null,
    xceivers: null,
    version: null,
    volfails: null,
  };
}

/** Typed access to one node entry, with errors at `<node path>.<key>`. */
class EntryReader {
  constructor(
    private readonly entry: JsonObject,
    readonly path: string,
  ) {}

  string(key: string, required: boolean): string | undefined {
    const v = this.entry[key];
    if (v === undefined) {
      if (required) throw new ParseError(`the node has no ${key}`, undefined, this.path);
      return undefined;
    }
    if (typeof v !== 'string') throw new ParseError(`expected a string, got ${typeName(v)}`, undefined, `${this.path}.${key}`);
    return v;
  }

  /** Java longs and ints; Jetty writes them as plain JSON numbers (a float like 9.6E13 is accepted if integral). */
  integer(key: string): number | undefined {
    const v = this.entry[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new ParseError(`expected an integer, got ${typeof v === 'number' ? String(v) : typeName(v)}`, undefined, `${this.path}.${key}`);
    }
    return v;
  }
}

/** `host:port` or `ip:port`; IPv6 comes without brackets, so split on the LAST colon. */
function splitHostPort(text: string, path: string, what: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, Math.max(colon, 0)).replace(/^\[(.*)\]$/, '$1');
  const port = colon < 0 ? NaN : Number(text.slice(colon + 1));
  if (host === '' || !/^\d{1,5}$/.test(text.slice(colon + 1)) || port > 65535) {
    throw new ParseError(`${what}: expected <host>:<port>, got ${JSON.stringify(text)}`, undefined, path);
  }
  return { host, port };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}` : `${typeof v} ${String(v)}`;
}

function shortList(items: readonly string[], max: number): string {
  const head = items.slice(0, max).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}
