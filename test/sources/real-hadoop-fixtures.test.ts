import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTruth, hadoopFixture } from '../helpers/hadoop-fixtures.js';
import { TestWorkspace } from '../helpers/import.js';

/**
 * The parsers on what a real Hadoop 3.4.1 printed (test/fixtures/hadoop-3.4.1,
 * taken from the mini cluster by npm run test:hadoop), row by row against
 * what the NameNode and ResourceManager held at that moment (truth.json):
 * DataNodes In Service, Decommission In Progress, Decommissioned, Entering
 * Maintenance, In Maintenance, dead, and an include entry that never
 * registered; NodeManagers RUNNING, DECOMMISSIONED and LOST.
 */

const ADMIN: Record<string, string> = {
  'In Service': 'in-service',
  'Decommission In Progress': 'decommissioning',
  Decommissioned: 'decommissioned',
  'Entering Maintenance': 'entering-maintenance',
  'In Maintenance': 'in-maintenance',
};

const truth = fixtureTruth();
let w: TestWorkspace;

beforeAll(async () => {
  w = new TestWorkspace(
    [
      'sources:',
      '  hdfs: { kind: hdfs-report, cluster: mini, path: inputs/dfsadmin-report.txt }',
      '  jmx: { kind: hdfs-jmx, cluster: mini, path: inputs/nn-jmx.json }',
      '  yarn: { kind: yarn-nodes, cluster: mini, path: inputs/yarn-node-list-all.txt }',
      '  rm: { kind: yarn-rest, cluster: mini, path: inputs/rm-nodes.json }',
      '',
    ].join('\n'),
    Object.fromEntries(['dfsadmin-report.txt', 'nn-jmx.json', 'yarn-node-list-all.txt', 'rm-nodes.json'].map((f) => [`inputs/${f}`, hadoopFixture(f)])),
  );
  const reports = await w.import();
  expect(reports.map((r) => `${r.source} ${r.status}`).sort()).toEqual(['hdfs ok', 'jmx ok', 'rm ok', 'yarn ok']);
});

afterAll(async () => {
  await w.close();
});

const expectedDatanodes = truth.datanodes
  .map((d) => ({
    hostname: d.hostname,
    ip: d.ip,
    xfer_port: d.xferPort,
    rack: d.registered ? d.rack : null,
    admin_state: ADMIN[d.adminState],
    live: d.live ? 1 : 0,
    registered: d.registered ? 1 : 0,
  }))
  .sort((a, b) => (a.hostname < b.hostname ? -1 : 1));

describe('real Hadoop 3.4.1 outputs parsed', () => {
  it('dfsadmin -report: every DataNode with its address, rack, admin state, liveness and registration', async () => {
    expect(await w.rows(`SELECT hostname, ip, xfer_port, rack, admin_state, live, registered FROM hdfs_datanodes WHERE source = 'hdfs' ORDER BY hostname`)).toEqual(expectedDatanodes);
  });

  it('NameNode JMX: the same, except that it cannot tell a never-registered include entry from a dead DataNode', async () => {
    const rows = await w.rows(`SELECT hostname, ip, xfer_port, rack, admin_state, live FROM hdfs_datanodes WHERE source = 'jmx' ORDER BY hostname`);
    expect(rows).toEqual(expectedDatanodes.map(({ registered: _, ...d }) => d));
  });

  it('yarn node -list -all and the RM REST API: every NodeManager entry with its state; REST with its rack', async () => {
    const expected = truth.nodemanagers.map((n) => ({ node_id: n.nodeId, hostname: n.hostname, state: n.state })).sort((a, b) => (a.node_id < b.node_id ? -1 : 1));
    expect(await w.rows(`SELECT node_id, hostname, state FROM yarn_nodes WHERE source = 'yarn' ORDER BY node_id`)).toEqual(expected);
    expect(await w.rows(`SELECT node_id, hostname, state FROM yarn_nodes WHERE source = 'rm' ORDER BY node_id`)).toEqual(expected);
    const racks = await w.rows(`SELECT node_id, rack FROM yarn_nodes WHERE source = 'rm' ORDER BY node_id`);
    expect(racks).toEqual(truth.nodemanagers.map((n) => ({ node_id: n.nodeId, rack: n.rack })).sort((a, b) => (a.node_id < b.node_id ? -1 : 1)));
  });
});
