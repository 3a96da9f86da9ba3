import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseHdfsJmx } from '../../src/sources/hdfs-jmx.js';
import type { HdfsDatanodeRow } from '../../src/sources/rows.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hdfs/${name}`, import.meta.url), 'utf8');
/** Wed May 01 12:00:00 UTC 2024: when the fixtures were "captured". */
const CAPTURED_AT = 1714564800;
const parse = (text: string): HdfsDatanodeRow[] => parseHdfsJmx(text, { capturedAt: CAPTURED_AT });

const JMX = fixture('jmx-namenodeinfo-3.3.6.json');

function host(rows: readonly HdfsDatanodeRow[], hostname: string): HdfsDatanodeRow {
  const row = rows.find((r) => r.hostname === hostname);
  if (row === undefined) throw new Error(`no row for ${hostname}`);
  return row;
}

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

describe('parseHdfsJmx: NameNodeInfo from Hadoop 3.3.6', () => {
  const rows = parse(JMX);

  it('makes one row per host:port across LiveNodes, DeadNodes, DecomNodes and EnteringMaintenanceNodes', () => {
    expect(rows.map((r) => r.hostname).sort()).toEqual([
      'dn0001.smf1.example.com',
      'dn0002.smf1.example.com',
      'dn0003.smf1.example.com',
      'dn0004.smf1.example.com',
      'dn0005.smf1.example.com',
      'dn0006.smf1.example.com',
      'dn0007.smf1.example.com',
      'dn0009.smf1.example.com',
      'dn0011.smf1.example.com',
      'dn0018',
      'dn0019',
      'dn0020.smf1.example.com',
      'dn0030.smf1.example.com',
    ]);
  });

  it('reads a live node field by field, turning seconds-ago and minutes-ago into epoch seconds', () => {
    expect(host(rows, 'dn0001.smf1.example.com')).toEqual({
      hostname: 'dn0001.smf1.example.com',
      ip: '10.176.1.11',
      xfer_port: 9866,
      rack: '/smf1/r01',
      upgrade_domain: 'ud-01',
      admin_state: 'in-service',
      live: 1,
      registered: 1,
      sections: 'live',
      last_contact: 1714564798, // lastContact: 2 (seconds ago)
      last_block_report: 1714556580, // lastBlockReport: 137 (minutes ago)
      capacity: 96000000000000,
      dfs_used: 82106040197120,
      non_dfs_used: 1232765026304,
      remaining: 12661194776576,
      num_blocks: 611870,
      xceivers: null,
      version: '3.3.6',
      volfails: 0,
      line: null,
      path: '$.beans[0].LiveNodes["dn0001.smf1.example.com:9866"]',
    });
  });

  it('reads a node with a failed volume (failedStorageIDs, lastVolumeFailureDate present)', () => {
    expect(host(rows, 'dn0002.smf1.example.com')).toMatchObject({ volfails: 1, capacity: 88000000000000, last_contact: 1714564800 });
  });

  it('merges a live node that is also in DecomNodes: sections live,decommissioning, state from its adminState', () => {
    expect(host(rows, 'dn0003.smf1.example.com')).toMatchObject({
      admin_state: 'decommissioning',
      live: 1,
      sections: 'live,decommissioning',
      num_blocks: 603199,
      path: '$.beans[0].LiveNodes["dn0003.smf1.example.com:9866"]',
    });
  });

  it('merges a dead node that is also in DecomNodes: live 0, sections dead,decommissioning', () => {
    expect(host(rows, 'dn0020.smf1.example.com')).toEqual({
      hostname: 'dn0020.smf1.example.com',
      ip: '10.176.3.31',
      xfer_port: 9866,
      rack: '/smf1/r03',
      upgrade_domain: null,
      admin_state: 'decommissioning',
      live: 0,
      registered: 1,
      sections: 'dead,decommissioning',
      last_contact: 1714478383, // lastContact: 86417
      last_block_report: null,
      capacity: null,
      dfs_used: null,
      non_dfs_used: null,
      remaining: null,
      num_blocks: null,
      xceivers: null,
      version: null,
      volfails: null,
      line: null,
      path: '$.beans[0].DeadNodes["dn0020.smf1.example.com:9866"]',
    });
  });

  it('merges EnteringMaintenanceNodes and derives in-maintenance from adminState, as the report sections would show', () => {
    const summary = Object.fromEntries(rows.map((r) => [r.hostname, `${r.admin_state} ${r.sections} live=${r.live}`]));
    expect(summary).toMatchObject({
      'dn0004.smf1.example.com': 'decommissioned live live=1',
      'dn0005.smf1.example.com': 'entering-maintenance live,entering-maintenance live=1',
      'dn0006.smf1.example.com': 'in-maintenance live,in-maintenance live=1',
      'dn0030.smf1.example.com': 'in-maintenance dead,in-maintenance live=0',
      dn0019: 'decommissioned dead live=0',
    });
  });

  it('takes the hostname from the map key (even a short one) and the IP from xferaddr, IPv6 without brackets', () => {
    expect(host(rows, 'dn0018')).toMatchObject({ ip: '10.176.2.18', xfer_port: 9866, version: '3.3.5', path: '$.beans[0].LiveNodes["dn0018:9866"]' });
    expect(host(rows, 'dn0011.smf1.example.com')).toMatchObject({ ip: '2001:db8:b0::b', xfer_port: 9866 });
  });

  it('stores location /default-rack as a null rack', () => {
    expect(host(rows, 'dn0007.smf1.example.com').rack).toBeNull();
    expect(host(rows, 'dn0009.smf1.example.com').rack).toBeNull();
  });

  it('accepts an integral number written with an exponent', () => {
    const text = JMX.replace('\\"capacity\\":88000000000000', '\\"capacity\\":8.8E13');
    expect(host(parse(text), 'dn0002.smf1.example.com').capacity).toBe(88000000000000);
  });

  it('reads the -1 that the Router\'s copy of the bean prints for numBlocks and volfails as unknown', () => {
    const text = JMX.replace('\\"numBlocks\\":611870', '\\"numBlocks\\":-1').replace(
      '\\"volfails\\":0,\\"lastBlockReport\\":137',
      '\\"volfails\\":-1,\\"lastBlockReport\\":137',
    );
    expect(host(parse(text), 'dn0001.smf1.example.com')).toMatchObject({ num_blocks: null, volfails: null });
  });

  it('parses a document that starts with a UTF-8 byte order mark', () => {
    expect(parse(`\uFEFF${JMX}`)).toEqual(rows);
  });
});

