import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseLines } from '../../src/sources/parser.js';
import type { YarnNodeRow } from '../../src/sources/rows.js';
import { markCurrent } from '../../src/sources/yarn-current.js';
import { yarnNodesParser } from '../../src/sources/yarn-nodes.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../fixtures/yarn', name), 'utf8');
const ALL = fixture('node-list-all.txt');
const DETAILS = fixture('node-list-all-details.txt');
const EMPTY = fixture('node-list-empty.txt');

const parse = (text: string): YarnNodeRow[] => parseLines(yarnNodesParser, {}, text);

function errorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got none');
}

/** The fixture's lines (1-based numbering kept: lines[0] is line 1). */
const linesOf = (text: string): string[] => text.replace(/\n$/, '').split('\n');
const joinLines = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
/** A row line as NodeCLI prints it: `%16s\t%15s\t%17s\t%28s`. */
const row = (id: string, state: string, http: string, containers: string): string =>
  `${id.padStart(16)}\t${state.padStart(15)}\t${http.padStart(17)}\t${containers.padStart(28)}`;

describe('yarnNodesParser on yarn node -list -all', () => {
  const rows = parse(ALL);
  const at = (line: number): YarnNodeRow => {
    const r = rows.find((x) => x.line === line);
    if (r === undefined) throw new Error(`no row for line ${line}`);
    return r;
  };

  it('skips the log4j line and the header and returns one row per node line', () => {
    expect(rows).toHaveLength(13);
    expect(rows.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('reads a running node field by field, splitting Node-Id into host and port', () => {
    expect(at(4)).toEqual({
      hostname: 'dn0012.smf1.example.com',
      port: 45454,
      node_id: 'dn0012.smf1.example.com:45454',
      state: 'RUNNING',
      http_address: 'dn0012.smf1.example.com:8042',
      containers: 20,
      health_report: null,
      last_health_update: null,
      rack: null,
      placeholder: 0,
      current: 1,
      line: 4,
      path: null,
    });
  });

  it('accepts every NodeState the enum has', () => {
    expect(new Set(rows.map((r) => r.state))).toEqual(
      new Set(['NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONING', 'DECOMMISSIONED', 'LOST', 'REBOOTED', 'SHUTDOWN']),
    );
  });

  it('keeps the http address of inactive nodes (the CLI prints it, unlike the REST API)', () => {
    expect(at(6)).toMatchObject({ node_id: 'dn0020.smf1.example.com:48961', state: 'SHUTDOWN', http_address: 'dn0020.smf1.example.com:8042', containers: 0 });
  });

  it('reads an RM exclude-list placeholder host:-1 as port -1, placeholder 1, http host:-1 kept', () => {
    expect(at(9)).toMatchObject({
      hostname: 'dn0070.smf1.example.com',
      port: -1,
      node_id: 'dn0070.smf1.example.com:-1',
      state: 'DECOMMISSIONED',
      http_address: 'dn0070.smf1.example.com:-1',
      placeholder: 1,
      current: 1,
    });
  });

  it('trims the padding of a short name that fits the column width', () => {
    expect(ALL.split('\n')[9]).toMatch(/^ {7}dn7:45454\t/);
    expect(at(10)).toMatchObject({ hostname: 'dn7', port: 45454, node_id: 'dn7:45454', http_address: 'dn7:8042', containers: 3 });
  });

  it('keeps every row of a host listed under two ports and makes the active one current', () => {
    const dn0020 = rows.filter((r) => r.hostname === 'dn0020.smf1.example.com');
    expect(dn0020.map((r) => [r.port, r.state, r.current, r.line])).toEqual([
      [48961, 'SHUTDOWN', 0, 6],
      [39112, 'RUNNING', 1, 11],
    ]);
    const dn0031 = rows.filter((r) => r.hostname === 'dn0031.smf1.example.com');
    expect(dn0031.map((r) => [r.port, r.state, r.current])).toEqual([
      [45454, 'LOST', 0],
      [40127, 'NEW', 1],
    ]);
  });

  it('prefers a real inactive node over a later placeholder for the same host', () => {
    const dn0071 = rows.filter((r) => r.hostname === 'dn0071.smf1.example.com');
    expect(dn0071.map((r) => [r.node_id, r.current])).toEqual([
      ['dn0071.smf1.example.com:45454', 1],
      ['dn0071.smf1.example.com:-1', 0],
    ]);
  });

  it('sets current on exactly one row per hostname', () => {
    const currents = new Map<string, number>();
    for (const r of rows) currents.set(r.hostname, (currents.get(r.hostname) ?? 0) + r.current);
    expect([...currents.values()].every((n) => n === 1)).toBe(true);
    expect(currents.size).toBe(10);
  });

  it('parses the same rows from CRLF line endings', () => {
    expect(parse(ALL.replace(/\n/g, '\r\n'))).toEqual(rows);
  });

  it('parses the same rows after a UTF-8 byte order mark', () => {
    expect(parse(`\uFEFF${ALL}`)).toEqual(rows);
  });

  it('reads an IPv6 Node-Id by splitting on the last colon', () => {
    const lines = linesOf(EMPTY);
    lines[1] = 'Total Nodes:1';
    lines.push(row('2001:db8:b0::b:45454', 'RUNNING', '[2001:db8:b0::b]:8042', '2'));
    expect(parse(joinLines(lines))[0]).toMatchObject({ hostname: '2001:db8:b0::b', port: 45454, http_address: '[2001:db8:b0::b]:8042' });
  });

  it('skips a log4j line that lands among the rows (stderr captured with 2>&1)', () => {
    const lines = linesOf(ALL);
    lines.splice(8, 0, '2024-05-01 12:00:01,002 WARN util.NativeCodeLoader: Unable to load native-hadoop library for your platform');
    expect(parse(joinLines(lines))).toHaveLength(13);
  });
});

describe('yarnNodesParser on -showDetails and empty clusters', () => {
  it('accepts the Detailed Node Information blocks, trailing spaces included, and ignores their contents', () => {
    expect(DETAILS).toContain('\tAllocated Resources : \n');
    const rows = parse(DETAILS);
    expect(rows.map((r) => [r.node_id, r.state, r.containers, r.line])).toEqual([
      ['dn0012.smf1.example.com:45454', 'RUNNING', 20, 5],
      ['dn0020.smf1.example.com:48961', 'SHUTDOWN', 0, 12],
      ['dn0070.smf1.example.com:-1', 'DECOMMISSIONED', 0, 19],
    ]);
  });

  it('accepts TAB-only lines inside a details block (printed by some builds)', () => {
    const lines = linesOf(DETAILS);
    lines.splice(11, 0, '\t', '\t');
    expect(parse(joinLines(lines))).toHaveLength(3);
  });

  it('returns no rows for an empty cluster (Total Nodes:0 and the header)', () => {
    expect(parse(EMPTY)).toEqual([]);
  });
});

describe('yarnNodesParser errors', () => {
  const lines = linesOf(ALL);

  it('refuses an empty input', () => {
    expect(errorOf(() => parse('')).message).toBe('not yarn node -list output: the input is empty');
  });

  it('refuses an input without Total Nodes:, quoting its first line and suggesting the right kind', () => {
    expect(errorOf(() => parse('Configured Capacity: 2928000000000000 (2.60 PB)\nPresent Capacity: 1\n')).message).toBe(
      'not yarn node -list output: no "Total Nodes:" line; it starts with "Configured Capacity: 2928000000000000 (2.60 PB)" (this looks like hdfs dfsadmin -report output: use kind hdfs-report)',
    );
    expect(errorOf(() => parse(fixture('rm-nodes.json'))).message).toMatch(/\(this looks like JSON: for the ResourceManager REST API use kind yarn-rest\)$/);
  });

  it('refuses an input that has only log lines (the RM was unreachable)', () => {
    expect(errorOf(() => parse(`${lines[0]}\n`)).message).toBe('not yarn node -list output: no "Total Nodes:" line (only blank or log lines)');
  });

  it('reports a header with no rows after Total Nodes:3 as a count mismatch', () => {
    const text = joinLines([lines[0]!, 'Total Nodes:3', lines[2]!]);
    const err = errorOf(() => parse(text));
    expect(err.message).toBe('line 2: Total Nodes:3 but 0 node lines follow (truncated?)');
    expect(err.line).toBe(2);
  });

  it('reports a file cut after some rows as truncated', () => {
    expect(errorOf(() => parse(joinLines(lines.slice(0, -2)))).message).toBe('line 2: Total Nodes:13 but 11 node lines follow (truncated?)');
  });

  it('reports more rows than Total Nodes: says', () => {
    const extra = row('dn0099.smf1.example.com:45454', 'RUNNING', 'dn0099.smf1.example.com:8042', '1');
    expect(errorOf(() => parse(joinLines([...lines, extra]))).message).toBe('line 2: Total Nodes:13 but 14 node lines follow (two outputs concatenated?)');
  });

  // The REST API and hdfs-report refuse a node listed twice; so does the CLI text, wherever the repeat is.
  it('refuses a Node-Id listed twice, at the second line, naming the first', () => {
    const twice = [...lines];
    twice[1] = 'Total Nodes:14';
    twice.push(lines[3]!);
    const err = errorOf(() => parse(joinLines(twice)));
    expect(err.message).toBe('line 17: Node-Id "dn0012.smf1.example.com:45454" is listed twice (first on line 4; damaged output?)');
  });

  it('refuses a Node-Id repeated in another case (the hostnames are stored lower-cased)', () => {
    const twice = [...lines];
    twice[1] = 'Total Nodes:14';
    twice.push(row('DN0012.smf1.example.com:45454', 'LOST', 'dn0012.smf1.example.com:8042', '0'));
    expect(errorOf(() => parse(joinLines(twice))).message).toBe('line 17: Node-Id "DN0012.smf1.example.com:45454" is listed twice (first on line 4; damaged output?)');
  });

  it('takes the same host under two ports (an old inactive entry and a new one)', () => {
    expect(parse(ALL).filter((r) => r.hostname === 'dn0020.smf1.example.com').map((r) => r.node_id)).toEqual(['dn0020.smf1.example.com:48961', 'dn0020.smf1.example.com:39112']);
  });

  it('reports a missing header after Total Nodes:', () => {
    expect(errorOf(() => parse(joinLines(lines.slice(0, 2)))).message).toBe(
      'line 2: the column header line (Node-Id, Node-State, Node-Http-Address, Number-of-Running-Containers) is missing after Total Nodes:13 (truncated?)',
    );
  });

  it('reports a row where the header should be', () => {
    expect(errorOf(() => parse(joinLines([lines[1]!, lines[3]!]))).message).toBe(
      'line 2: expected the column header Node-Id, Node-State, Node-Http-Address, Number-of-Running-Containers (TAB-separated) after Total Nodes:, got "dn0012.smf1.example.com:45454\\t        RUNNING\\tdn0012.smf1.example.com:8042\\t  ..."',
    );
  });

  it('reports a row with the wrong number of columns', () => {
    const bad = [...lines];
    bad[4] = 'dn0003.smf1.example.com:45454\tDECOMMISSIONING\tdn0003.smf1.example.com:8042';
    expect(errorOf(() => parse(joinLines(bad))).message).toBe(
      'line 5: expected 4 TAB-separated columns (Node-Id, Node-State, Node-Http-Address, Number-of-Running-Containers), got 3',
    );
  });

  it('says so when the TABs were replaced by spaces, and never splits on spaces', () => {
    const bad = [...lines];
    bad[3] = bad[3]!.replace(/\t/g, '    ');
    expect(errorOf(() => parse(joinLines(bad))).message).toBe(
      'line 4: expected 4 TAB-separated columns (Node-Id, Node-State, Node-Http-Address, Number-of-Running-Containers), got 1; the TABs seem to have been replaced by spaces',
    );
  });

  it('refuses a state word that is not in the NodeState enum, listing the accepted ones', () => {
    const bad = [...lines];
    bad[6] = row('dn0044.smf1.example.com:45454', 'UNHEALTHLY', 'dn0044.smf1.example.com:8042', '0');
    expect(errorOf(() => parse(joinLines(bad))).message).toBe(
      'line 7: Node-State: expected one of NEW, RUNNING, UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, REBOOTED, SHUTDOWN, got "UNHEALTHLY"',
    );
  });

  it('refuses a lower-case state (the enum names are exact)', () => {
    const bad = [...lines];
    bad[3] = row('dn0012.smf1.example.com:45454', 'running', 'dn0012.smf1.example.com:8042', '20');
    expect(errorOf(() => parse(joinLines(bad))).message).toMatch(/^line 4: Node-State: expected one of .*, got "running"$/);
  });

  it('refuses a non-numeric container count', () => {
    const bad = [...lines];
    bad[3] = row('dn0012.smf1.example.com:45454', 'RUNNING', 'dn0012.smf1.example.com:8042', '2O');
    expect(errorOf(() => parse(joinLines(bad))).message).toBe('line 4: Number-of-Running-Containers: expected an integer, got "2O"');
  });

  it('refuses a Node-Id without a port', () => {
    const bad = [...lines];
    bad[3] = row('dn0012.smf1.example.com', 'RUNNING', 'dn0012.smf1.example.com:8042', '20');
    expect(errorOf(() => parse(joinLines(bad))).message).toBe('line 4: Node-Id: expected host:port, got "dn0012.smf1.example.com"');
  });

  it('refuses a second Total Nodes: line (two captures in one file)', () => {
    expect(errorOf(() => parse(ALL + ALL)).message).toBe('line 18: a second "Total Nodes:" line (the first is line 2): two outputs concatenated?');
  });

  it('refuses details lines that follow no Detailed Node Information line', () => {
    const bad = [...lines];
    bad.splice(4, 0, '\tConfigured Resources : <memory:98304, vCores:32>');
    expect(errorOf(() => parse(joinLines(bad))).message).toBe(
      'line 5: a TAB-indented line outside a "Detailed Node Information :" block: "\\tConfigured Resources : <memory:98304, vCores:32>"',
    );
  });

  it('refuses binary garbage (a NUL byte) at its line', () => {
    expect(errorOf(() => parse(`${lines.slice(0, 4).join('\n')}\n\0\u0001\u0002\n`)).message).toBe('line 5: NUL byte in a text input (is this a binary file?)');
  });
});

describe('markCurrent', () => {
  const base = (over: Partial<YarnNodeRow>): YarnNodeRow => ({
    hostname: 'dn1.x.com',
    port: 1,
    node_id: 'dn1.x.com:1',
    state: 'RUNNING',
    http_address: null,
    containers: 0,
    health_report: null,
    last_health_update: null,
    rack: null,
    placeholder: 0,
    current: 1,
    line: null,
    path: null,
    ...over,
  });

  it('picks the later row when two rows of a host rank the same', () => {
    expect(markCurrent([base({ port: 1 }), base({ port: 2 })]).map((r) => r.current)).toEqual([0, 1]);
  });

  it('prefers an active placeholder-free row over a later inactive one', () => {
    expect(markCurrent([base({ state: 'UNHEALTHY' }), base({ state: 'LOST' })]).map((r) => r.current)).toEqual([1, 0]);
  });

  it('ranks active state above being a real node: an active placeholder beats an inactive real node', () => {
    const rows = markCurrent([base({ state: 'DECOMMISSIONING', port: -1, placeholder: 1 }), base({ state: 'DECOMMISSIONED' })]);
    expect(rows.map((r) => r.current)).toEqual([1, 0]);
  });

  it('treats hostnames that differ only in case as one host (the loader may lower-case them)', () => {
    expect(markCurrent([base({ hostname: 'DN1.x.com' }), base({ hostname: 'dn1.x.com', state: 'LOST' })]).map((r) => r.current)).toEqual([1, 0]);
  });
});

describe('yarnNodesParser on mutated input (property)', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('Total Nodes:2', 'Detailed Node Information :', '\tNode-Labels : ', row(':1', 'RUNNING', 'x', '0'), row('h:', 'NEW', 'h:1', '1'), '\t\t\t'),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  );

  it('returns rows with a hostname or throws ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(ALL, DETAILS, EMPTY), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        let t = text;
        for (const m of mutations) {
          if (m.kind === 'truncate') t = t.slice(0, m.at % (t.length + 1));
          else {
            const ls = t.split('\n');
            if (m.kind === 'drop') ls.splice(m.at % ls.length, 1);
            else ls.splice(m.at % (ls.length + 1), 0, m.text);
            t = ls.join('\n');
          }
        }
        try {
          for (const r of parse(t)) expect(r.hostname).not.toBe('');
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 200 },
    );
  });
});
