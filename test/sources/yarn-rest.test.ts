import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import type { YarnNodeRow } from '../../src/sources/rows.js';
import { parseYarnRest } from '../../src/sources/yarn-rest.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../fixtures/yarn', name), 'utf8');
const NODES = fixture('rm-nodes.json');

const parse = (text: string): YarnNodeRow[] => parseYarnRest(text, {});

function errorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got none');
}

describe('parseYarnRest on /ws/v1/cluster/nodes', () => {
  const rows = parse(NODES);
  const at = (i: number): YarnNodeRow => rows.find((r) => r.path === `$.nodes.node[${i}]`)!;

  it('is the compact Jettison JSON with escaped slashes the RM writes', () => {
    expect(NODES).toContain('"rack":"\\/smf1\\/r01"');
    expect(NODES).not.toContain('\n');
  });

  it('returns one row per node, with its JSON path and no line', () => {
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.path)).toEqual(Array.from({ length: 10 }, (_, i) => `$.nodes.node[${i}]`));
    expect(rows.every((r) => r.line === null)).toBe(true);
  });

  it('reads a running node field by field: rack unescaped, epoch ms to epoch s', () => {
    expect(at(0)).toEqual({
      hostname: 'dn0012.smf1.example.com',
      port: 45454,
      node_id: 'dn0012.smf1.example.com:45454',
      state: 'RUNNING',
      http_address: 'dn0012.smf1.example.com:8042',
      containers: 20,
      health_report: '',
      last_health_update: 1714564795,
      rack: '/smf1/r01',
      placeholder: 0,
      current: 1,
      line: null,
      path: '$.nodes.node[0]',
    });
  });

  it('keeps an UNHEALTHY health report exactly, with its ; [ ] % and trailing space', () => {
    expect(at(1).state).toBe('UNHEALTHY');
    expect(at(1).health_report).toBe(
      '1/12 local-dirs usable space is below configured utilization percentage/no more usable space [ /data/7/yarn/local : used space above threshold of 90.0% ] ; 1/12 log-dirs usable space is below configured utilization percentage/no more usable space [ /data/7/yarn/logs : used space above threshold of 90.0% ] ',
    );
  });

  it('stores the blank nodeHTTPAddress of inactive nodes as NULL and takes the host from nodeHostName', () => {
    expect(at(2)).toMatchObject({ hostname: 'dn0006.smf1.example.com', port: 58326, state: 'DECOMMISSIONED', http_address: null, containers: 0, last_health_update: 1714561200 });
  });

  it('reads an exclude-list placeholder: port -1, no rack key, Healthy report', () => {
    expect(at(5)).toEqual({
      hostname: 'dn0070.smf1.example.com',
      port: -1,
      node_id: 'dn0070.smf1.example.com:-1',
      state: 'DECOMMISSIONED',
      http_address: null,
      containers: 0,
      health_report: 'Healthy',
      last_health_update: 1714478400,
      rack: null,
      placeholder: 1,
      current: 1,
      line: null,
      path: '$.nodes.node[5]',
    });
  });

  it('marks the active row current when a host is listed under an old and a new port', () => {
    const byHost = (h: string) => rows.filter((r) => r.hostname === h).map((r) => [r.port, r.state, r.current]);
    expect(byHost('dn0020.smf1.example.com')).toEqual([
      [48961, 'LOST', 0],
      [39112, 'RUNNING', 1],
    ]);
    expect(byHost('dn0031.smf1.example.com')).toEqual([
      [45454, 'SHUTDOWN', 0],
      [40127, 'NEW', 1],
    ]);
  });

  it('takes the host from id when nodeHostName is missing or empty, never from nodeHTTPAddress', () => {
    const doc = JSON.parse(NODES) as { nodes: { node: Record<string, unknown>[] } };
    delete doc.nodes.node[3]!['nodeHostName'];
    doc.nodes.node[6]!['nodeHostName'] = '';
    doc.nodes.node[6]!['nodeHTTPAddress'] = 'other.smf1.example.com:8042';
    const got = parse(JSON.stringify(doc));
    expect(got[3]!.hostname).toBe('dn0020.smf1.example.com');
    expect(got[6]!.hostname).toBe('dn0031.smf1.example.com');
  });

  it('parses after a UTF-8 byte order mark and with CRLF line endings', () => {
    expect(parse(`\uFEFF${NODES}`)).toEqual(rows);
    expect(parse(JSON.stringify(JSON.parse(NODES), null, 2).replace(/\n/g, '\r\n'))).toEqual(rows);
  });
});

describe('parseYarnRest on empty and unusual shapes', () => {
  it('reads {"nodes":null}, the empty cluster, as no rows', () => {
    expect(parse(fixture('rm-nodes-empty.json'))).toEqual([]);
  });

  it.each([['{"nodes":{}}'], ['{"nodes":{"node":null}}'], ['{"nodes":{"node":[]}}'], ['{"nodes":[]}']])('reads %s as no rows', (text) => {
    expect(parse(text)).toEqual([]);
  });

  it('reads a single node object where a list belongs as a list of one', () => {
    const rows = parse(fixture('rm-nodes-single.json'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ hostname: 'dn0012.smf1.example.com', port: 45454, path: '$.nodes.node', current: 1 });
  });

  it('reads numbers that Jettison quoted', () => {
    const text = NODES.replace('"numContainers":20', '"numContainers":"20"').replace('"lastHealthUpdate":1714564795123', '"lastHealthUpdate":"1714564795123"');
    expect(parse(text)[0]).toMatchObject({ containers: 20, last_health_update: 1714564795 });
  });
});

