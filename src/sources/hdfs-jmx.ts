import type { AdminState } from '../db/schema.js';
import { ParseError } from '../errors.js';
import { ACCEPTED_ADMIN_STATE_WORDINGS, adminStateOfWording } from './hdfs-report.js';
import { jsonPath, parseJsonText, type JsonTextParser } from './parser.js';
import type { HdfsDatanodeRow } from './rows.js';

/**
 * The NameNode's JMX `Hadoop:service=NameNode,name=NameNodeInfo` bean
 * (FORMATS.md §3): `LiveNodes`, `DeadNodes`, `DecomNodes` and
 * `EnteringMaintenanceNodes` are strings that contain JSON maps keyed by
 * `<registered hostname>:<xferPort>`. A node in several maps becomes one row.
 */
export interface HdfsJmxOptions {
  /** When the document was captured, epoch seconds: JMX times are "seconds/minutes ago". */
  readonly capturedAt: number;
}

const NAMENODE_INFO_BEAN = 'Hadoop:service=NameNode,name=NameNodeInfo';

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

type Fields = Omit<HdfsDatanodeRow, 'hostname' | 'xfer_port' | 'live' | 'sections' | 'line' | 'path' | 'admin_state' | 'registered'>;

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

export const parseHdfsJmx: JsonTextParser<HdfsDatanodeRow, HdfsJmxOptions> = (text, options) => {
  const doc = parseJsonText(text);
  const { bean, index } = findNameNodeInfo(doc);
  const nodes = new Map<string, Node>();
  for (const map of NODE_MAPS) {
    const path = jsonPath('beans', index, map.attribute);
    const value = bean[map.attribute];
    if (value === undefined) {
      if (map.required) throw new ParseError(`the ${NAMENODE_INFO_BEAN} bean has no ${map.attribute} attribute`, undefined, jsonPath('beans', index));
      continue;
    }
    for (const [key, entry] of Object.entries(decodeNodeMap(value, path))) {
      addEntry(nodes, key, entry, map.section, jsonPath('beans', index, map.attribute, key), Math.floor(options.capturedAt));
    }
  }
  return [...nodes.values()].map(toRow);
};

function findNameNodeInfo(doc: unknown): { bean: JsonObject; index: number } {
  const beans = isObject(doc) ? doc['beans'] : undefined;
  if (!Array.isArray(beans)) {
    throw new ParseError('expected a JMX document {"beans" : [ ... ]} (is this the NameNode /jmx output?)', undefined, isObject(doc) ? '$.beans' : '$');
  }
  const index = beans.findIndex((b) => isObject(b) && b['name'] === NAMENODE_INFO_BEAN);
  if (index >= 0) return { bean: beans[index] as JsonObject, index };
  const names = beans.map((b) => (isObject(b) && typeof b['name'] === 'string' ? b['name'] : '?'));
  const shown = names.length === 0 ? 'no beans' : `${names.length} bean${names.length === 1 ? '' : 's'}: ${shortList(names, 4)}`;
  throw new ParseError(
    `no ${NAMENODE_INFO_BEAN} bean; found ${shown} (fetch /jmx?qry=${NAMENODE_INFO_BEAN} from a NameNode)`,
    undefined,
    '$.beans',
  );
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
  const f = node.fields;
  return {
    hostname: node.hostname,
    ip: f.ip,
    xfer_port: node.port,
    rack: f.rack,
    upgrade_domain: f.upgrade_domain,
    admin_state: node.stated ?? node.implied!,
    // A node that died between the reads of LiveNodes and DeadNodes is in both: Dead wins. A node
    // only in DecomNodes/EnteringMaintenanceNodes is not known to be live.
    live: node.sections.has('live') && !node.sections.has('dead') ? 1 : 0,
    // JMX cannot tell an include-file entry that never registered from a dead node: its
    // lastContact is the NameNode host's uptime, not a marker (FORMATS.md §3).
    registered: 1,
    sections: SECTION_ORDER.filter((s) => node.sections.has(s)).join(','),
    last_contact: f.last_contact,
    last_block_report: f.last_block_report,
    capacity: f.capacity,
    dfs_used: f.dfs_used,
    non_dfs_used: f.non_dfs_used,
    remaining: f.remaining,
    num_blocks: f.num_blocks,
    xceivers: f.xceivers,
    version: f.version,
    volfails: f.volfails,
    line: null,
    path: node.path,
  };
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