describe('parseHdfsJmx: NameNodeInfo from Hadoop 3.2.1', () => {
  const rows = parse(fixture('jmx-namenodeinfo-3.2.1.json'));

  it('reads nodes without a location as rack null, and "{}" as an empty map', () => {
    expect(rows.map((r) => `${r.hostname} ${r.rack} ${r.sections} ${r.admin_state}`)).toEqual([
      'dn0001.smf1.example.com null live in-service',
      'dn0018 null live in-service',
      'dn0011.smf1.example.com null live in-service',
      'dn0019 null dead decommissioned',
    ]);
    expect(host(rows, 'dn0001.smf1.example.com')).toMatchObject({ version: '3.2.1', capacity: 96000000000000, last_block_report: 1714556580 });
  });
});

describe('parseHdfsJmx: damaged and wrong inputs', () => {
  it('reports a document cut in half at the line where it ends', () => {
    expect(parseErrorOf(() => parse(JMX.slice(0, Math.floor(JMX.length / 2)))).message).toBe(
      'line 23: invalid JSON: the document ends early (truncated?) at column 3448',
    );
  });

  it('refuses a /jmx document without the NameNodeInfo bean, listing the beans it has', () => {
    expect(parseErrorOf(() => parse(fixture('jmx-datanode-wrong-bean.json'))).message).toBe(
      '$.beans: no Hadoop:service=NameNode,name=NameNodeInfo bean (nor FSNamesystem or FSNamesystemState); found 6 beans: Hadoop:service=DataNode,name=JvmMetrics, ' +
        'Hadoop:service=DataNode,name=DataNodeInfo, Hadoop:service=DataNode,name=FSDatasetState, ' +
        'Hadoop:service=DataNode,name=DataNodeActivity-dn0001.smf1.example.com-9866 and 2 more ' +
        '(fetch /jmx?qry=Hadoop:service=NameNode,name=* from a NameNode)',
    );
  });

  it('refuses JSON that is not a /jmx document', () => {
    expect(parseErrorOf(() => parse('[{"hostName": "dn0001.smf1.example.com"}]')).message).toBe(
      '$: expected a JMX document {"beans" : [ ... ]} (is this the NameNode /jmx output?)',
    );
  });

  it('refuses a node list string that does not hold valid JSON, at the attribute\'s path', () => {
    const text = JMX.replace(/"LiveNodes" : "(.{200})[^\n]*",/, '"LiveNodes" : "$1",');
    const err = parseErrorOf(() => parse(text));
    expect(err.message).toBe('$.beans[0].LiveNodes: the string does not hold valid JSON (invalid JSON: the document ends early (truncated?) at column 179)');
    expect(err.jsonPath).toBe('$.beans[0].LiveNodes');
  });

  it('refuses a node list that is not a string', () => {
    const text = JMX.replace(/"DeadNodes" : "[^\n]*",/, '"DeadNodes" : { },');
    expect(parseErrorOf(() => parse(text)).message).toBe('$.beans[0].DeadNodes: expected a string holding a JSON map of nodes, got an object');
  });

  it('refuses a bean without LiveNodes', () => {
    const text = JMX.replace(/ *"LiveNodes" : "[^\n]*",\n/, '');
    expect(parseErrorOf(() => parse(text)).message).toBe('$.beans[0]: the Hadoop:service=NameNode,name=NameNodeInfo bean has no LiveNodes attribute');
  });

  it('refuses an unknown adminState wording, listing the accepted ones', () => {
    const text = JMX.replace('\\"adminState\\":\\"In Maintenance\\"', '\\"adminState\\":\\"Maintenance\\"');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      '$.beans[0].LiveNodes["dn0006.smf1.example.com:9866"].adminState: unknown admin state "Maintenance"; expected one of Normal, In Service, ' +
        'Decommission in progress, Decommission In Progress, Decommissioned, Entering maintenance, Entering Maintenance, In maintenance, In Maintenance',
    );
  });

  it('refuses a count that is not an integer, at the field\'s path', () => {
    const text = JMX.replace('\\"capacity\\":88000000000000', '\\"capacity\\":88000000000000.5');
    expect(parseErrorOf(() => parse(text)).message).toBe(
      '$.beans[0].LiveNodes["dn0002.smf1.example.com:9866"].capacity: expected an integer, got 88000000000000.5',
    );
  });

  it('refuses a map key without a port', () => {
    const text = JMX.replace('dn0018:9866', 'dn0018');
    expect(parseErrorOf(() => parse(text)).message).toBe('$.beans[0].LiveNodes.dn0018: node key: expected <host>:<port>, got "dn0018"');
  });
});

