import { ParseError } from '../errors.js';
import { jsonPath, parseJsonText, type JsonTextParser } from './parser.js';
import type { YarnNodeRow } from './rows.js';
import { ACCEPTED_YARN_STATES, markCurrent, splitNodeId, yarnStateOf } from './yarn-current.js';

/**
 * The ResourceManager REST API `GET /ws/v1/cluster/nodes` (docs/formats.md#resourcemanager-rest):
 * `{"nodes":{"node":[{...}, ...]}}`, compact, written by Jersey + Jettison
 * (`/` escaped as `\/`, which JSON.parse undoes; null fields omitted).
 * Rows carry the JSON path of their node object (`$.nodes.node[3]`).
 */

/** No options yet; the type exists so they can grow without changing the parser contract. */
export type YarnRestOptions = Readonly<Record<string, never>>;

type JsonObject = Record<string, unknown>;
type Fail = (key: string, problem: string) => ParseError;

const SHAPE = 'expected the ResourceManager nodes document {"nodes":{"node":[...]}} (GET /ws/v1/cluster/nodes)';

export const parseYarnRest: JsonTextParser<YarnNodeRow, YarnRestOptions> = (text) => {
  const doc = parseWithHint(text);
  const rows = nodeList(doc).map(({ node, path }) => nodeRow(node, path));
  checkDistinctIds(rows);
  return markCurrent(rows);
};

/**
 * The ResourceManager lists each NodeId once (its node map is keyed by it):
 * a second entry is a damaged or spliced document, and which of the two
 * speaks for the node would otherwise depend on their order. Ids are
 * compared ignoring case, as the hostnames in them are once stored.
 */
function checkDistinctIds(rows: readonly YarnNodeRow[]): void {
  const first = new Map<string, string>();
  for (const row of rows) {
    const key = row.node_id.toLowerCase();
    const earlier = first.get(key);
    if (earlier !== undefined) throw new ParseError(`node id ${JSON.stringify(row.node_id)} is listed twice (first at ${earlier}; damaged response?)`, undefined, `${row.path}.id`);
    first.set(key, row.path!);
  }
}

/** JSON.parse, and when the text is the CLI's output instead, say which kind reads it. */
function parseWithHint(text: string): unknown {
  try {
    return parseJsonText(text);
  } catch (err) {
    if (err instanceof ParseError && err.line !== undefined && /^\s*[^\s{[]/.test(text.replace(/^\uFEFF/, '')) && /(?:^|\n)\uFEFF?Total Nodes:/.test(text)) {
      throw new ParseError(`${err.problem} (this looks like yarn node -list output: use kind yarn-nodes)`, err.line);
    }
    throw err;
  }
}

/**
 * The node objects with their paths. An empty cluster is probably
 * `{"nodes":null}` (Jettison's rendering of an empty list, unconfirmed for
 * this endpoint), so `null`, `{}`, a missing `node` key and `[]` are all
 * "no nodes"; a single object where a list belongs is a list of one.
 */
function nodeList(doc: unknown): { node: unknown; path: string }[] {
  if (!isObject(doc)) throw new ParseError(`${SHAPE}, got ${describe(doc)}`, undefined, '$');
  if (!('nodes' in doc)) throw new ParseError(`${SHAPE}; the document has no "nodes" key${remoteException(doc)}`, undefined, '$');
  const nodes = doc['nodes'];
  if (nodes === null || (Array.isArray(nodes) && nodes.length === 0)) return [];
  if (!isObject(nodes)) throw new ParseError(`expected an object {"node":[...]} or null, got ${describe(nodes)}`, undefined, jsonPath('nodes'));
  const node = nodes['node'];
  if (node === undefined || node === null) return [];
  if (Array.isArray(node)) return node.map((n: unknown, i) => ({ node: n, path: jsonPath('nodes', 'node', i) }));
  if (isObject(node)) return [{ node, path: jsonPath('nodes', 'node') }];
  throw new ParseError(`expected a list of node objects, got ${describe(node)}`, undefined, jsonPath('nodes', 'node'));
}

/** RM errors come back as `{"RemoteException":{"exception":"BadRequestException","message":"..."}}`: quote them. */
function remoteException(doc: JsonObject): string {
  const e = doc['RemoteException'];
  if (!isObject(e)) return '';
  const what = typeof e['exception'] === 'string' ? e['exception'] : 'RemoteException';
  const message = typeof e['message'] === 'string' ? `: ${e['message']}` : '';
  return ` (the ResourceManager returned an error: ${what}${message})`;
}

function nodeRow(node: unknown, path: string): YarnNodeRow {
  if (!isObject(node)) throw new ParseError(`expected a node object, got ${describe(node)}`, undefined, path);
  const fail: Fail = (key, problem) => new ParseError(problem, undefined, `${path}.${key}`);

  const idValue = node['id'];
  if (typeof idValue !== 'string') throw fail('id', `expected the node id "host:port", got ${describe(idValue)}`);
  const id = splitNodeId(idValue);
  if (id === undefined) throw fail('id', `expected the node id "host:port", got ${describe(idValue)}`);

  const stateValue = node['state'];
  const state = typeof stateValue === 'string' ? yarnStateOf(stateValue) : undefined;
  if (state === undefined) throw fail('state', `expected one of ${ACCEPTED_YARN_STATES}, got ${describe(stateValue)}`);

  const lastHealthUpdate = optionalInteger(node, 'lastHealthUpdate', fail);
  return {
    hostname: hostname(node, id.host, fail),
    port: id.port,
    node_id: idValue,
    state,
    // Inactive nodes have `nodeHTTPAddress: ""` (RMWebServices blanks it): that is no address, not an address "".
    http_address: emptyToNull(optionalString(node, 'nodeHTTPAddress', fail)),
    containers: optionalCount(node, 'numContainers', fail),
    // Free text from the disk checker or health script (`;`, `[ ]`, `%`, trailing spaces): kept exactly.
    health_report: optionalString(node, 'healthReport', fail),
    last_health_update: lastHealthUpdate === null ? null : Math.floor(lastHealthUpdate / 1000),
    // Placeholders have no network location, and Jettison omits null fields: no `rack` key.
    rack: optionalString(node, 'rack', fail),
    placeholder: id.port === -1 ? 1 : 0,
    current: 1,
    line: null,
    path,
  };
}

/** `nodeHostName`, else the host of `id`; never `nodeHTTPAddress`, which is blank for inactive nodes. */
function hostname(node: JsonObject, idHost: string, fail: Fail): string {
  const name = optionalString(node, 'nodeHostName', fail);
  return name === null || name.trim() === '' ? idHost : name;
}

function optionalString(node: JsonObject, key: string, fail: Fail): string | null {
  const v = node[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw fail(key, `expected a string, got ${describe(v)}`);
  return v;
}

/**
 * An integer field. Jettison's "natural" notation writes numbers unquoted,
 * its "mapped" notation quotes them: a string of digits is read as well.
 */
function optionalInteger(node: JsonObject, key: string, fail: Fail): number | null {
  const v = node[key];
  if (v === undefined || v === null) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw fail(key, `expected an integer, got ${describe(v)}`);
  return n;
}

function optionalCount(node: JsonObject, key: string, fail: Fail): number | null {
  const n = optionalInteger(node, key, fail);
  if (n !== null && n < 0) throw fail(key, `expected a count, got ${n}`);
  return n;
}

function emptyToNull(v: string | null): string | null {
  return v === null || v === '' ? null : v;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the key is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
