import type { AdminState } from '../db/schema.js';
import { ParseError } from '../errors.js';
import { jsonPath, parseJsonText, type JsonTextParser } from './parser.js';
import type { HdfsHostRow } from './rows.js';

/**
 * The HDFS combined JSON hosts file (`CombinedHostFileManager`, docs/formats.md#combined-json-hosts-file): a JSON array of `DatanodeAdminProperties` objects, or the legacy
 * form the reader falls back to, top-level objects one after another
 * (`{"hostName":"a"} {"hostName":"b"}`). An empty file is no hosts; whether
 * that is acceptable is the loader's call.
 */
export type HdfsHostsOptions = Readonly<Record<string, never>>;

/** The Jackson bean properties of DatanodeAdminProperties. Jackson fails on any other key, and so do we. */
const KEYS = ['hostName', 'port', 'upgradeDomain', 'adminState', 'maintenanceExpireTimeInMS'] as const;

/** `AdminStates` enum names, as Jackson reads them (case-sensitive). */
const ADMIN_STATE_OF_NAME: ReadonlyMap<string, AdminState> = new Map([
  ['NORMAL', 'in-service'],
  ['DECOMMISSIONED', 'decommissioned'],
  ['IN_MAINTENANCE', 'in-maintenance'],
  ['DECOMMISSION_INPROGRESS', 'decommissioning'],
  ['ENTERING_MAINTENANCE', 'entering-maintenance'],
]);

/** Long.MAX_VALUE (the default: "forever") does not survive JSON.parse exactly: it becomes 2^63. */
const JAVA_LONG_LIMIT = 2 ** 63;
/** The last instant a JS Date (and any real maintenance window) can name; beyond it is forever. */
const LATEST_MS = 8.64e15;

export const parseHdfsHosts: JsonTextParser<HdfsHostRow, HdfsHostsOptions> = (text) => {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const first = body.search(/\S/);
  if (first < 0) return [];
  if (body[first] === '[') return parseArrayForm(body);
  if (body[first] === '{') return parseConcatenatedForm(body);
  const line = body.slice(0, first).split('\n').length;
  const plain = /^[A-Za-z0-9]/.test(body.slice(first)) ? '; this looks like a plain host list: use kind hostlist' : '';
  throw new ParseError(`expected a JSON array of host objects like [{"hostName": "dn1.example.com"}]${plain}`, line, '$');
};

/** The current form: `[ {...}, {...} ]`. Each row's line is where its object starts. */
function parseArrayForm(body: string): HdfsHostRow[] {
  const doc = parseJsonText(body);
  if (!Array.isArray(doc)) throw new ParseError('expected a JSON array of host objects', 1, '$');
  const lines = arrayElementLines(body);
  return doc.map((item: unknown, i) => hostRow(item, i, lines[i]!));
}

/**
 * The legacy form: objects one after another, no brackets or commas. The
 * objects are found by brace depth, skipping strings (a `}` inside
 * `"upgradeDomain": "ud}1"` does not end an object), then each is parsed on
 * its own so an error points at its line.
 */
function parseConcatenatedForm(body: string): HdfsHostRow[] {
  const rows: HdfsHostRow[] = [];
  const n = body.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const c = body[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c !== '{') {
      throw new ParseError(
        `expected '{' to start host object ${rows.length + 1}, got ${JSON.stringify(c)} (the legacy form is objects one after another, without commas)`,
        line,
        jsonPath(rows.length),
      );
    }
    const start = i;
    const startLine = line;
    let depth = 0;
    for (; i < n; i++) {
      const d = body[i];
      if (d === '"') {
        const close = skipString(body, i);
        line += countNewlines(body, i, close);
        i = close;
      } else if (d === '{') depth++;
      else if (d === '}') {
        if (--depth === 0) break;
      } else if (d === '\n') line++;
    }
    i = Math.min(i + 1, n);
    const value = parseObjectAt(body.slice(start, i), startLine, start - body.lastIndexOf('\n', start - 1) - 1);
    rows.push(hostRow(value, rows.length, startLine));
  }
  return rows;
}