describe('parseHdfsJmx: random damage', () => {
  const lines = JMX.split('\n');
  const mutation = fc.oneof(
    fc.nat({ max: JMX.length }).map((n) => JMX.slice(0, n)),
    fc.nat({ max: lines.length - 1 }).map((i) => lines.filter((_, j) => j !== i).join('\n')),
    fc
      .tuple(fc.nat({ max: lines.length }), fc.string({ maxLength: 40 }))
      .map(([i, junk]) => [...lines.slice(0, i), junk, ...lines.slice(i)].join('\n')),
    // Damage inside the embedded node maps, which JSON.parse of the outer document does not see.
    fc
      .tuple(fc.nat({ max: 3000 }), fc.string({ maxLength: 3 }))
      .map(([i, junk]) => {
        const at = JMX.indexOf('"LiveNodes" : "') + 15 + i;
        return JMX.slice(0, at) + junk.replaceAll('\\', '').replaceAll('"', '') + JMX.slice(at + 1);
      }),
  );

  it('either parses or throws a ParseError, and never returns a row without a hostname', () => {
    fc.assert(
      fc.property(mutation, (text) => {
        let rows: HdfsDatanodeRow[];
        try {
          rows = parse(text);
        } catch (err) {
          if (err instanceof ParseError) return;
          throw err;
        }
        for (const row of rows) expect(row.hostname).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });
});