describe('parseYarnRest errors', () => {
  it('refuses an empty input', () => {
    expect(errorOf(() => parse('')).message).toBe('line 1: empty JSON document');
  });

  it('reports a document cut in half as truncated', () => {
    const half = NODES.slice(0, Math.floor(NODES.length / 2));
    expect(errorOf(() => parse(half)).message).toBe(`line 1: invalid JSON: the document ends early (truncated?) at column ${half.length + 1}`);
  });

  it('refuses an unknown state word at its JSON path, listing the accepted ones', () => {
    const err = errorOf(() => parse(NODES.replace('"state":"UNHEALTHY"', '"state":"UNHEALTHLY"')));
    expect(err.message).toBe(
      '$.nodes.node[1].state: expected one of NEW, RUNNING, UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, REBOOTED, SHUTDOWN, got "UNHEALTHLY"',
    );
    expect(err.jsonPath).toBe('$.nodes.node[1].state');
  });

  it('refuses a missing state', () => {
    expect(errorOf(() => parse(NODES.replace('"state":"REBOOTED",', ''))).message).toMatch(/^\$\.nodes\.node\[9\]\.state: expected one of .*, got nothing \(the key is missing\)$/);
  });

  it('refuses a non-numeric container count', () => {
    expect(errorOf(() => parse(NODES.replace('"numContainers":20', '"numContainers":"twenty"'))).message).toBe(
      '$.nodes.node[0].numContainers: expected an integer, got "twenty"',
    );
  });

  it('refuses an id without a port', () => {
    expect(errorOf(() => parse(NODES.replace('"id":"dn0012.smf1.example.com:45454"', '"id":"dn0012.smf1.example.com"'))).message).toBe(
      '$.nodes.node[0].id: expected the node id "host:port", got "dn0012.smf1.example.com"',
    );
  });

  // hdfs-report refuses a datanode listed twice; a node id the RM listed twice is refused alike.
  it('refuses a node id listed twice, at the JSON path of the second, naming the first', () => {
    const doc = JSON.parse(NODES) as { nodes: { node: Record<string, unknown>[] } };
    doc.nodes.node.push({ ...doc.nodes.node[0]!, state: 'LOST' });
    expect(errorOf(() => parse(JSON.stringify(doc))).message).toBe(
      '$.nodes.node[10].id: node id "dn0012.smf1.example.com:45454" is listed twice (first at $.nodes.node[0]; damaged response?)',
    );
    doc.nodes.node[10] = { ...doc.nodes.node[0]!, id: 'DN0012.SMF1.example.com:45454' };
    expect(errorOf(() => parse(JSON.stringify(doc))).message).toBe(
      '$.nodes.node[10].id: node id "DN0012.SMF1.example.com:45454" is listed twice (first at $.nodes.node[0]; damaged response?)',
    );
  });

  it('refuses a node that is not an object', () => {
    expect(errorOf(() => parse('{"nodes":{"node":[42]}}')).message).toBe('$.nodes.node[0]: expected a node object, got number 42');
  });

  it('refuses another RM document, naming the expected shape', () => {
    expect(errorOf(() => parse('{"clusterInfo":{"id":1714478400000,"state":"STARTED"}}')).message).toBe(
      '$: expected the ResourceManager nodes document {"nodes":{"node":[...]}} (GET /ws/v1/cluster/nodes); the document has no "nodes" key',
    );
  });

  it('quotes a RemoteException the RM returned instead of nodes', () => {
    expect(errorOf(() => parse(fixture('rm-remote-exception.json'))).message).toBe(
      '$: expected the ResourceManager nodes document {"nodes":{"node":[...]}} (GET /ws/v1/cluster/nodes); the document has no "nodes" key (the ResourceManager returned an error: BadRequestException: java.lang.Exception: Invalid Node State: RUNING)',
    );
  });

  it('refuses binary garbage', () => {
    expect(errorOf(() => parse('\0\u0001\u0002PK\u0003\u0004')).message).toBe("line 1: invalid JSON at column 1: unexpected '\\x00'");
  });

  it('refuses the CLI text output given to the REST parser', () => {
    expect(errorOf(() => parse(fixture('node-list-all.txt'))).message).toBe(
      'line 1: invalid JSON at column 5: text after the end of the JSON document (this looks like yarn node -list output: use kind yarn-nodes)',
    );
  });
});

describe('parseYarnRest on mutated input (property)', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('null', '{}', '[]', '"', ',', '{"id":"x:1","state":"NEW"}', '"nodeHostName":"",', '"id":":5",', '-1', '"\\u0000"'),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  );

  it('returns rows with a hostname or throws ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(NODES, fixture('rm-nodes-single.json'), JSON.stringify(JSON.parse(NODES), null, 1)), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        let t = text;
        for (const m of mutations) {
          const at = m.at % (t.length + 1);
          if (m.kind === 'truncate') t = t.slice(0, at);
          else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
          else t = t.slice(0, at) + m.text + t.slice(at);
        }
        try {
          for (const r of parse(t)) expect(r.hostname.trim()).not.toBe('');
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 200 },
    );
  });
});