/** Parse one object of the legacy form; a syntax error is reported at its line in the whole file. */
function parseObjectAt(text: string, startLine: number, column: number): unknown {
  try {
    // Pad so that columns in the error message match the file.
    return parseJsonText(' '.repeat(column) + text);
  } catch (err) {
    if (err instanceof ParseError && err.line !== undefined) throw new ParseError(err.problem, startLine + err.line - 1);
    throw err;
  }
}

/** The line each top-level element of a (valid) JSON array starts on. */
function arrayElementLines(body: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let expectValue = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') {
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (depth === 1 && expectValue && c !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') i = skipString(body, i);
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return lines;
}

/** Index of the quote that closes the string opening at `open` (or the end of the text if none). */
function skipString(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j;
  }
  return text.length;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) if (text[j] === '\n') count++;
  return count;
}

// ---- one host object ----

function hostRow(value: unknown, index: number, line: number): HdfsHostRow {
  const path = jsonPath(index);
  const fail = (problem: string): ParseError => new ParseError(problem, line, path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(`expected an object like {"hostName": "dn1.example.com"}, got ${typeName(value)}`);
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(key)) throw fail(unknownKey(key));
  }
  const hostName = obj['hostName'];
  if (hostName === undefined) throw fail('hostName is missing (every host object needs one)');
  if (typeof hostName !== 'string' || hostName.trim() === '') throw fail(`hostName: expected a host name, got ${typeName(hostName)}`);
  return {
    hostname: hostName,
    port: port(obj['port'], fail),
    upgrade_domain: upgradeDomain(obj['upgradeDomain'], fail),
    admin_state: adminState(obj['adminState'], fail),
    maintenance_expires: maintenanceExpires(obj['maintenanceExpireTimeInMS'], fail),
    line,
    path,
  };
}

type Fail = (problem: string) => ParseError;

function unknownKey(key: string): string {
  const near = KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
  return `unknown key ${JSON.stringify(key)}${near === undefined ? '' : ` (did you mean "${near}"?)`}; the keys are ${KEYS.join(', ')}`;
}

/** Port 0 and no port both mean "any port" to HDFS: both are stored as NULL. */
function port(v: unknown, fail: Fail): number | null {
  if (v === undefined || v === null) return null;
  const p = javaInteger(v);
  if (p === undefined || p < 0 || p > 65535) throw fail(`port: expected a port number 0-65535, got ${typeName(v)}`);
  return p === 0 ? null : p;
}

function upgradeDomain(v: unknown, fail: Fail): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw fail(`upgradeDomain: expected a string, got ${typeName(v)}`);
  return v;
}

function adminState(v: unknown, fail: Fail): AdminState {
  if (v === undefined) return 'in-service'; // DatanodeAdminProperties defaults to NORMAL
  const state = typeof v === 'string' ? ADMIN_STATE_OF_NAME.get(v) : undefined;
  if (state === undefined) throw fail(`adminState: expected one of ${[...ADMIN_STATE_OF_NAME.keys()].join(', ')}, got ${typeName(v)}`);
  return state;
}

/**
 * Epoch ms → epoch s. Absent or Long.MAX_VALUE (9223372036854775807, which
 * JSON.parse rounds to 2^63) means no expiry: NULL. Anything past the last
 * instant a date can name is that same "forever" written another way.
 */
function maintenanceExpires(v: unknown, fail: Fail): number | null {
  if (v === undefined) return null;
  const ms = javaInteger(v);
  if (ms === undefined || ms > JAVA_LONG_LIMIT || ms < -JAVA_LONG_LIMIT) {
    throw fail(`maintenanceExpireTimeInMS: expected epoch milliseconds (a Java long), got ${typeName(v)}`);
  }
  if (ms > LATEST_MS) return null;
  return Math.floor(ms / 1000);
}

/**
 * An integer as Jackson reads a Java int/long: a JSON integer, or a string of
 * digits (Jackson coerces `"9866"`, so the NameNode accepts it and so do we).
 */
function javaInteger(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) {
    const big = BigInt(v);
    if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
    return Number(big);
  }
  return undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}
